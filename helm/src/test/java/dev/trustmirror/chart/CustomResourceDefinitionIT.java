package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CRDs: ImageTrustPolicy with the whole policy in its schema (what the API server refuses
 * before the webhook ever sees it), and policy-controller's TrustRoot, installed only when the
 * cluster does not serve it already. Both survive {@code helm uninstall}.
 */
class CustomResourceDefinitionIT {
  static final String POLICY_CRD = "imagetrustpolicies.trust-mirror.dev";
  static final String TRUST_ROOT_CRD = "trustroots.policy.sigstore.dev";

  @Test
  void imageTrustPolicyIsAClusterScopedTypeWithStatusAndPrinterColumnsKeptOnUninstall() {
    CustomResourceDefinition crd =
        RenderedChart.of(ValueSet.DEFAULTS).get(CustomResourceDefinition.class, POLICY_CRD);

    assertThat(crd.getSpec().getGroup()).isEqualTo("trust-mirror.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("ImageTrustPolicy");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("imagetrustpolicies");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("itp");
    assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    assertThat(v.getName()).isEqualTo("v1alpha1");
    assertThat(v.getServed()).isTrue();
    assertThat(v.getStorage()).isTrue();
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getAdditionalPrinterColumns())
        .extracting(
            CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Failure-Policy", ".spec.failurePolicy"),
            org.assertj.core.groups.Tuple.tuple("Trust-Root", ".spec.trustRootRef"),
            org.assertj.core.groups.Tuple.tuple(
                "Ready", ".status.conditions[?(@.type==\"Ready\")].status"));
  }

  @Test
  void theImageTrustPolicySchemaHoldsEveryFieldOfThePolicy() {
    JSONSchemaProps spec = policySchema().getProperties().get("spec");

    assertThat(spec.getRequired()).containsExactlyInAnyOrder("images", "authorities");
    assertThat(spec.getProperties().keySet())
        .containsExactlyInAnyOrder(
            "images",
            "exclude",
            "authorities",
            "trustRootRef",
            "ignoreTlog",
            "failurePolicy",
            "namespaceSelector");
    assertThat(spec.getProperties().get("images").getMinItems()).isEqualTo(1L);
    assertThat(spec.getProperties().get("images").getItems().getSchema().getType())
        .isEqualTo("string");
    assertThat(spec.getProperties().get("exclude").getItems().getSchema().getType())
        .isEqualTo("string");
    assertThat(spec.getProperties().get("trustRootRef").getType()).isEqualTo("string");
    JSONSchemaProps ignoreTlog = spec.getProperties().get("ignoreTlog");
    assertThat(ignoreTlog.getType()).isEqualTo("boolean");
    assertThat(ignoreTlog.getDefault().asBoolean()).isFalse();
    JSONSchemaProps failurePolicy = spec.getProperties().get("failurePolicy");
    assertThat(failurePolicy.getEnum())
        .extracting(e -> e.asText())
        .containsExactly("Block", "Warn");
    assertThat(failurePolicy.getDefault().asText()).isEqualTo("Block");
    assertThat(spec.getProperties().get("namespaceSelector").getProperties().keySet())
        .containsExactlyInAnyOrder("matchLabels", "matchExpressions");
    assertThat(
            spec.getProperties()
                .get("namespaceSelector")
                .getProperties()
                .get("matchExpressions")
                .getItems()
                .getSchema()
                .getProperties()
                .get("operator")
                .getEnum())
        .extracting(e -> e.asText())
        .containsExactly("In", "NotIn", "Exists", "DoesNotExist");
  }

  @Test
  void anAuthorityIsEitherKeysOrKeylessIdentitiesAndTheApiServerChecksIt() {
    JSONSchemaProps authority =
        policySchema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("authorities")
            .getItems()
            .getSchema();
    JSONSchemaProps key = authority.getProperties().get("keys").getItems().getSchema();
    JSONSchemaProps identity =
        authority
            .getProperties()
            .get("keyless")
            .getProperties()
            .get("identities")
            .getItems()
            .getSchema();

    assertThat(authority.getProperties().keySet())
        .containsExactlyInAnyOrder("name", "keys", "keyless");
    assertThat(rules(authority)).containsExactly("has(self.keys) != has(self.keyless)");
    assertThat(key.getProperties().keySet()).containsExactlyInAnyOrder("data", "secretRef");
    assertThat(key.getProperties().get("secretRef").getProperties().keySet())
        .containsExactlyInAnyOrder("name", "namespace", "key");
    assertThat(rules(key)).containsExactly("has(self.data) != has(self.secretRef)");
    assertThat(identity.getProperties().keySet())
        .containsExactlyInAnyOrder("issuer", "issuerRegExp", "subject", "subjectRegExp");
    assertThat(rules(identity))
        .containsExactly(
            "has(self.issuer) != has(self.issuerRegExp)",
            "has(self.subject) != has(self.subjectRegExp)");
  }

  @Test
  void policyStatusHasConditionsKeyedByType() {
    JSONSchemaProps status = policySchema().getProperties().get("status");
    JSONSchemaProps conditions = status.getProperties().get("conditions");

    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    assertThat(conditions.getItems().getSchema().getRequired()).containsExactly("type", "status");
    assertThat(conditions.getItems().getSchema().getProperties().keySet())
        .contains(
            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
  }

  @Test
  void theTrustRootCrdIsInstalledOnlyWhenTheClusterDoesNotServeTrustRootsAlready()
      throws Exception {
    assertThat(trustRootCrd(ValueSet.DEFAULTS)).isPresent();
    assertThat(trustRootCrd(ValueSet.POLICY_CONTROLLER_PRESENT))
        .as("policy-controller brings its own")
        .isEmpty();
    assertThat(trustRootCrd(ValueSet.MIRROR_ONLY)).as("crds.trustRoot.install: false").isEmpty();

    List<String> forced =
        new ArrayList<>(List.of("template", ValueSet.RELEASE, ChartFiles.chart().toString()));
    forced.addAll(ValueSet.POLICY_CONTROLLER_PRESENT.helmArgs());
    forced.addAll(List.of("--set", "crds.trustRoot.install=true"));
    Helm.Result r = Helm.run(forced);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(RenderedChart.parse(r.stdout()))
        .filteredOn(o -> o instanceof CustomResourceDefinition)
        .extracting(o -> o.getMetadata().getName())
        .contains(TRUST_ROOT_CRD);
  }

  @Test
  void theTrustRootCrdHasTheFieldsTheSyncAgentWritesAndPolicyControllerReads() {
    CustomResourceDefinition crd = trustRootCrd(ValueSet.DEFAULTS).orElseThrow();
    CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
    JSONSchemaProps spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");

    assertThat(crd.getSpec().getGroup()).isEqualTo("policy.sigstore.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("TrustRoot");
    assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(v.getName()).isEqualTo("v1alpha1");
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(spec.getProperties().keySet())
        .containsExactlyInAnyOrder("remote", "repository", "sigstoreKeys");
    assertThat(spec.getProperties().get("repository").getProperties().keySet())
        .containsExactlyInAnyOrder("root", "mirrorFS", "targets", "trustedRootTarget");
    assertThat(spec.getProperties().get("sigstoreKeys").getProperties().keySet())
        .containsExactlyInAnyOrder(
            "certificateAuthorities", "ctLogs", "tLogs", "timestampAuthorities");
    JSONSchemaProps condition =
        v.getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("conditions")
            .getItems()
            .getSchema();
    assertThat(condition.getProperties().keySet())
        .contains(
            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
  }

  private static JSONSchemaProps policySchema() {
    return RenderedChart.of(ValueSet.DEFAULTS)
        .get(CustomResourceDefinition.class, POLICY_CRD)
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema();
  }

  private static Optional<CustomResourceDefinition> trustRootCrd(ValueSet values) {
    return RenderedChart.of(values).find(CustomResourceDefinition.class, TRUST_ROOT_CRD);
  }

  private static List<String> rules(JSONSchemaProps schema) {
    return Pods.orEmpty(schema.getXKubernetesValidations()).stream()
        .map(ValidationRule::getRule)
        .toList();
  }
}
