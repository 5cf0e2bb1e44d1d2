package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NetworkPolicies: ingress denied to every pod of the release unless allowed, and for each
 * component exactly its peers: Sigstore clients to mirror-server, the API server to the webhook,
 * Prometheus to /metrics; egress to DNS, the API server, and the sync agent's source or the
 * webhook's registries.
 */
class NetworkPolicyIT {

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void aDefaultDenySelectsEveryPodAndEachComponentHasItsOwnPolicy(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    NetworkPolicy deny = chart.get(NetworkPolicy.class, "tm-trust-mirror-default-deny");
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(Pods.orEmpty(deny.getSpec().getIngress())).isEmpty();

    for (Deployment d : chart.all(Deployment.class)) {
      Map<String, String> pods = d.getSpec().getTemplate().getMetadata().getLabels();
      String name = d.getMetadata().getName();
      assertThat(Labels.selects(deny.getSpec().getPodSelector().getMatchLabels(), pods))
          .as(name)
          .isTrue();
      NetworkPolicy own = chart.get(NetworkPolicy.class, name);
      assertThat(own.getSpec().getPodSelector().getMatchLabels())
          .as(name)
          .isEqualTo(d.getSpec().getSelector().getMatchLabels());
      assertThat(own.getSpec().getPolicyTypes())
          .as(name)
          .containsExactlyInAnyOrder("Ingress", "Egress");
      Container c = Pods.main(d);
      for (NetworkPolicyIngressRule rule : own.getSpec().getIngress()) {
        for (NetworkPolicyPort port : rule.getPorts()) {
          assertThat(Pods.port(c, port.getPort().getStrVal()))
              .as("%s allows its port %s", name, port.getPort())
              .isPresent();
        }
      }
      assertThat(own.getSpec().getEgress())
          .as("%s resolves names", name)
          .anySatisfy(NetworkPolicyIT::isDns);
      assertThat(own.getSpec().getEgress())
          .as("%s reaches the API server", name)
          .anySatisfy(e -> assertThat(ports(e)).containsExactly("TCP/443", "TCP/6443"));
      assertThat(own.getSpec().getIngress())
          .as("%s lets the monitoring namespace scrape", name)
          .anySatisfy(
              r -> {
                assertThat(ports(r.getPorts())).containsExactly("TCP/metrics");
                assertThat(r.getFrom())
                    .singleElement()
                    .satisfies(
                        p ->
                            assertThat(p.getNamespaceSelector().getMatchLabels())
                                .containsExactly(
                                    Map.entry("kubernetes.io/metadata.name", "monitoring")));
              });
    }
  }

  @Test
  void mirrorServerTakesClientsFromTheWholeClusterAndTheWebhookTheApiServer() {
    RenderedChart chart = RenderedChart.of(ValueSet.DEFAULTS);

    NetworkPolicyIngressRule clients =
        ingressOn(
            chart.get(NetworkPolicy.class, RenderedChart.componentName("mirror-server")),
            "TCP/http");
    assertThat(clients.getFrom())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(p.getPodSelector()).isNull();
            });
    NetworkPolicy webhook = chart.get(NetworkPolicy.class, RenderedChart.componentName("webhook"));
    assertThat(Pods.orEmpty(ingressOn(webhook, "TCP/https").getFrom()))
        .as("the API server is no pod")
        .isEmpty();
    assertThat(webhook.getSpec().getEgress())
        .as("registries")
        .anySatisfy(
            e -> {
              assertThat(ports(e)).containsExactly("TCP/443");
              assertThat(Pods.orEmpty(e.getTo())).isEmpty();
            });

    NetworkPolicy mirrorTls =
        RenderedChart.of(ValueSet.CERT_MANAGER)
            .get(NetworkPolicy.class, RenderedChart.componentName("mirror-server"));
    assertThat(ingressOn(mirrorTls, "TCP/https")).isNotNull();
  }

  @Test
  void theSyncAgentReachesOnlyItsSourceOrItsProxy() {
    assertThat(sourceRules(ValueSet.DEFAULTS))
        .singleElement()
        .satisfies(e -> assertThat(Pods.orEmpty(e.getTo())).isEmpty());
    assertThat(sourceRules(ValueSet.GIT_SOURCE))
        .singleElement()
        .satisfies(e -> assertThat(ports(e)).containsExactly("TCP/443"));

    List<NetworkPolicyEgressRule> proxy = sourceRules(ValueSet.PROXY_SOURCE);
    assertThat(proxy)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(ports(e)).containsExactly("TCP/3128");
              assertThat(e.getTo())
                  .extracting(p -> p.getIpBlock().getCidr())
                  .containsExactly("10.20.0.5/32");
            });
    assertThat(egress(ValueSet.PROXY_SOURCE))
        .noneSatisfy(e -> assertThat(ports(e)).containsExactly("TCP/443"));

    assertThat(sourceRules(ValueSet.BUNDLE_SOURCE))
        .as("a mounted bundle needs no network")
        .isEmpty();
    assertThat(egress(ValueSet.BUNDLE_SOURCE))
        .anySatisfy(
            e -> {
              assertThat(ports(e)).containsExactly("TCP/443", "TCP/6443");
              assertThat(e.getTo())
                  .extracting(p -> p.getIpBlock().getCidr())
                  .containsExactly("10.96.0.1/32", "172.18.0.2/32");
            });
  }

  /** The sync agent's egress rules besides DNS and the API server. */
  private static List<NetworkPolicyEgressRule> sourceRules(ValueSet values) {
    return egress(values).stream()
        .filter(e -> !isDnsRule(e) && !ports(e).equals(List.of("TCP/443", "TCP/6443")))
        .toList();
  }

  private static List<NetworkPolicyEgressRule> egress(ValueSet values) {
    return RenderedChart.of(values)
        .get(NetworkPolicy.class, RenderedChart.componentName("sync-agent"))
        .getSpec()
        .getEgress();
  }

  private static NetworkPolicyIngressRule ingressOn(NetworkPolicy policy, String port) {
    return policy.getSpec().getIngress().stream()
        .filter(r -> ports(r.getPorts()).equals(List.of(port)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(policy.getMetadata().getName() + " has no ingress on " + port));
  }

  private static void isDns(NetworkPolicyEgressRule e) {
    assertThat(isDnsRule(e)).isTrue();
  }

  private static boolean isDnsRule(NetworkPolicyEgressRule e) {
    if (!ports(e).equals(List.of("UDP/53", "TCP/53")) || e.getTo().size() != 1) {
      return false;
    }
    NetworkPolicyPeer peer = e.getTo().get(0);
    return Map.of("kubernetes.io/metadata.name", "kube-system")
            .equals(peer.getNamespaceSelector().getMatchLabels())
        && Map.of("k8s-app", "kube-dns").equals(peer.getPodSelector().getMatchLabels());
  }

  private static List<String> ports(NetworkPolicyEgressRule e) {
    return ports(e.getPorts());
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return Pods.orEmpty(ports).stream()
        .map(
            p ->
                p.getProtocol()
                    + "/"
                    + (p.getPort().getStrVal() != null
                        ? p.getPort().getStrVal()
                        : p.getPort().getIntVal()))
        .toList();
  }
}
