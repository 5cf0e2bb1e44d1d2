package dev.trustmirror.verifier.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.InvalidDigestException;
import dev.trustmirror.verifier.sigstore.CosignLayer;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The admission logic over the real signature verifier: cosign signatures made by the testkit's
 * private Sigstore, verified by {@link SignatureVerifier} through an {@link ImageChecker} that
 * looks them up in memory instead of a registry. Shows that a policy's authorities reach the
 * verifier as one policy in which any key (rotation) or identity passes, and that the digest pinned
 * is the digest whose signature verified.
 */
class RealSignaturesTest {
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(23, SigstoreFixtures.DEFAULT_TIME);
  private static final Clock LATER =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)), ZoneOffset.UTC);
  private static final String ISSUER = "https://accounts.example.com";
  private static final String EMAIL = "release@acme.example";
  private static final SigningKey OLD_KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  private static final SigningKey NEW_KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  private static final SigningKey STRANGER = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  private static final ExecutorService EXECUTOR = CheckExecutors.bounded(4, 64);

  /** The "registry": per repository, the digest its tag resolves to and its signatures. */
  private final Map<String, SignedImage> images = new ConcurrentHashMap<>();

  private final Map<String, List<SignatureLayer>> signatures = new ConcurrentHashMap<>();

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  private static SignedImage image(String repository) {
    return SignedImage.ofManifest(
        repository,
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"annotations\":{\"repo\":\""
                + repository
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8));
  }

  private void push(String repository, SignatureLayer... layers) {
    images.put(repository, image(repository));
    signatures.put(repository, List.of(layers));
  }

  private ImageChecker checker() {
    return request -> {
      String repository = request.image().repository().toString();
      SignedImage image = images.get(repository);
      Digest digest;
      try {
        digest = request.image().digest().orElse(Digest.parse(image.digest()));
      } catch (InvalidDigestException e) {
        throw new IllegalStateException(e);
      }
      List<CosignLayer> layers =
          signatures.get(repository).stream()
              .map(l -> new CosignLayer(l.payload(), l.annotations()))
              .toList();
      return SignatureVerifier.create(request.policy(), LATER).verifyCosign(digest, layers);
    };
  }

  private static LoadedPolicy policy() {
    return Fixtures.policy(
        "release",
        "Block",
        spec -> {
          ArrayNode authorities = spec.putArray("authorities");
          ArrayNode keys = authorities.addObject().put("name", "release-keys").putArray("keys");
          keys.addObject().put("data", OLD_KEY.publicKeyPem());
          keys.addObject().put("data", NEW_KEY.publicKeyPem());
          authorities
              .addObject()
              .put("name", "ci")
              .putObject("keyless")
              .putArray("identities")
              .addObject()
              .put("issuer", ISSUER)
              .put("subject", EMAIL);
        },
        "ghcr.io/acme/**");
  }

  private AdmissionWebhook webhook() {
    TrustedRoot root;
    try {
      root = TrustedRoot.parse(SIGSTORE.trustedRoot().toBytes(), "testkit trusted root");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    TrustedRoot trusted = root;
    AdmissionDecider decider =
        AdmissionDecider.create(
            checker(),
            ref -> Optional.of(trusted),
            KeySecrets.none(),
            EXECUTOR,
            Ticker.systemTicker());
    return AdmissionWebhook.create(
        decider,
        () -> PolicySet.of(List.of(policy())),
        ns -> Optional.of(Map.of()),
        WebhookSettings.DEFAULTS,
        LATER);
  }

  private static byte[] pod(String... images) {
    ObjectNode review = Fixtures.reviewTree("pod-create.json");
    ObjectNode spec = (ObjectNode) review.at("/request/object/spec");
    spec.remove("initContainers");
    ArrayNode containers = spec.putArray("containers");
    for (int i = 0; i < images.length; i++) {
      containers.addObject().put("name", "c" + i).put("image", images[i]);
    }
    return Fixtures.bytes(review);
  }

  @Test
  void anImageSignedWithTheRotatedKeyIsAdmittedAndPinnedToTheVerifiedDigest() {
    push(
        "ghcr.io/acme/app", SIGSTORE.cosign().keyBasedWithTlog(image("ghcr.io/acme/app"), NEW_KEY));

    WebhookReply reply = webhook().mutate(pod("ghcr.io/acme/app:1.0"));

    JsonNode response = Fixtures.tree(reply.body()).get("response");
    assertThat(response.get("allowed").booleanValue()).as(reply.summary()).isTrue();
    PolicyResult result = reply.decision().orElseThrow().images().get(0).results().get(0);
    assertThat(result.status()).isEqualTo(CheckStatus.VERIFIED);
    assertThat(result.verdict().orElseThrow().match().orElseThrow().authority()).isEqualTo("key 2");
    JsonNode object =
        JsonPatch.apply(
            Fixtures.tree(pod("ghcr.io/acme/app:1.0")).at("/request/object"),
            Base64.getDecoder().decode(response.get("patch").textValue()));
    assertThat(object.at("/spec/containers/0/image").textValue())
        .isEqualTo("ghcr.io/acme/app@" + images.get("ghcr.io/acme/app").digest());
  }

  @Test
  void anImageSignedByAKeylessIdentityOfTheOtherAuthorityIsAdmitted() {
    SignedImage image = image("ghcr.io/acme/tool");
    push(
        "ghcr.io/acme/tool",
        SIGSTORE
            .cosign()
            .keyless(
                image, SIGSTORE.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER))));

    WebhookReply reply = webhook().validate(pod("ghcr.io/acme/tool:2"));

    assertThat(reply.outcome()).as(reply.summary()).isEqualTo(ReviewOutcome.ALLOWED);
    assertThat(
            reply
                .decision()
                .orElseThrow()
                .images()
                .get(0)
                .results()
                .get(0)
                .verdict()
                .orElseThrow()
                .match()
                .orElseThrow()
                .authority())
        .startsWith("keyless");
  }

  @Test
  void anImageSignedByAnUnknownKeyIsDeniedWithTheVerifiersReasons() {
    push(
        "ghcr.io/acme/app",
        SIGSTORE.cosign().keyBasedWithTlog(image("ghcr.io/acme/app"), STRANGER));

    WebhookReply reply = webhook().validate(pod("ghcr.io/acme/app:1.0"));

    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.DENIED);
    String message = Fixtures.tree(reply.body()).at("/response/status/message").textValue();
    assertThat(message)
        .contains("container \"c0\" image \"ghcr.io/acme/app:1.0\"")
        .contains("policy \"release\" (Block): not verified")
        .contains("key 1")
        .contains("key 2")
        .contains("keyless");
  }
}
