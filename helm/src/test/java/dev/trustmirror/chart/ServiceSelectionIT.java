package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Services, PodDisruptionBudgets and ServiceMonitors reach real pods: each selects the pods of
 * exactly one rendered Deployment, and every port it names is a port those pods declare.
 */
class ServiceSelectionIT {

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyServiceSelectsTheNamedPortsOfExactlyOneDeployment(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    assertThat(chart.all(Service.class)).hasSameSizeAs(chart.all(Deployment.class));
    for (Service s : chart.all(Service.class)) {
      String name = s.getMetadata().getName();
      Deployment target =
          onlyDeploymentSelectedBy(chart, s.getSpec().getSelector(), "Service " + name);
      assertThat(target.getMetadata().getName())
          .as("Service %s is named after its Deployment", name)
          .isEqualTo(name);
      Container c = Pods.main(target);
      for (ServicePort p : s.getSpec().getPorts()) {
        String port = p.getTargetPort().getStrVal();
        assertThat(port).as("Service %s targets ports by name", name).isNotNull();
        assertThat(Pods.port(c, port)).as("Service %s port %s", name, port).isPresent();
        assertThat(p.getName()).as(name).isEqualTo(port);
      }
      assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName).contains("metrics");
    }
  }

  @Test
  void theServicePortsAreHttpHttpsOrTheConfiguredOnes() {
    RenderedChart defaults = RenderedChart.of(ValueSet.DEFAULTS);
    assertThat(ports(defaults.get(Service.class, RenderedChart.componentName("mirror-server"))))
        .containsExactly(Map.entry("http", 80), Map.entry("metrics", 9090));
    assertThat(ports(defaults.get(Service.class, RenderedChart.componentName("webhook"))))
        .containsExactly(Map.entry("https", 443), Map.entry("metrics", 9090));
    assertThat(ports(defaults.get(Service.class, RenderedChart.componentName("sync-agent"))))
        .containsExactly(Map.entry("metrics", 9090));

    RenderedChart tls = RenderedChart.of(ValueSet.CERT_MANAGER);
    assertThat(ports(tls.get(Service.class, RenderedChart.componentName("mirror-server"))))
        .containsExactly(Map.entry("https", 443), Map.entry("metrics", 9090));
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyDisruptionBudgetProtectsOneDeploymentThatItLeavesAPodRunning(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    List<PodDisruptionBudget> budgets = chart.all(PodDisruptionBudget.class);
    assertThat(budgets)
        .extracting(b -> b.getMetadata().getName())
        .contains(RenderedChart.componentName("mirror-server"));
    for (PodDisruptionBudget b : budgets) {
      String name = b.getMetadata().getName();
      Deployment d =
          onlyDeploymentSelectedBy(
              chart, b.getSpec().getSelector().getMatchLabels(), "PodDisruptionBudget " + name);
      assertThat(b.getSpec().getMaxUnavailable().getIntVal())
          .as("%s leaves at least one of %d replicas running", name, d.getSpec().getReplicas())
          .isLessThan(d.getSpec().getReplicas());
    }
  }

  @Test
  void everyServiceMonitorScrapesTheMetricsPortOfARenderedService() {
    RenderedChart chart = RenderedChart.of(ValueSet.CERT_MANAGER);
    List<GenericKubernetesResource> monitors = chart.generic("ServiceMonitor");
    assertThat(monitors).hasSize(3);
    for (GenericKubernetesResource m : monitors) {
      Map<String, String> selector = m.get("spec", "selector", "matchLabels");
      List<Service> selected =
          chart.all(Service.class).stream()
              .filter(s -> Labels.selects(selector, Labels.of(s)))
              .toList();
      assertThat(selected).as(m.getMetadata().getName()).hasSize(1);
      List<Map<String, Object>> endpoints = m.get("spec", "endpoints");
      assertThat(endpoints)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e).containsEntry("port", "metrics").containsEntry("path", "/metrics");
              });
      assertThat(selected.get(0).getSpec().getPorts())
          .extracting(ServicePort::getName)
          .contains("metrics");
      assertThat(m.<List<String>>get("spec", "namespaceSelector", "matchNames"))
          .containsExactly(ValueSet.NAMESPACE);
    }
  }

  private static Deployment onlyDeploymentSelectedBy(
      RenderedChart chart, Map<String, String> selector, String what) {
    List<Deployment> selected =
        chart.all(Deployment.class).stream()
            .filter(
                d -> Labels.selects(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
            .toList();
    assertThat(selected).as("%s selects the pods of exactly one Deployment", what).hasSize(1);
    Deployment d = selected.get(0);
    assertThat(d.getSpec().getSelector().getMatchLabels()).as(what).isEqualTo(selector);
    return d;
  }

  private static List<Map.Entry<String, Integer>> ports(Service s) {
    return s.getSpec().getPorts().stream().map(p -> Map.entry(p.getName(), p.getPort())).toList();
  }
}
