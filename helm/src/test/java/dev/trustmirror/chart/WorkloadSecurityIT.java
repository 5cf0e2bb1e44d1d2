package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every pod of every value set meets the restricted Pod Security Standard, has requests and limits,
 * probes on ports it declares, a heap cap below its memory limit, writable space only in emptyDirs,
 * and replicas spread over nodes.
 */
class WorkloadSecurityIT {
  static final long NON_ROOT = 65532;
  static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kmg])", Pattern.CASE_INSENSITIVE);

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyPodAndContainerHasTheRestrictedSecurityContext(ValueSet values) {
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      String name = d.getMetadata().getName();
      PodSpec pod = Pods.spec(d);
      PodSecurityContext podContext = pod.getSecurityContext();
      assertThat(podContext.getRunAsNonRoot()).as(name).isTrue();
      assertThat(podContext.getRunAsUser()).as(name).isEqualTo(NON_ROOT);
      assertThat(podContext.getRunAsGroup()).as(name).isEqualTo(NON_ROOT);
      assertThat(podContext.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
      assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).as(name).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostIPC()).as(name).isNotEqualTo(Boolean.TRUE);
      assertThat(Pods.orEmpty(pod.getVolumes()))
          .as("%s mounts nothing of the node", name)
          .allSatisfy(v -> assertThat(v.getHostPath()).isNull());

      for (Container c : Pods.containers(d)) {
        String what = name + "/" + c.getName();
        SecurityContext sc = c.getSecurityContext();
        assertThat(sc).as(what).isNotNull();
        assertThat(sc.getRunAsNonRoot()).as(what).isTrue();
        assertThat(sc.getRunAsUser()).as(what).isEqualTo(NON_ROOT);
        assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).as(what).isTrue();
        assertThat(sc.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).as(what).containsExactly("ALL");
        assertThat(Pods.orEmpty(sc.getCapabilities().getAdd())).as(what).isEmpty();
        assertThat(sc.getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyContainerHasRequestsAndLimitsAndAHeapCapWellBelowItsMemoryLimit(ValueSet values) {
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      for (Container c : Pods.containers(d)) {
        String what = d.getMetadata().getName() + "/" + c.getName();
        ResourceRequirements r = c.getResources();
        for (String resource : List.of("cpu", "memory")) {
          Quantity request = r.getRequests().get(resource);
          Quantity limit = r.getLimits().get(resource);
          assertThat(request).as("%s requests %s", what, resource).isNotNull();
          assertThat(limit).as("%s limits %s", what, resource).isNotNull();
          assertThat(request.getNumericalAmount())
              .as("%s: %s request within its limit", what, resource)
              .isLessThanOrEqualTo(limit.getNumericalAmount());
        }
        String jvm = Pods.env(c, "JAVA_TOOL_OPTIONS").orElse("");
        assertThat(jvm).as(what).contains("-XX:+UseSerialGC");
        Matcher xmx = XMX.matcher(jvm);
        assertThat(xmx.find()).as("%s caps its heap: %s", what, jvm).isTrue();
        BigDecimal heap = bytes(Long.parseLong(xmx.group(1)), xmx.group(2));
        BigDecimal memoryLimit = r.getLimits().get("memory").getNumericalAmount();
        // Heap plus metaspace, code cache, thread stacks and direct buffers must fit the limit.
        assertThat(heap.multiply(BigDecimal.valueOf(2)))
            .as("%s: -Xmx %s bytes is at most half of the %s bytes limit", what, heap, memoryLimit)
            .isLessThanOrEqualTo(memoryLimit);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyContainerIsProbedOnAPortItDeclares(ValueSet values) {
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      for (Container c : Pods.containers(d)) {
        String what = d.getMetadata().getName() + "/" + c.getName();
        for (Probe probe :
            List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
          assertThat(probe).as("%s has startup, liveness and readiness probes", what).isNotNull();
          String port = probe.getHttpGet().getPort().getStrVal();
          assertThat(Pods.port(c, port)).as("%s probes its port %s", what, port).isPresent();
          assertThat(probe.getHttpGet().getPath()).as(what).isIn("/healthz", "/readyz");
        }
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(what).isEqualTo("/healthz");
      }
    }
  }

  @Test
  void readinessWaitsForAVerifiedTrustRootWhereTheComponentHasOne() {
    RenderedChart chart = RenderedChart.of(ValueSet.DEFAULTS);
    Container mirror = Pods.main(chart.deployment("mirror-server").orElseThrow());
    Container webhook = Pods.main(chart.deployment("webhook").orElseThrow());

    assertThat(mirror.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(mirror.getReadinessProbe().getHttpGet().getScheme()).isNull(); // HTTP
    assertThat(webhook.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(webhook.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void theOnlyWritablePlacesAreSizeLimitedEmptyDirsIncludingTmp(ValueSet values) {
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      for (Container c : Pods.containers(d)) {
        String what = d.getMetadata().getName() + "/" + c.getName();
        assertThat(Pods.mountHolding(c, "/tmp")).as("%s has a /tmp", what).isPresent();
        for (VolumeMount m : Pods.orEmpty(c.getVolumeMounts())) {
          Volume v =
              Pods.volume(d, m.getName())
                  .orElseThrow(
                      () ->
                          new AssertionError(
                              what + " mounts " + m.getName() + ", which is no volume of the pod"));
          if (v.getEmptyDir() == null) {
            assertThat(m.getReadOnly()).as("%s mounts %s read-only", what, m.getName()).isTrue();
          } else {
            assertThat(v.getEmptyDir().getSizeLimit())
                .as("size limit of %s", m.getName())
                .isNotNull();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void replicasAreSpreadOverNodesAndUseTheirOwnServiceAccount(ValueSet values) {
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      String name = d.getMetadata().getName();
      PodSpec pod = Pods.spec(d);
      Map<String, String> own = d.getSpec().getSelector().getMatchLabels();
      assertThat(pod.getServiceAccountName()).as(name).isEqualTo(name);
      if (d.getSpec().getReplicas() > 1) {
        TopologySpreadConstraint spread = pod.getTopologySpreadConstraints().get(0);
        assertThat(spread.getTopologyKey()).as(name).isEqualTo("kubernetes.io/hostname");
        assertThat(spread.getLabelSelector().getMatchLabels()).as(name).isEqualTo(own);
        assertThat(
                pod.getAffinity()
                    .getPodAntiAffinity()
                    .getPreferredDuringSchedulingIgnoredDuringExecution()
                    .get(0)
                    .getPodAffinityTerm()
                    .getLabelSelector()
                    .getMatchLabels())
            .as(name)
            .isEqualTo(own);
      } else {
        assertThat(Pods.orEmpty(pod.getTopologySpreadConstraints())).as(name).isEmpty();
      }
    }
    // PROXY_SOURCE runs one sync agent: nothing to spread
    assertThat(
            RenderedChart.of(ValueSet.PROXY_SOURCE)
                .deployment("sync-agent")
                .orElseThrow()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyContainerRunsTheOneImageOfTheValues(ValueSet values) {
    String expected =
        values == ValueSet.EXISTING_SECRETS
            ? "registry.corp.example/security/trust-mirror@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
            : "registry.invalid/trust-mirror:0.1.0-SNAPSHOT";
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      assertThat(Pods.containers(d)).extracting(Container::getImage).containsOnly(expected);
    }
    if (values == ValueSet.EXISTING_SECRETS) {
      for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
        assertThat(Pods.spec(d).getImagePullSecrets())
            .extracting(s -> s.getName())
            .containsExactly("corp-registry");
      }
    }
  }

  private static BigDecimal bytes(long amount, String unit) {
    long factor =
        switch (unit.toLowerCase(java.util.Locale.ROOT)) {
          case "k" -> 1024L;
          case "m" -> 1024L * 1024;
          default -> 1024L * 1024 * 1024;
        };
    return BigDecimal.valueOf(amount * factor);
  }
}
