package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each component's ServiceAccount gets exactly the rules its code needs, no more: written out here
 * rule by rule (group, resource, names, verbs), and checked for every value set to hold no wildcard
 * and no verb that could escalate.
 */
class RbacIT {
  static final String SYNC = RenderedChart.componentName("sync-agent");
  static final String MIRROR = RenderedChart.componentName("mirror-server");
  static final String WEBHOOK = RenderedChart.componentName("webhook");
  static final String TRUST_ROOT = "tm-trust-mirror";

  /** One rule as a line: {@code group resource [names] verbs}. */
  static List<String> rules(List<PolicyRule> rules) {
    List<String> lines = new ArrayList<>();
    for (PolicyRule r : rules) {
      for (String group : r.getApiGroups()) {
        for (String resource : r.getResources()) {
          lines.add(
              (group.isEmpty() ? "core" : group)
                  + " "
                  + resource
                  + " "
                  + Pods.orEmpty(r.getResourceNames())
                  + " "
                  + r.getVerbs());
        }
      }
    }
    return lines;
  }

  @Test
  void theSyncAgentWritesOnlyItsTrustRootItsLeaseAndEvents() {
    RenderedChart chart = RenderedChart.of(ValueSet.DEFAULTS);

    assertThat(rules(chart.get(ClusterRole.class, SYNC).getRules()))
        .containsExactlyInAnyOrder(
            "policy.sigstore.dev trustroots [] [create]",
            "policy.sigstore.dev trustroots [" + TRUST_ROOT + "] [get, update, patch]",
            "policy.sigstore.dev trustroots/status [" + TRUST_ROOT + "] [get, update, patch]");
    Role lease = chart.get(Role.class, SYNC + "-lease");
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(ValueSet.NAMESPACE);
    assertThat(rules(lease.getRules()))
        .containsExactlyInAnyOrder(
            "coordination.k8s.io leases [] [create]",
            "coordination.k8s.io leases [" + SYNC + "] [get, patch]");
    Role events = chart.get(Role.class, SYNC + "-events");
    assertThat(events.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(rules(events.getRules()))
        .containsExactly("core events [] [create, get, update, patch]");
  }

  @Test
  void aSingleSyncAgentWithoutLeaderElectionGetsNoLease() {
    RenderedChart chart = RenderedChart.of(ValueSet.PROXY_SOURCE);

    assertThat(chart.find(Role.class, SYNC + "-lease")).isEmpty();
    assertThat(chart.find(RoleBinding.class, SYNC + "-lease")).isEmpty();
    assertThat(chart.find(ClusterRole.class, SYNC)).isPresent();
  }

  @Test
  void mirrorServerReadsOnlyTheTrustRootItServes() {
    assertThat(rules(RenderedChart.of(ValueSet.DEFAULTS).get(ClusterRole.class, MIRROR).getRules()))
        .containsExactly("policy.sigstore.dev trustroots [" + TRUST_ROOT + "] [get, list, watch]");
    assertThat(
            rules(
                RenderedChart.of(ValueSet.EXISTING_SECRETS)
                    .get(ClusterRole.class, MIRROR)
                    .getRules()))
        .containsExactly(
            "policy.sigstore.dev trustroots [sigstore-public-good] [get, list, watch]");
    assertThat(
            rules(
                RenderedChart.of(ValueSet.EXISTING_SECRETS)
                    .get(ClusterRole.class, SYNC)
                    .getRules()))
        .contains("policy.sigstore.dev trustroots [sigstore-public-good] [get, update, patch]");
  }

  @Test
  void theWebhookReadsPoliciesTrustRootsAndPullSecretsAndWritesPolicyStatusAndEvents() {
    assertThat(
            rules(RenderedChart.of(ValueSet.DEFAULTS).get(ClusterRole.class, WEBHOOK).getRules()))
        .containsExactlyInAnyOrder(
            "policy.sigstore.dev trustroots [] [get, list, watch]",
            "policy.sigstore.dev trustroots/status [] [get, update]",
            "trust-mirror.dev imagetrustpolicies [] [get, list, watch]",
            "trust-mirror.dev imagetrustpolicies/status [] [update]",
            "core events [] [create, get, update]",
            "core namespaces [] [get, list, watch]",
            "core secrets [] [get]",
            "core serviceaccounts [] [get]");
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void noRuleHasAWildcardOrAVerbThatEscalates(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    List<PolicyRule> all = new ArrayList<>();
    chart.all(ClusterRole.class).forEach(r -> all.addAll(r.getRules()));
    chart.all(Role.class).forEach(r -> all.addAll(r.getRules()));
    Set<String> allowed = Set.of("get", "list", "watch", "create", "update", "patch");
    for (PolicyRule r : all) {
      assertThat(Pods.orEmpty(r.getNonResourceURLs())).as(r.toString()).isEmpty();
      assertThat(r.getApiGroups()).as(r.toString()).doesNotContain("*");
      assertThat(r.getResources()).as(r.toString()).noneMatch(s -> s.contains("*"));
      assertThat(Pods.orEmpty(r.getResourceNames()))
          .as(r.toString())
          .noneMatch(s -> s.contains("*"));
      assertThat(allowed).as(r.toString()).containsAll(r.getVerbs());
    }
    for (ClusterRole r : chart.all(ClusterRole.class)) {
      assertThat(r.getAggregationRule()).as(r.getMetadata().getName()).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyBindingGivesItsComponentsRoleToItsComponentsServiceAccountOnly(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    List<Binding> bindings = new ArrayList<>();
    chart
        .all(ClusterRoleBinding.class)
        .forEach(b -> bindings.add(new Binding(b, b.getRoleRef(), b.getSubjects())));
    chart
        .all(RoleBinding.class)
        .forEach(b -> bindings.add(new Binding(b, b.getRoleRef(), b.getSubjects())));
    for (Binding b : bindings) {
      String name = b.object().getMetadata().getName();
      String component = Labels.component(b.object()).orElseThrow();
      HasMetadata role =
          b.roleRef().getKind().equals("ClusterRole")
              ? chart.get(ClusterRole.class, b.roleRef().getName())
              : chart.all(Role.class).stream()
                  .filter(r -> r.getMetadata().getName().equals(b.roleRef().getName()))
                  .filter(
                      r ->
                          r.getMetadata()
                              .getNamespace()
                              .equals(b.object().getMetadata().getNamespace()))
                  .findFirst()
                  .orElseThrow(
                      () -> new AssertionError(name + " binds a Role that is not rendered"));
      assertThat(Labels.component(role)).as(name).contains(component);
      assertThat(b.subjects())
          .as(name)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getNamespace()).isEqualTo(ValueSet.NAMESPACE);
                assertThat(s.getName()).isEqualTo(RenderedChart.componentName(component));
              });
      assertThat(chart.find(ServiceAccount.class, RenderedChart.componentName(component)))
          .as(name)
          .isPresent();
    }
    for (Deployment d : chart.all(Deployment.class)) {
      String account = Pods.spec(d).getServiceAccountName();
      assertThat(chart.find(ServiceAccount.class, account)).as(account).isPresent();
      assertThat(bindings)
          .as("%s is bound to its rules", account)
          .anySatisfy(b -> assertThat(b.subjects().get(0).getName()).isEqualTo(account));
    }
  }

  record Binding(HasMetadata object, RoleRef roleRef, List<Subject> subjects) {}
}
