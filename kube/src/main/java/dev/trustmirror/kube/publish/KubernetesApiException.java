package dev.trustmirror.kube.publish;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * A call to the Kubernetes API server failed: unreachable, refused (401, 403), a conflict we gave
 * up retrying, a resource type the server does not serve. A transport or permission failure, never
 * a security refusal of the repository; the local publish it follows stands.
 */
public final class KubernetesApiException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final int code;

  KubernetesApiException(String operation, String why, int code, Throwable cause) {
    super("Tried to " + operation + " but failed because " + why, cause);
    this.operation = operation;
    this.code = code;
  }

  /** From a fabric8 failure, saying what the server answered. */
  static KubernetesApiException of(String operation, KubernetesClientException e) {
    String why;
    if (e.getCode() > 0) {
      String message =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      why = "the API server answered " + e.getCode() + ": " + message;
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      why = "the API server could not be reached or understood: " + root;
    }
    return new KubernetesApiException(operation, why.replaceAll("\\s+", " "), e.getCode(), e);
  }

  /** What was attempted, e.g. {@code update TrustRoot sigstore}. */
  public String operation() {
    return operation;
  }

  /** The HTTP status the API server answered, when it answered. */
  public OptionalInt code() {
    return code > 0 ? OptionalInt.of(code) : OptionalInt.empty();
  }
}
