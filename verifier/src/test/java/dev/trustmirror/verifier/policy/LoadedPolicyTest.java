package dev.trustmirror.verifier.policy;

import static dev.trustmirror.verifier.policy.PolicyDocuments.authority;
import static dev.trustmirror.verifier.policy.PolicyDocuments.minimalWith;
import static dev.trustmirror.verifier.policy.PolicyDocuments.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.Repository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A policy that does not parse is "not valid" with a reason, and still applies: fail closed. */
class LoadedPolicyTest {
  private static final Optional<Map<String, String>> ANY_NAMESPACE = Optional.of(Map.of());

  private static Optional<Repository> repo(String image) throws Exception {
    return Optional.of(ImageReference.parse(image).repository());
  }

  @Test
  void loadsAValidPolicyWithAReadyCondition() {
    LoadedPolicy loaded = LoadedPolicy.load(PolicyDocuments.fixture("full/policy.json"));

    assertThat(loaded).isInstanceOf(ImageTrustPolicy.class);
    PolicyCondition condition = loaded.condition();
    assertThat(condition.type()).isEqualTo("Ready");
    assertThat(condition.status()).isEqualTo("True");
    assertThat(condition.reason()).isEqualTo("Loaded");
    assertThat(condition.observedGeneration()).isEqualTo(4);
    assertThat(condition.isReady()).isTrue();
  }

  @Test
  void anInvalidPolicyKeepsTheScopeAndFailurePolicyThatRead() throws Exception {
    byte[] json =
        minimalWith(
            r -> {
              spec(r).put("failurePolicy", "Warn");
              authority(r).remove("keys");
              ObjectNode keyless = authority(r).putObject("keyless");
              keyless
                  .putArray("identities")
                  .addObject()
                  .put("issuer", "i")
                  .put("subjectRegExp", "(");
              spec(r).putArray("exclude").add("ghcr.io/acme/debug/**");
            });

    LoadedPolicy loaded = LoadedPolicy.load(json);

    assertThat(loaded).isInstanceOf(InvalidPolicy.class);
    InvalidPolicy invalid = (InvalidPolicy) loaded;
    assertThat(invalid.name()).isEqualTo("minimal");
    assertThat(invalid.generation()).isEqualTo(7);
    assertThat(invalid.rule()).isEqualTo(Rule.INVALID_REGEX);
    assertThat(invalid.field())
        .isEqualTo("spec.authorities[0].keyless.identities[0].subjectRegExp");
    assertThat(invalid.failurePolicy()).isEqualTo(FailurePolicy.WARN);
    assertThat(invalid.scope().covers(repo("ghcr.io/acme/app"), ANY_NAMESPACE)).isTrue();
    assertThat(invalid.scope().covers(repo("ghcr.io/acme/debug/x"), ANY_NAMESPACE)).isFalse();
    assertThat(invalid.scope().covers(repo("quay.io/other/app"), ANY_NAMESPACE)).isFalse();

    PolicyCondition condition = invalid.condition();
    assertThat(condition.status()).isEqualTo("False");
    assertThat(condition.reason()).isEqualTo("Invalid");
    assertThat(condition.message()).contains("subjectRegExp").contains("warns about");
    assertThat(condition.observedGeneration()).isEqualTo(7);
  }

  @Test
  void anUnreadableImagesListWidensTheScopeToEveryImage() throws Exception {
    LoadedPolicy loaded =
        LoadedPolicy.load(minimalWith(r -> spec(r).putArray("images").add("ghcr.io/[x]")));

    assertThat(loaded).isInstanceOf(InvalidPolicy.class);
    assertThat(loaded.scope().covers(repo("quay.io/anything/at-all"), ANY_NAMESPACE)).isTrue();
    assertThat(loaded.failurePolicy()).isEqualTo(FailurePolicy.BLOCK);
  }

  @Test
  void anUnreadableSelectorWidensToEveryNamespaceAndAnUnreadableFailurePolicyIsBlock()
      throws Exception {
    LoadedPolicy loaded =
        LoadedPolicy.load(
            minimalWith(
                r -> {
                  spec(r).put("failurePolicy", "Audit");
                  spec(r).putObject("namespaceSelector").put("matchLabels", "env=prod");
                }));

    assertThat(loaded.failurePolicy()).isEqualTo(FailurePolicy.BLOCK);
    assertThat(loaded.scope().namespaceSelector()).isEqualTo(LabelSelector.EVERYTHING);
    assertThat(loaded.scope().covers(repo("ghcr.io/acme/app"), Optional.of(Map.of("env", "dev"))))
        .isTrue();
  }

  @Test
  void aDocumentThatIsNotJsonCoversEverythingUnderBlock() throws Exception {
    LoadedPolicy loaded = LoadedPolicy.load("{not json".getBytes(StandardCharsets.UTF_8));

    assertThat(loaded).isInstanceOf(InvalidPolicy.class);
    assertThat(loaded.name()).isEqualTo("(unnamed)");
    assertThat(((InvalidPolicy) loaded).rule()).isEqualTo(Rule.NOT_JSON);
    assertThat(loaded.failurePolicy()).isEqualTo(FailurePolicy.BLOCK);
    assertThat(loaded.scope()).isEqualTo(PolicyScope.EVERYTHING);
    assertThat(loaded.scope().covers(repo("nginx"), ANY_NAMESPACE)).isTrue();
  }

  @Test
  void aBrokenFabric8ResourceKeepsItsName() throws Exception {
    GenericKubernetesResource resource =
        PolicyDocuments.JSON.readValue(
            minimalWith(r -> spec(r).put("ignoreTlog", "yes")), GenericKubernetesResource.class);

    LoadedPolicy loaded = LoadedPolicy.load(resource);

    assertThat(loaded).isInstanceOf(InvalidPolicy.class);
    assertThat(loaded.name()).isEqualTo("minimal");
    assertThat(((InvalidPolicy) loaded).field()).isEqualTo("spec.ignoreTlog");
    assertThat(((InvalidPolicy) loaded).rule()).isEqualTo(Rule.WRONG_TYPE);
  }

  @Test
  void capsConditionMessages() {
    PolicyCondition condition =
        new PolicyCondition("Ready", "False", "Invalid", "m".repeat(5000), 1);
    assertThat(condition.message()).hasSize(PolicyCondition.MAX_MESSAGE);
  }
}
