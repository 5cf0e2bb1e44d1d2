package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every object {@code helm template} renders, with every value set: read by fabric8's typed model
 * without a field it does not know, labelled, named and placed as Kubernetes and the chart's
 * conventions demand; and which objects each value set yields.
 */
class RenderedObjectsIT {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The kinds fabric8's model has no class for; everything else must parse into a typed class. */
  static final Set<String> GENERIC_KINDS =
      Set.of("PrometheusRule", "ServiceMonitor", "Certificate", "Issuer");

  static final Set<String> COMPONENTS =
      Set.of("sync-agent", "mirror-server", "webhook", "crds", "network", "monitoring", "trust");

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyObjectParsesIntoTheTypedModelWithoutUnknownFields(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);

    assertThat(chart.objects()).isNotEmpty();
    for (HasMetadata o : chart.objects()) {
      String what = o.getKind() + " " + o.getMetadata().getName();
      if (o instanceof GenericKubernetesResource) {
        assertThat(GENERIC_KINDS)
            .as("%s parsed only as a generic resource", what)
            .contains(o.getKind());
      } else {
        assertThat(UnknownFields.in(o)).as("fields of %s unknown to the model", what).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyObjectCarriesTheStandardLabels(ValueSet values) throws IOException {
    JsonNode chartYaml = YAML.readTree(ChartFiles.chart().resolve("Chart.yaml").toFile());
    String chartLabel = "trust-mirror-" + chartYaml.path("version").asText();
    String appVersion = chartYaml.path("appVersion").asText();

    for (HasMetadata o : RenderedChart.of(values).objects()) {
      String what = o.getKind() + " " + o.getMetadata().getName();
      assertThat(Labels.of(o))
          .as(what)
          .containsEntry(Labels.NAME, "trust-mirror")
          .containsEntry(Labels.INSTANCE, ValueSet.RELEASE)
          .containsEntry(Labels.MANAGED_BY, "Helm")
          .containsEntry(Labels.VERSION, appVersion)
          .containsEntry(Labels.CHART, chartLabel);
      assertThat(Labels.component(o))
          .as(what)
          .hasValueSatisfying(c -> assertThat(COMPONENTS).contains(c));
    }
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .as("pod labels of %s", d.getMetadata().getName())
          .containsAllEntriesOf(Labels.of(d));
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void namespacedObjectsAreInTheReleaseNamespaceAndNamesAreUniqueAndValid(ValueSet values) {
    Set<String> seen = new HashSet<>();
    for (HasMetadata o : RenderedChart.of(values).objects()) {
      String name = o.getMetadata().getName();
      String namespace = o.getMetadata().getNamespace();
      assertThat(seen.add(o.getKind() + "/" + namespace + "/" + name))
          .as("%s %s rendered twice", o.getKind(), name)
          .isTrue();
      assertThat(name)
          .as(o.getKind())
          .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
          .hasSizeLessThan(64);
      boolean eventsInDefault =
          (o instanceof Role || o instanceof RoleBinding) && name.endsWith("-events");
      if (eventsInDefault) {
        // Events about the cluster-scoped TrustRoot live in "default": see RbacIT
        assertThat(namespace).as(name).isEqualTo("default");
      } else if (o instanceof Namespaced || GENERIC_KINDS.contains(o.getKind())) {
        assertThat(namespace).as("%s %s", o.getKind(), name).isEqualTo(ValueSet.NAMESPACE);
      } else {
        assertThat(namespace).as("cluster-scoped %s %s", o.getKind(), name).isNull();
      }
    }
  }

  @Test
  void theDefaultsInstallAllThreeComponentsTheCrdsAndTheAlertsButNoServiceMonitors() {
    RenderedChart chart = RenderedChart.of(ValueSet.DEFAULTS);

    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            RenderedChart.componentName("sync-agent"),
            RenderedChart.componentName("mirror-server"),
            RenderedChart.componentName("webhook"));
    assertThat(kinds(chart))
        .contains(
            "CustomResourceDefinition",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "PrometheusRule",
            "PodDisruptionBudget",
            "NetworkPolicy")
        .doesNotContain("ServiceMonitor", "Certificate", "Issuer");
  }

  @Test
  void theMirrorAloneRendersOnlyTheMirrorItsAccessAndThePinnedRoot() {
    RenderedChart chart = RenderedChart.of(ValueSet.MIRROR_ONLY);

    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(RenderedChart.componentName("mirror-server"));
    assertThat(chart.objects())
        .allSatisfy(
            o ->
                assertThat(Labels.component(o))
                    .as("%s %s", o.getKind(), o.getMetadata().getName())
                    .hasValueSatisfying(
                        c -> assertThat(c).isIn("mirror-server", "network", "trust")));
    assertThat(kinds(chart))
        .doesNotContain(
            "CustomResourceDefinition",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "PrometheusRule",
            "Role",
            "Secret");
  }

  @Test
  void thePrometheusRuleIsSwitchedOffAndServiceMonitorsOn() {
    assertThat(kinds(RenderedChart.of(ValueSet.PROMETHEUS_RULE_OFF)))
        .doesNotContain("PrometheusRule", "ServiceMonitor")
        .contains("Deployment");

    RenderedChart withMonitors = RenderedChart.of(ValueSet.CERT_MANAGER);
    assertThat(withMonitors.generic("ServiceMonitor"))
        .extracting(m -> m.getMetadata().getName())
        .containsExactlyInAnyOrder(
            RenderedChart.componentName("sync-agent"),
            RenderedChart.componentName("mirror-server"),
            RenderedChart.componentName("webhook"));
    assertThat(withMonitors.generic("ServiceMonitor"))
        .allSatisfy(
            m -> assertThat(Labels.of(m)).containsEntry("release", "kube-prometheus-stack"));
  }

  @Test
  void thePrometheusRuleHoldsTheAlertRuleFileWithTheRunbookBase() throws IOException {
    GenericKubernetesResource rule =
        RenderedChart.of(ValueSet.DEFAULTS).generic("PrometheusRule").get(0);
    JsonNode rendered = RenderedChart.SERIALIZATION.convertValue(rule, JsonNode.class);
    JsonNode file =
        YAML.readTree(ChartFiles.chart().resolve("files/alerts/trust-mirror.rules.yaml").toFile());

    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rendered.path("spec")).isEqualTo(file);
  }

  @Test
  void theInlinePinnedRootIsStoredByteForByte() throws IOException {
    ConfigMap root =
        RenderedChart.of(ValueSet.DEFAULTS).get(ConfigMap.class, "tm-trust-mirror-pinned-root");

    byte[] stored = Base64.getDecoder().decode(root.getBinaryData().get("root.json"));

    assertThat(stored).isEqualTo(Files.readAllBytes(ChartFiles.pinnedRoot()));
    assertThat(root.getData()).isNullOrEmpty();
    assertThat(RenderedChart.of(ValueSet.EXISTING_SECRETS).all(ConfigMap.class)).isEmpty();
  }

  @Test
  void theUnknownFieldFinderFindsMisspeltAndMisplacedFields() {
    String hostile =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          selector:
            matchLabels: {app: d}
          template:
            metadata:
              labels: {app: d}
            spec:
              containers:
                - name: c
                  image: i
                  readinesProbe:
                    httpGet: {path: /readyz, port: 8080}
                  securityContext:
                    readOnlyRootFileSystem: true
          replica: 2
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: s
        spec:
          selector: {app: d}
          ports:
            - port: 80
        """;

    List<HasMetadata> objects = RenderedChart.parse(hostile);

    assertThat(objects).hasSize(2);
    assertThat(UnknownFields.in(objects.get(0)))
        .containsExactlyInAnyOrder(
            "spec.template.spec.containers[0].readinesProbe",
            "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem",
            "spec.replica");
    assertThat(UnknownFields.in(objects.get(1))).isEmpty();
  }

  @Test
  void aDocumentThatIsNoKubernetesObjectFailsTheParse() {
    assertThatThrownBy(() -> RenderedChart.parse("- just\n- a list\n"))
        .isInstanceOf(AssertionError.class);
    assertThat(RenderedChart.parse("# only a comment\n---\n\n---\n")).isEmpty();
    assertThat(
            RenderedChart.parse(
                "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\nspec: {a: 1}\n"))
        .singleElement()
        .isInstanceOf(GenericKubernetesResource.class);
  }

  private static List<String> kinds(RenderedChart chart) {
    return chart.objects().stream().map(HasMetadata::getKind).distinct().toList();
  }
}
