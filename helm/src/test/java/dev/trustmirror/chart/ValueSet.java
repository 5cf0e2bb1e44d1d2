package dev.trustmirror.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * The value sets the chart is linted and rendered with: one file each under {@code
 * src/test/resources/dev/trustmirror/chart/values/} (its README says what each one is for).
 */
enum ValueSet {
  DEFAULTS("defaults.yaml"),
  CERT_MANAGER("cert-manager.yaml"),
  SELF_SIGNED("self-signed.yaml"),
  BUNDLE_SOURCE("bundle-source.yaml"),
  GIT_SOURCE("git-source.yaml"),
  PROXY_SOURCE("proxy-source.yaml"),
  MIRROR_ONLY("mirror-only.yaml"),
  PROMETHEUS_RULE_OFF("prometheus-rule-off.yaml"),
  /** The pinned root and the webhook certificate come from existing Secrets. */
  EXISTING_SECRETS("existing-secrets.yaml", false),
  /** policy-controller installed: the cluster already serves its TrustRoot type. */
  POLICY_CONTROLLER_PRESENT(
      "defaults.yaml", true, "--api-versions", "policy.sigstore.dev/v1alpha1/TrustRoot");

  /** The release name and namespace of every rendering. */
  static final String RELEASE = "tm";

  static final String NAMESPACE = "trust-mirror";

  private final String file;
  private final boolean pinsRootInline;
  private final List<String> extraArgs;

  ValueSet(String file) {
    this(file, true);
  }

  ValueSet(String file, boolean pinsRootInline, String... extraArgs) {
    this.file = file;
    this.pinsRootInline = pinsRootInline;
    this.extraArgs = List.of(extraArgs);
  }

  /**
   * The arguments of {@code helm template} after the chart: values, pinned root, namespace, extras.
   */
  List<String> helmArgs() {
    List<String> args = new ArrayList<>(lintArgs());
    args.addAll(extraArgs);
    return args;
  }

  /**
   * The arguments of {@code helm lint}: as for template but without the extra ones ({@code
   * --api-versions}, which lint does not take).
   */
  List<String> lintArgs() {
    List<String> args = new ArrayList<>(List.of("--values", ChartFiles.values(file).toString()));
    if (pinsRootInline) {
      args.addAll(List.of("--set-file", "pinnedRoot.content=" + ChartFiles.pinnedRoot()));
    }
    args.addAll(List.of("--namespace", NAMESPACE));
    return args;
  }
}
