package dev.trustmirror.kube.trustroot;

/** Which of policy-controller's {@code TrustRoot} spec forms a generated resource uses. */
public enum TrustRootForm {
  /**
   * {@code spec.repository}: the pinned root and the whole published layout ({@code mirrorFS}).
   * policy-controller verifies it with its own TUF client; expiries and validity windows survive.
   */
  REPOSITORY("repository"),
  /**
   * {@code spec.sigstoreKeys}: the certificate authorities, logs and timestamp authorities of
   * {@code trusted_root.json}, without TUF metadata. Smaller, but nothing is verified again in the
   * cluster and validity windows are lost (see {@link SigstoreKeysNote}).
   */
  SIGSTORE_KEYS("sigstoreKeys");

  private final String specField;

  TrustRootForm(String specField) {
    this.specField = specField;
  }

  /**
   * The field under {@code spec} that holds this form: {@code repository} or {@code sigstoreKeys}.
   */
  public String specField() {
    return specField;
  }
}
