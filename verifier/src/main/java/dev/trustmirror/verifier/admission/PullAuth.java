package dev.trustmirror.verifier.admission;

import java.util.List;
import java.util.Objects;

/**
 * Where the registry credentials for a workload's images come from, as the kubelet would find them:
 * the pod's {@code imagePullSecrets} and those of its service account, in its namespace. The
 * checker resolves them (the webhook's informers hold the Secrets and ServiceAccounts).
 *
 * @param namespace the workload's namespace
 * @param serviceAccount the pod's service account ({@code default} when the spec names none)
 * @param pullSecrets the names of the pod's {@code imagePullSecrets}, in order
 */
public record PullAuth(String namespace, String serviceAccount, List<String> pullSecrets) {
  public PullAuth {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    pullSecrets = List.copyOf(pullSecrets);
  }
}
