package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.DigestMismatchException;
import dev.trustmirror.verifier.registry.ManifestContent;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.sigstore.Reason;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.TimeSource;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reviews, policies, trust roots and verdicts for the admission tests. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");

  /**
   * The testkit's private Sigstore's trusted root: a real one, never consulted by fake checkers.
   */
  static final TrustedRoot TRUSTED_ROOT = trustedRoot();

  static final TrustRoots DEFAULT_ROOT =
      ref ->
          ref.isEmpty() || ref.get().equals("mirror")
              ? Optional.of(TRUSTED_ROOT)
              : Optional.empty();

  static final String PEM =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExjKFseyxm7kUcBCwE5gyjYTHWrpI\n"
          + "aYO2A95XCP8BNHbggrxl43/yXOwK0UiGc4iyoxfze9JCo9/pkhsPVszWnw==\n"
          + "-----END PUBLIC KEY-----\n";

  private Fixtures() {}

  private static TrustedRoot trustedRoot() {
    try {
      return TrustedRoot.parse(
          SigstoreFixtures.create(11, NOW).trustedRoot().toBytes(), "testkit trusted root");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes of {@code reviews/<name>}. */
  static byte[] review(String name) {
    try (InputStream in =
        Fixtures.class.getResourceAsStream("/dev/trustmirror/verifier/admission/reviews/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode reviewTree(String name) {
    try {
      return (ObjectNode) JSON.readTree(review(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A policy: {@code failurePolicy} over {@code images}, one keyless authority, default trust root.
   */
  static LoadedPolicy policy(String name, String failurePolicy, String... images) {
    return policy(name, failurePolicy, spec -> {}, images);
  }

  static LoadedPolicy policy(
      String name, String failurePolicy, Consumer<ObjectNode> change, String... images) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "trust-mirror.dev/v1alpha1");
    root.put("kind", "ImageTrustPolicy");
    root.putObject("metadata").put("name", name).put("generation", 1);
    ObjectNode spec = root.putObject("spec");
    ArrayNode globs = spec.putArray("images");
    for (String image : images) {
      globs.add(image);
    }
    spec.put("failurePolicy", failurePolicy);
    spec.putArray("authorities")
        .addObject()
        .put("name", "ci")
        .putObject("keyless")
        .putArray("identities")
        .addObject()
        .put("issuer", "https://token.actions.githubusercontent.com")
        .put("subjectRegExp", "https://github\\.com/acme/.*");
    change.accept(spec);
    return LoadedPolicy.load(bytes(root));
  }

  static PolicySet policies(LoadedPolicy... policies) {
    return PolicySet.of(List.of(policies));
  }

  /** A fixed digest per name: {@code sha256(name)}. */
  static Digest digest(String name) {
    return Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
  }

  static Verdict verified(Digest image) {
    return new Verdict(
        image,
        Optional.of(
            new Verdict.Match(
                1,
                "keyless issuer=https://token.actions.githubusercontent.com/subject~...",
                "https://token.actions.githubusercontent.com/https://github.com/acme/app",
                NOW,
                TimeSource.TLOG)),
        List.of());
  }

  static Verdict refused(Digest image, String... messages) {
    return new Verdict(
        image,
        Optional.empty(),
        java.util.Arrays.stream(messages)
            .map(m -> new Reason(1, Optional.of("key 1"), RefusalCode.SIGNATURE_INVALID, m))
            .toList());
  }

  /** A real registry refusal: content that does not hash to the digest asked for. */
  static RegistryRefusalException digestMismatch() {
    try {
      ManifestContent.of(
          digest("asked"),
          "{}".getBytes(StandardCharsets.UTF_8),
          Optional.empty(),
          "https://registry.example/v2/shop/web/manifests/1.4.2",
          4096);
    } catch (DigestMismatchException e) {
      return e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("the content matched");
  }
}
