package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.trust.TrustedRoot;
import dev.trustmirror.verifier.trust.TrustedRootLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real cosign signatures of {@code shared/testdata/cosign-real} (containers/image's fixtures)
 * and the real trusted root of Sigstore's TUF repository at a history point, verified by our TUF
 * client.
 */
final class RealData {
  /** A time when every real signature's log entry exists and the data is usable: 2025-02-03. */
  static final Instant NOW = Instant.parse("2025-02-04T00:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Signed by mitr@redhat.com at 2023-01-20T20:51:33Z (Rekor integrated time). */
  static final String KEYLESS = "dir-img-cosign-fulcio-rekor-valid";

  static final String KEY_REKOR = "dir-img-cosign-key-rekor-valid";
  static final String KEY_NO_REKOR = "dir-img-cosign-valid";
  static final String MIXED = "dir-img-cosign-mixed";
  static final String MODIFIED_MANIFEST = "dir-img-cosign-modified-manifest";
  static final String DIGEST_ERROR = "dir-img-cosign-manifest-digest-error";

  static final String EMAIL = "mitr@redhat.com";
  static final String ISSUER = "https://github.com/login/oauth";

  private static final byte[] PREFIX = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TrustedRoot trustedRoot;

  private RealData() {}

  static Path cosignReal() {
    return SigstoreTestData.root().getParent().resolve("cosign-real");
  }

  /** The digest of the image manifest of a fixture directory. */
  static Digest manifestDigest(String fixture) {
    return Digest.sha256(read(cosignReal().resolve(fixture).resolve("manifest.json")));
  }

  /** The signature layers of a fixture, in file order (signature-1, signature-2...). */
  static List<CosignLayer> layers(String fixture) {
    try (Stream<Path> files = Files.list(cosignReal().resolve(fixture))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("signature-"))
          .sorted()
          .map(p -> layer(read(p)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A containers/image signature file as a layer. */
  static CosignLayer layer(byte[] file) {
    if (!Arrays.equals(Arrays.copyOf(file, PREFIX.length), PREFIX)) {
      throw new IllegalArgumentException("not a containers/image signature");
    }
    try {
      JsonNode json = JSON.readTree(Arrays.copyOfRange(file, PREFIX.length, file.length));
      Map<String, String> annotations = new TreeMap<>();
      json.get("annotations")
          .properties()
          .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
      return new CosignLayer(Base64.getDecoder().decode(json.get("payload").asText()), annotations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PEM public key of the fixtures ({@code cosign.pub}, {@code cosign2.pub}). */
  static VerificationKey key(String file) {
    try {
      return VerificationKey.parse(read(cosignReal().resolve(file)), file);
    } catch (InvalidPolicyException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The real {@code trusted_root.json} of history point 02 (2025-02-03), from the repository our
   * TUF client verified at that time.
   */
  static synchronized TrustedRoot trustedRoot() {
    if (trustedRoot == null) {
      try {
        trustedRoot = TrustedRootLoader.fromRepository(verifiedHistoryPoint(2));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return trustedRoot;
  }

  /** History point {@code number}, verified by the TUF client from its first root. */
  static VerifiedRepository verifiedHistoryPoint(int number) throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(number);
    Map<String, byte[]> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(point.directory())) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(point.directory().relativize(p).toString().replace('\\', '/'), read(p));
      }
    }
    return new TufUpdater(
            InMemorySource.of("history " + number, files),
            Clock.fixed(point.validAt(), ZoneOffset.UTC),
            Limits.defaults())
        .update(TrustState.pin(files.get("1.root.json")))
        .repository()
        .orElseThrow();
  }

  static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
