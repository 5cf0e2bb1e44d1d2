package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Generating policy-controller's TrustRoot from a verified repository. */
class TrustRootResourcesTest {
  static final VerifiedRepository REPO = TestRepositories.history08();
  static final byte[] PIN = TestRepositories.history08Root();

  static GeneratedTrustRoot generate(TrustRootForm form) throws Exception {
    return TrustRootResources.generate("sigstore", form, REPO, PIN);
  }

  @Test
  void repositoryFormHasPolicyControllersShapeAndOurAnnotations() throws Exception {
    GenericKubernetesResource r = generate(TrustRootForm.REPOSITORY).resource();
    assertThat(r.getApiVersion()).isEqualTo("policy.sigstore.dev/v1alpha1");
    assertThat(r.getKind()).isEqualTo("TrustRoot");
    assertThat(r.getMetadata().getName()).isEqualTo("sigstore");
    assertThat(r.getMetadata().getNamespace()).as("cluster-scoped").isNull();
    assertThat(r.getMetadata().getLabels())
        .isEqualTo(Map.of("app.kubernetes.io/managed-by", "trust-mirror"));
    assertThat(r.getMetadata().getAnnotations())
        .isEqualTo(
            Map.of(
                "trust-mirror.dev/verified-at", "2026-08-21T20:25:56Z",
                "trust-mirror.dev/timestamp-version", "762",
                "trust-mirror.dev/content-hash", REPO.contentHash()));
    ObjectNode tree = Resources.JSON.valueToTree(r);
    JsonNode spec = tree.get("spec");
    assertThat(spec.size()).isEqualTo(1);
    JsonNode repository = spec.get("repository");
    assertThat(Resources.decode(repository.get("root"))).isEqualTo(PIN);
    assertThat(repository.get("targets").asText()).isEqualTo("targets");
    assertThat(repository.get("trustedRootTarget").asText()).isEqualTo("trusted_root.json");
    assertThat(repository.size()).isEqualTo(4);
  }

  @Test
  void mirrorFsHoldsEveryPathUnderRepositoryAsPlainFilesWithFixedTimes() throws Exception {
    JsonNode repository = Resources.repository(Resources.tree(generate(TrustRootForm.REPOSITORY)));
    Map<String, Resources.Entry> entries =
        Resources.readWithCommonsCompress(Resources.decode(repository.get("mirrorFS")));
    Map<Boolean, List<String>> padding =
        entries.keySet().stream()
            .collect(
                Collectors.partitioningBy(n -> n.startsWith("repository/.trust-mirror-padding/")));
    assertThat(padding.get(false))
        .containsExactlyInAnyOrderElementsOf(
            REPO.paths().stream().map(p -> "repository/" + p).toList());
    for (String path : REPO.paths()) {
      Resources.Entry e = entries.get("repository/" + path);
      assertThat(e.regularFile()).as(path).isTrue();
      assertThat(e.mode()).as(path).isEqualTo(0644);
      assertThat(e.mtime()).as(path).isZero();
      assertThat(e.bytes()).as(path).isEqualTo(REPO.bytes(path));
    }
    for (String pad : padding.get(true)) {
      assertThat(entries.get(pad).bytes()).as(pad).containsOnly(0);
    }
  }

  @Test
  void sameRepositoryGivesTheSameBytesEveryTime() throws Exception {
    VerifiedRepository again = TestRepositories.history08Again();
    for (TrustRootForm form : TrustRootForm.values()) {
      GeneratedTrustRoot first = generate(form);
      GeneratedTrustRoot second = TrustRootResources.generate("sigstore", form, again, PIN);
      assertThat(second.yaml()).as(form.name()).isEqualTo(first.yaml());
      assertThat(second.json()).as(form.name()).isEqualTo(first.json());
      // and from the resource object, e.g. one read back from the API
      assertThat(TrustRootSerialization.yaml(first.resource())).isEqualTo(first.yaml());
    }
  }

  @Test
  void yamlAndJsonCarryTheSameResourceWithSortedKeys() throws Exception {
    GeneratedTrustRoot g = generate(TrustRootForm.REPOSITORY);
    JsonNode fromYaml = new YAMLMapper().readTree(g.yaml());
    JsonNode fromJson = Resources.JSON.readTree(g.json());
    assertThat(fromYaml).isEqualTo(fromJson);
    assertThat(Resources.utf8(g.yaml()))
        .startsWith("apiVersion: \"policy.sigstore.dev/v1alpha1\"\nkind: \"TrustRoot\"\nmetadata:")
        .contains("trust-mirror.dev/timestamp-version: \"762\"")
        .endsWith("\n");
    assertThat(Resources.utf8(g.json())).startsWith("{\n  \"apiVersion\": ").endsWith("}\n");
  }

  @Test
  void reportsItsCompactJsonSizeWithinTheBudget() throws Exception {
    GeneratedTrustRoot g = generate(TrustRootForm.REPOSITORY);
    assertThat(g.size())
        .isEqualTo(TrustRootSerialization.compactJson(g.resource()).length)
        .isLessThan((int) TrustRootResources.SIZE_BUDGET_BYTES);
    assertThat(g.notes()).isEmpty();
    assertThat(g.form()).isEqualTo(TrustRootForm.REPOSITORY);
  }

  @Test
  void refusesARepositoryOverTheBudgetAndSaysHowLarge() throws Exception {
    byte[] noise = new byte[900 * 1024];
    new Random(4).nextBytes(noise); // incompressible: the archive stays as large
    RepoBuilder builder =
        RepoBuilder.create(TestRepositories.GENERATED_AT).addOrChangeTarget("big.bin", noise);
    VerifiedRepository big = TestRepositories.generated(builder);
    byte[] root = TestRepositories.rootOf(builder);
    assertThatThrownBy(
            () -> TrustRootResources.generate("big", TrustRootForm.REPOSITORY, big, root))
        .isInstanceOfSatisfying(
            TrustRootTooLargeException.class,
            e -> {
              assertThat(e.size()).isGreaterThan(1_048_576L).isLessThan(1_400_000L);
              assertThat(e.budget()).isEqualTo(1_048_576L);
              assertThat(e.form()).isEqualTo(TrustRootForm.REPOSITORY);
              assertThat(e.name()).isEqualTo("big");
              assertThat(e.getMessage()).contains(String.valueOf(e.size()), "--form sigstoreKeys");
            });
    // The keys alone fit.
    assertThat(TrustRootResources.generate("big", TrustRootForm.SIGSTORE_KEYS, big, root).size())
        .isLessThan(2_000);
  }

  @Test
  void refusesNamesTheApiServerWouldRefuse() {
    for (String bad :
        List.of("Sigstore", "-sigstore", "sigstore-", "a/b", "a_b", "", "x".repeat(254))) {
      assertThatThrownBy(() -> TrustRootResources.requireName(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    TrustRootResources.requireName("sigstore.public-good-2");
  }
}
