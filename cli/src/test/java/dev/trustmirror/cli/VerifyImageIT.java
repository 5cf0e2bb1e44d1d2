package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedIndex;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-mirror verify image}, the packaged jar in its own JVM, against a real
 * docker-registry on 127.0.0.1 holding images signed in cosign's formats by the testkit's private
 * Sigstore (and the real cosign data): every positive case of the issue, and the refusals a user
 * meets first.
 */
class VerifyImageIT {
  private static final String ISSUER = "https://accounts.example.com";
  private static final String EMAIL = "dev@example.com";
  private static final Instant SIGNED = SigstoreFixtures.DEFAULT_TIME;

  /** A day after signing: the 10-minute certificates have long expired. */
  private static final String LATER = SIGNED.plus(Duration.ofDays(1)).toString();

  private static final SigstoreFixtures SIGSTORE = SigstoreFixtures.create(31, SIGNED);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static DockerRegistry registry;
  private static RegistryWriter writer;
  private static Path trustedRoot;
  private static FulcioCertificate certificate;
  private static SigningKey key;
  private static Path keyFile;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    writer = registry.writer();
    trustedRoot = SIGSTORE.trustedRoot().writeTo(dir.resolve("trusted_root.json"));
    certificate = SIGSTORE.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER));
    key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    keyFile = writeKey("cosign.pub", key);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Path writeKey(String name, SigningKey signingKey) throws IOException {
    return Files.writeString(
        dir.resolve(name), signingKey.publicKeyPem(), StandardCharsets.US_ASCII);
  }

  private static String ref(String rest) {
    return registry.host() + "/" + rest;
  }

  private static SignedImage signed(String path, String digest) {
    return new SignedImage(ref(path), digest);
  }

  /** Pushes an image tagged v1 and its cosign signature layers made by {@code sign}. */
  private static PushedImage push(
      String path, java.util.function.Function<SignedImage, SignatureLayer> sign)
      throws IOException {
    PushedImage image = writer.pushRandomImage(path, "v1");
    VerifyImages.pushCosign(
        writer,
        path,
        image.manifest().digest(),
        List.of(sign.apply(signed(path, image.manifest().digest()))));
    return image;
  }

  /** {@code verify image REF --insecure-registry HOST --trusted-root FILE ARGS...}. */
  private static VerifyJar verify(String reference, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "verify",
                "image",
                reference,
                "--insecure-registry",
                registry.host(),
                "--trusted-root",
                trustedRoot.toString()));
    all.addAll(List.of(args));
    return VerifyJar.run(all.toArray(String[]::new));
  }

  private static String[] keyless(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("--certificate-identity", EMAIL, "--certificate-oidc-issuer", ISSUER));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void verifiesAKeyBasedSignatureAndPrintsOneLine() {
    PushedImage image;
    try {
      image = push("cli/key", i -> SIGSTORE.cosign().keyBasedWithTlog(i, key));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    VerifyJar run = verify(ref("cli/key:v1"), "--key", keyFile.toString(), "--time", LATER);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines())
        .singleElement()
        .asString()
        .startsWith("VERIFIED " + ref("cli/key:v1") + "@" + image.manifest().digest() + ":")
        .contains("signature 1 by key 1, signer cosign.pub sha256:")
        .contains("signed " + SIGNED + " (time from the transparency log)");
  }

  @Test
  void verifiesWithARotatedKeyListAndRefusesWhenTheSigningKeyIsNoLongerListed() throws IOException {
    SigningKey old = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SigningKey next = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    Path oldFile = writeKey("2025.pub", old);
    Path nextFile = writeKey("2026.pub", next);
    push("cli/rotate-old", i -> SIGSTORE.cosign().keyBasedWithTlog(i, old));
    push("cli/rotate-new", i -> SIGSTORE.cosign().keyBasedWithTlog(i, next));

    VerifyJar bothListed =
        verify(ref("cli/rotate-old:v1"), "--key", oldFile.toString(), "--key", nextFile.toString());
    VerifyJar newListed = verify(ref("cli/rotate-new:v1"), "--key", nextFile.toString());
    VerifyJar oldDropped = verify(ref("cli/rotate-old:v1"), "--key", nextFile.toString());

    assertThat(bothListed.exitCode()).as(bothListed.toString()).isZero();
    assertThat(bothListed.out()).contains("by key 1, signer 2025.pub");
    assertThat(newListed.exitCode()).as(newListed.toString()).isZero();
    assertThat(newListed.out()).contains("by key 1, signer 2026.pub");
    assertThat(oldDropped.exitCode()).as(oldDropped.toString()).isEqualTo(1);
    assertThat(oldDropped.out())
        .startsWith("REFUSED " + ref("cli/rotate-old:v1"))
        .contains("signature 1, key 1: ")
        .contains("[SIGNATURE_INVALID]");
  }

  @Test
  void verifiesAKeylessSignatureByExactAndRegexpIdentity() throws IOException {
    push("cli/keyless", i -> SIGSTORE.cosign().keyless(i, certificate));

    VerifyJar exact = verify(ref("cli/keyless:v1"), keyless("--time", LATER));
    VerifyJar regexp =
        verify(
            ref("cli/keyless:v1"),
            "--certificate-identity-regexp",
            ".*@example\\.com",
            "--certificate-oidc-issuer-regexp",
            "https://accounts\\..*",
            "--time",
            LATER);
    VerifyJar wrongIdentity =
        verify(
            ref("cli/keyless:v1"),
            "--certificate-identity",
            "mallory@example.com",
            "--certificate-oidc-issuer",
            ISSUER,
            "--time",
            LATER);

    assertThat(exact.exitCode()).as(exact.toString()).isZero();
    assertThat(exact.out())
        .contains("by keyless issuer=" + ISSUER + "/subject=" + EMAIL)
        .contains("(time from the transparency log)");
    assertThat(regexp.exitCode()).as(regexp.toString()).isZero();
    assertThat(regexp.out()).contains("by keyless issuer~https://accounts");
    assertThat(wrongIdentity.exitCode()).as(wrongIdentity.toString()).isEqualTo(1);
    assertThat(wrongIdentity.out()).contains("[SUBJECT_MISMATCH]");
  }

  @Test
  void verifiesKeylessWithoutTheLogByItsTimestampAndRefusesWithoutOne() throws IOException {
    push("cli/tsa", i -> SIGSTORE.cosign().keylessWithoutTlog(i, certificate, true));
    push("cli/no-tsa", i -> SIGSTORE.cosign().keylessWithoutTlog(i, certificate, false));

    VerifyJar timestamped = verify(ref("cli/tsa:v1"), keyless("--ignore-tlog", "--time", LATER));
    VerifyJar logRequired = verify(ref("cli/tsa:v1"), keyless("--time", LATER));
    VerifyJar expired = verify(ref("cli/no-tsa:v1"), keyless("--ignore-tlog", "--time", LATER));

    assertThat(timestamped.exitCode()).as(timestamped.toString()).isZero();
    assertThat(timestamped.out()).contains("(time from an RFC 3161 timestamp)");
    assertThat(logRequired.exitCode()).isEqualTo(1);
    assertThat(logRequired.out()).contains("[TLOG_ENTRY_MISSING]");
    assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(1);
    assertThat(expired.out()).contains("[CERTIFICATE_NOT_VALID_NOW]").contains("cosign");
  }

  @Test
  void verifiesABundleAttachedAsReferrer() throws IOException {
    PushedImage image = writer.pushRandomImage("cli/bundle", "v1");
    VerifyImages.pushBundle(
        writer,
        "cli/bundle",
        image.manifest(),
        SIGSTORE
            .bundles()
            .messageSignature(signed("cli/bundle", image.manifest().digest()), certificate));

    VerifyJar run = verify(ref("cli/bundle:v1"), keyless("--time", LATER));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("signature 1 by keyless issuer=");
  }

  @Test
  void verifiesTheIndexOfAMultiArchImage() throws IOException {
    PushedIndex index = writer.pushMultiArchIndex("cli/multi", "v1");
    VerifyImages.pushCosign(
        writer,
        "cli/multi",
        index.index().digest(),
        List.of(
            SIGSTORE.cosign().keyBasedWithTlog(signed("cli/multi", index.index().digest()), key)));

    VerifyJar run = verify(ref("cli/multi:v1"), "--key", keyFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("@" + index.index().digest() + ":");
  }

  @Test
  void printsTheVerdictAsJson() throws IOException {
    PushedImage image = push("cli/json", i -> SIGSTORE.cosign().keyless(i, certificate));

    VerifyJar verified = verify(ref("cli/json:v1"), keyless("--time", LATER, "-o", "json"));
    VerifyJar refused = verify(ref("cli/json:v1"), "--key", keyFile.toString(), "-o", "json");

    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    JsonNode json = JSON.readTree(verified.out());
    assertThat(json.path("outcome").asText()).isEqualTo("verified");
    assertThat(json.path("verified").asBoolean()).isTrue();
    assertThat(json.path("digest").asText()).isEqualTo(image.manifest().digest());
    assertThat(json.path("reference").asText()).isEqualTo(ref("cli/json:v1"));
    assertThat(json.path("match").path("authority").asText())
        .isEqualTo("keyless issuer=" + ISSUER + "/subject=" + EMAIL);
    assertThat(json.path("match").path("signer").asText()).contains(EMAIL);
    assertThat(json.path("match").path("signingTime").asText()).isEqualTo(SIGNED.toString());
    assertThat(json.path("match").path("timeSource").asText()).isEqualTo("tlog");
    assertThat(json.path("trustedRoot").path("identity").asText())
        .isEqualTo(RegistryWriter.sha256(Files.readAllBytes(trustedRoot)));
    assertThat(json.path("policy").asText()).startsWith("sha256:");

    assertThat(refused.exitCode()).isEqualTo(1);
    JsonNode no = JSON.readTree(refused.out());
    assertThat(no.path("outcome").asText()).isEqualTo("refused");
    assertThat(no.path("reasons").get(0).path("code").asText()).isEqualTo("SIGNATURE_INVALID");
    assertThat(no.path("reasons").get(0).path("authority").asText()).isEqualTo("key 1");
    assertThat(no.path("reasons").get(0).path("signature").asInt()).isEqualTo(1);
  }

  @Test
  void refusesAnImageWithoutSignature() throws IOException {
    writer.pushRandomImage("cli/unsigned", "v1");

    VerifyJar run = verify(ref("cli/unsigned:v1"), "--key", keyFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .contains("(1 reason)")
        .contains("has no signature")
        .contains("[NO_SIGNATURE]");
  }

  @Test
  void refusesASignatureCopiedFromAnotherImage() throws IOException {
    PushedImage other = writer.pushRandomImage("cli/copied", "other");
    SignatureLayer copied =
        SIGSTORE.cosign().keyBasedWithTlog(signed("cli/copied", other.manifest().digest()), key);
    push("cli/copied", i -> copied);

    VerifyJar run = verify(ref("cli/copied:v1"), "--key", keyFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("[PAYLOAD_DIGEST_MISMATCH]");
  }

  /** The real cosign key-based signature of the cosign-real data, and its real trusted root. */
  @Test
  void verifiesTheRealCosignKeyBasedSignatureAgainstTheRealTrustedRoot() throws IOException {
    Path fixture = cosignReal().resolve("dir-img-cosign-key-rekor-valid");
    String digest =
        VerifyImages.storeManifest(
            registry, "cli/real", Files.readAllBytes(fixture.resolve("manifest.json")));
    VerifyImages.pushCosign(
        writer, "cli/real", digest, List.of(realLayer(fixture.resolve("signature-1"))));
    Path realRoot;
    try (Stream<Path> targets =
        Files.list(SigstoreTestData.historyPoint(2).directory().resolve("targets"))) {
      realRoot =
          targets
              .filter(p -> p.getFileName().toString().endsWith(".trusted_root.json"))
              .findFirst()
              .orElseThrow();
    }
    String reference = ref("cli/real@" + digest);
    String[] common = {
      "verify",
      "image",
      reference,
      "--insecure-registry",
      registry.host(),
      "--trusted-root",
      realRoot.toString(),
      "--time",
      "2025-02-04T00:00:00Z"
    };

    VerifyJar signer =
        VerifyJar.run(concat(common, "--key", cosignReal().resolve("cosign2.pub").toString()));
    VerifyJar otherKey =
        VerifyJar.run(concat(common, "--key", cosignReal().resolve("cosign.pub").toString()));

    assertThat(signer.exitCode()).as(signer.toString()).isZero();
    assertThat(signer.out())
        .contains("by key 1, signer cosign2.pub")
        .contains("signed 2023-01-20T21:57:39Z (time from the transparency log)");
    assertThat(otherKey.exitCode()).as(otherKey.toString()).isEqualTo(1);
    assertThat(otherKey.out()).contains("[SIGNATURE_INVALID]");
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static Path cosignReal() {
    return SigstoreTestData.root().getParent().resolve("cosign-real");
  }

  /** A containers/image signature file ({@code \0sigstore-json\n} + JSON) as a layer. */
  private static SignatureLayer realLayer(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode json = JSON.readTree(java.util.Arrays.copyOfRange(bytes, 15, bytes.length));
    java.util.Map<String, String> annotations = new java.util.TreeMap<>();
    json.path("annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new SignatureLayer(
        json.path("mimeType").asText(),
        Base64.getDecoder().decode(json.path("payload").asText()),
        annotations);
  }

  /** {@code --repo DIR}: the trusted root of a repository synced and published by {@code sync}. */
  @Test
  void verifiesWithTheTrustedRootOfASyncedRepository() throws IOException {
    push("cli/repo", i -> SIGSTORE.cosign().keyBasedWithTlog(i, key));
    Instant now = Instant.parse("2025-06-02T12:00:00Z");
    Path upstream = dir.resolve("upstream");
    RepoBuilder.create(now)
        .addOrChangeTarget("trusted_root.json", Files.readAllBytes(trustedRoot))
        .writePublished(upstream);
    Path out = dir.resolve("published");
    VerifyJar sync =
        VerifyJar.run(
            "sync",
            "--source",
            upstream.toString(),
            "--root",
            upstream.resolve("1.root.json").toString(),
            "--out",
            out.toString(),
            "--time",
            now.toString());
    assertThat(sync.exitCode()).as(sync.toString()).isZero();

    VerifyJar run =
        VerifyJar.run(
            "verify",
            "image",
            ref("cli/repo:v1"),
            "--insecure-registry",
            registry.host(),
            "--repo",
            out.toString(),
            "--key",
            keyFile.toString(),
            "-o",
            "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(JSON.readTree(run.out()).path("trustedRoot").path("origin").asText())
        .contains("trusted_root.json of the verified repository");
  }
}
