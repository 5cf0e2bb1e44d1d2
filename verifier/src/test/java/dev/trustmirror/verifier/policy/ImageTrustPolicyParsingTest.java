package dev.trustmirror.verifier.policy;

import static dev.trustmirror.verifier.policy.PolicyDocuments.authority;
import static dev.trustmirror.verifier.policy.PolicyDocuments.minimalWith;
import static dev.trustmirror.verifier.policy.PolicyDocuments.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageTrustPolicyParsingTest {

  @Test
  void readsEveryFieldOfTheCrd() throws Exception {
    ImageTrustPolicy policy = ImageTrustPolicy.parse(PolicyDocuments.fixture("full/policy.json"));

    assertThat(policy.name()).isEqualTo("prod-signed");
    assertThat(policy.generation()).isEqualTo(4);
    assertThat(policy.images())
        .extracting(ImageGlob::text)
        .containsExactly("registry.example/prod/**", "ghcr.io/acme/*");
    assertThat(policy.exclude())
        .extracting(ImageGlob::text)
        .containsExactly("registry.example/prod/debug/**");
    assertThat(policy.trustRootRef()).contains("sigstore-mirror");
    assertThat(policy.ignoreTlog()).isTrue();
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.WARN);

    Authority release = policy.authorities().get(0);
    assertThat(release.name()).isEqualTo("release");
    assertThat(release.isKeyless()).isFalse();
    assertThat(release.keys().get(0)).isInstanceOf(InlineKey.class);
    assertThat(release.keys().get(0).label()).isEqualTo("release/keys[0]");
    assertThat(release.keys().get(1))
        .isEqualTo(
            new SecretKeyRef(
                "release/keys[1]", "trust-mirror", "release-key-previous", "cosign.pub"));

    Authority ci = policy.authorities().get(1);
    assertThat(ci.isKeyless()).isTrue();
    assertThat(ci.identities())
        .containsExactly(
            new KeylessIdentity(
                IdentityMatcher.exact("https://token.actions.githubusercontent.com"),
                IdentityMatcher.regexp(
                    "https://github\\.com/acme/.+/\\.github/workflows/release\\.yml@refs/tags/v.*")),
            new KeylessIdentity(
                IdentityMatcher.regexp("https://accounts\\.example\\.(com|org)"),
                IdentityMatcher.exact("release@acme.example")));
  }

  @Test
  void appliesTheCrdDefaults() throws Exception {
    ImageTrustPolicy policy = ImageTrustPolicy.parse(minimalWith(root -> {}));

    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.BLOCK);
    assertThat(policy.ignoreTlog()).isFalse();
    assertThat(policy.trustRootRef()).isEmpty();
    assertThat(policy.exclude()).isEmpty();
    assertThat(policy.namespaceSelector()).isEqualTo(LabelSelector.EVERYTHING);
    assertThat(policy.authorities().get(0).name()).isEqualTo("authority 1");
    assertThat(policy.authorities().get(0).keys().get(0).label()).isEqualTo("authority 1/keys[0]");
  }

  @Test
  void readsAFabric8ResourceLikeItsJson() throws Exception {
    GenericKubernetesResource resource =
        PolicyDocuments.JSON.readValue(
            PolicyDocuments.fixture("full/policy.json"), GenericKubernetesResource.class);

    ImageTrustPolicy fromResource = ImageTrustPolicy.parse(resource);
    ImageTrustPolicy fromBytes =
        ImageTrustPolicy.parse(PolicyDocuments.fixture("full/policy.json"));

    assertThat(fromResource.name()).isEqualTo(fromBytes.name());
    assertThat(fromResource.generation()).isEqualTo(fromBytes.generation());
    assertThat(fromResource.scope()).isEqualTo(fromBytes.scope());
    assertThat(fromResource.authorities().get(1)).isEqualTo(fromBytes.authorities().get(1));
    assertThat(fromResource.failurePolicy()).isEqualTo(FailurePolicy.WARN);
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        // types
        broken(
            "images is a string",
            r -> spec(r).put("images", "ghcr.io/**"),
            Rule.WRONG_TYPE,
            "spec.images"),
        broken(
            "a glob is a number",
            r -> spec(r).putArray("images").add(1),
            Rule.WRONG_TYPE,
            "spec.images[0]"),
        broken(
            "ignoreTlog is a string",
            r -> spec(r).put("ignoreTlog", "true"),
            Rule.WRONG_TYPE,
            "spec.ignoreTlog"),
        broken(
            "trustRootRef is a number",
            r -> spec(r).put("trustRootRef", 5),
            Rule.WRONG_TYPE,
            "spec.trustRootRef"),
        broken(
            "authorities is an object",
            r -> spec(r).putObject("authorities"),
            Rule.WRONG_TYPE,
            "spec.authorities"),
        broken("spec is a list", r -> r.putArray("spec"), Rule.WRONG_TYPE, "spec"),
        broken(
            "a label value is a number",
            r -> spec(r).putObject("namespaceSelector").putObject("matchLabels").put("env", 5),
            Rule.WRONG_TYPE,
            "spec.namespaceSelector.matchLabels.env"),
        // unknown fields
        broken(
            "typo in spec",
            r -> spec(r).putArray("image").add("x/**"),
            Rule.UNKNOWN_FIELD,
            "spec.image"),
        broken("typo at the top", r -> r.putObject("specs"), Rule.UNKNOWN_FIELD, "specs"),
        broken(
            "policy-controller's key field",
            r -> authority(r).putObject("key"),
            Rule.UNKNOWN_FIELD,
            "spec.authorities[0].key"),
        broken(
            "unknown key member",
            r -> ((ObjectNode) authority(r).get("keys").get(0)).put("kms", "x"),
            Rule.UNKNOWN_FIELD,
            "spec.authorities[0].keys[0].kms"),
        // missing and empty
        broken("no spec", r -> r.remove("spec"), Rule.MISSING, "spec"),
        broken("null spec", r -> r.putNull("spec"), Rule.MISSING, "spec"),
        broken(
            "no name",
            r -> ((ObjectNode) r.get("metadata")).remove("name"),
            Rule.MISSING,
            "metadata.name"),
        broken("no images", r -> spec(r).remove("images"), Rule.MISSING, "spec.images"),
        broken("empty images", r -> spec(r).putArray("images"), Rule.EMPTY, "spec.images"),
        broken("empty glob", r -> spec(r).putArray("images").add(""), Rule.EMPTY, "spec.images[0]"),
        broken(
            "no authorities", r -> spec(r).remove("authorities"), Rule.MISSING, "spec.authorities"),
        broken(
            "empty authorities",
            r -> spec(r).putArray("authorities"),
            Rule.EMPTY,
            "spec.authorities"),
        broken(
            "authority without keys or keyless",
            r -> authority(r).remove("keys"),
            Rule.MISSING,
            "spec.authorities[0]"),
        broken(
            "empty keys",
            r -> authority(r).putArray("keys"),
            Rule.EMPTY,
            "spec.authorities[0].keys"),
        broken(
            "empty identities",
            r -> {
              authority(r).remove("keys");
              authority(r).putObject("keyless").putArray("identities");
            },
            Rule.EMPTY,
            "spec.authorities[0].keyless.identities"),
        broken(
            "identity without subject",
            r -> identity(r).remove("subject"),
            Rule.MISSING,
            "spec.authorities[0].keyless.identities[0]"),
        broken(
            "secretRef without namespace",
            r ->
                ((ObjectNode) authority(r).get("keys").get(0))
                    .removeAll()
                    .putObject("secretRef")
                    .put("name", "k"),
            Rule.MISSING,
            "spec.authorities[0].keys[0].secretRef.namespace"),
        // conflicts
        broken(
            "keys and keyless",
            r -> authority(r).putObject("keyless"),
            Rule.CONFLICT,
            "spec.authorities[0]"),
        broken(
            "data and secretRef",
            r -> ((ObjectNode) authority(r).get("keys").get(0)).putObject("secretRef"),
            Rule.CONFLICT,
            "spec.authorities[0].keys[0]"),
        broken(
            "issuer and issuerRegExp",
            r -> identity(r).put("issuerRegExp", ".*"),
            Rule.CONFLICT,
            "spec.authorities[0].keyless.identities[0]"),
        // values
        broken(
            "failurePolicy Deny",
            r -> spec(r).put("failurePolicy", "Deny"),
            Rule.INVALID_VALUE,
            "spec.failurePolicy"),
        broken(
            "failurePolicy in lowercase",
            r -> spec(r).put("failurePolicy", "block"),
            Rule.INVALID_VALUE,
            "spec.failurePolicy"),
        broken(
            "trustRootRef not a name",
            r -> spec(r).put("trustRootRef", "Not_A_Name"),
            Rule.INVALID_VALUE,
            "spec.trustRootRef"),
        broken(
            "secret name not a name",
            r ->
                ((ObjectNode) authority(r).get("keys").get(0))
                    .removeAll()
                    .putObject("secretRef")
                    .put("name", "../etc")
                    .put("namespace", "ns"),
            Rule.INVALID_VALUE,
            "spec.authorities[0].keys[0].secretRef.name"),
        broken(
            "unknown operator",
            r -> expression(r).put("operator", "Equals"),
            Rule.INVALID_VALUE,
            "spec.namespaceSelector.matchExpressions[0].operator"),
        broken(
            "In without values",
            r -> expression(r).put("operator", "In"),
            Rule.INVALID_SELECTOR,
            "spec.namespaceSelector.matchExpressions[0].values"),
        broken(
            "Exists with values",
            r -> expression(r).putArray("values").add("x"),
            Rule.INVALID_SELECTOR,
            "spec.namespaceSelector.matchExpressions[0].values"),
        broken(
            "label key with a space",
            r ->
                spec(r).putObject("namespaceSelector").putObject("matchLabels").put("bad key", "x"),
            Rule.INVALID_SELECTOR,
            "spec.namespaceSelector.matchLabels.bad key"),
        broken(
            "label value with a slash",
            r -> spec(r).putObject("namespaceSelector").putObject("matchLabels").put("env", "a/b"),
            Rule.INVALID_SELECTOR,
            "spec.namespaceSelector.matchLabels.env"),
        broken(
            "bad glob",
            r -> spec(r).putArray("images").add("ghcr.io/[a-z]"),
            Rule.INVALID_GLOB,
            "spec.images[0]"),
        broken(
            "bad exclude glob",
            r -> spec(r).putArray("exclude").add("ghcr.io/app:v1"),
            Rule.INVALID_GLOB,
            "spec.exclude[0]"),
        broken(
            "not a PEM key",
            r -> ((ObjectNode) authority(r).get("keys").get(0)).put("data", "ssh-ed25519 AAAA"),
            Rule.INVALID_KEY,
            "spec.authorities[0].keys[0].data"),
        broken(
            "a certificate, not a key",
            r ->
                ((ObjectNode) authority(r).get("keys").get(0))
                    .put("data", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
            Rule.INVALID_KEY,
            "spec.authorities[0].keys[0].data"),
        broken(
            "regexp that does not compile",
            r -> {
              ObjectNode id = identity(r);
              id.remove("subject");
              id.put("subjectRegExp", "(unclosed");
            },
            Rule.INVALID_REGEX,
            "spec.authorities[0].keyless.identities[0].subjectRegExp"),
        broken(
            "wrong kind",
            r -> r.put("kind", "ClusterImagePolicy"),
            Rule.WRONG_RESOURCE,
            "apiVersion"),
        broken(
            "wrong group",
            r -> r.put("apiVersion", "policy.sigstore.dev/v1beta1"),
            Rule.WRONG_RESOURCE,
            "apiVersion"),
        // sizes
        broken(
            "257 globs",
            r -> {
              ArrayNode a = spec(r).putArray("images");
              for (int i = 0; i < 257; i++) a.add("ghcr.io/a" + i + "/**");
            },
            Rule.TOO_LONG,
            "spec.images"),
        broken(
            "33 authorities",
            r -> {
              ArrayNode a = spec(r).putArray("authorities");
              for (int i = 0; i < 33; i++)
                a.addObject().putArray("keys").addObject().put("data", PolicyDocuments.PEM);
            },
            Rule.TOO_LONG,
            "spec.authorities"),
        broken(
            "65 identities",
            r -> {
              authority(r).remove("keys");
              ArrayNode a = authority(r).putObject("keyless").putArray("identities");
              for (int i = 0; i < 65; i++) a.addObject().put("issuer", "i").put("subject", "s");
            },
            Rule.TOO_LONG,
            "spec.authorities[0].keyless.identities"),
        broken(
            "authority name of 64 characters",
            r -> authority(r).put("name", "n".repeat(64)),
            Rule.TOO_LONG,
            "spec.authorities[0].name"),
        broken(
            "key of 16385 characters",
            r -> ((ObjectNode) authority(r).get("keys").get(0)).put("data", "k".repeat(16385)),
            Rule.TOO_LONG,
            "spec.authorities[0].keys[0].data"));
  }

  private static ObjectNode identity(ObjectNode root) {
    authority(root).remove("keys");
    ArrayNode identities = authority(root).putObject("keyless").putArray("identities");
    return identities
        .addObject()
        .put("issuer", "https://issuer.example")
        .put("subject", "me@example.com");
  }

  private static ObjectNode expression(ObjectNode root) {
    return spec(root)
        .putObject("namespaceSelector")
        .putArray("matchExpressions")
        .addObject()
        .put("key", "env")
        .put("operator", "Exists");
  }

  private static Arguments broken(
      String name, Consumer<ObjectNode> change, Rule rule, String field) {
    return Arguments.of(name, minimalWith(change), rule, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusesHostilePoliciesNamingRuleAndField(String name, byte[] json, Rule rule, String field) {
    assertThatThrownBy(() -> ImageTrustPolicy.parse(json))
        .isInstanceOfSatisfying(
            InvalidImageTrustPolicyException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  static Stream<Arguments> notPolicies() {
    String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
    return Stream.of(
        Arguments.of("not JSON", "spec: images", Rule.NOT_JSON),
        Arguments.of("a list", "[]", Rule.WRONG_TYPE),
        Arguments.of("a string", "\"policy\"", Rule.WRONG_TYPE),
        Arguments.of("empty", "", Rule.WRONG_TYPE),
        Arguments.of("two documents", "{} {}", Rule.NOT_JSON),
        Arguments.of("duplicate member", "{\"spec\":{},\"spec\":{}}", Rule.NOT_JSON),
        Arguments.of("nested 200 deep", "{\"status\":" + deep + "}", Rule.NOT_JSON),
        Arguments.of("truncated", "{\"apiVersion\":\"trust-mirror.dev/v1alpha1\",", Rule.NOT_JSON));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notPolicies")
  void refusesDocumentsThatAreNotOneJsonObject(String name, String text, Rule rule) {
    assertThatThrownBy(() -> ImageTrustPolicy.parse(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidImageTrustPolicyException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEmpty();
            });
  }

  @Test
  void refusesHugeDocumentsBeforeParsingThem() {
    byte[] huge =
        minimalWith(
            r -> r.putObject("status").put("padding", "x".repeat(PolicyJson.MAX_DOCUMENT_BYTES)));
    assertThatThrownBy(() -> ImageTrustPolicy.parse(huge))
        .isInstanceOfSatisfying(
            InvalidImageTrustPolicyException.class,
            e -> assertThat(e.rule()).isEqualTo(Rule.TOO_LARGE));
  }

  @Test
  void escapesControlCharactersOfHostileFieldNamesInMessages() {
    byte[] json = minimalWith(r -> spec(r).put("images\n[forged log line]", 1));
    assertThatThrownBy(() -> ImageTrustPolicy.parse(json))
        .isInstanceOfSatisfying(
            InvalidImageTrustPolicyException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.UNKNOWN_FIELD);
              assertThat(e.field()).isEqualTo("spec.images\n[forged log line]");
              assertThat(e.getMessage()).doesNotContain("\n");
            });
  }

  @Test
  void treatsNullOptionalMembersAsAbsent() throws Exception {
    ImageTrustPolicy policy =
        ImageTrustPolicy.parse(
            minimalWith(
                r -> spec(r).putNull("exclude").putNull("trustRootRef").putNull("failurePolicy")));
    assertThat(policy.exclude()).isEmpty();
    assertThat(policy.trustRootRef()).isEqualTo(Optional.empty());
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.BLOCK);
  }
}
