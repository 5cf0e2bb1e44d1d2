package dev.trustmirror.kube.trustroot;

/**
 * A generated {@code TrustRoot} would exceed the size budget ({@link
 * TrustRootResources#SIZE_BUDGET_BYTES} bytes of compact JSON). Not a security refusal: the
 * repository is fine, it does not fit into one API object.
 */
public final class TrustRootTooLargeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final TrustRootForm form;
  private final long size;
  private final long budget;

  TrustRootTooLargeException(String name, TrustRootForm form, long size, long budget) {
    super(
        "Tried to make the TrustRoot "
            + name
            + " ("
            + form.specField()
            + " form) but it would be "
            + size
            + " bytes of JSON, over the budget of "
            + budget
            + " bytes (the API server stores objects of about 1.5 MiB at most; the budget keeps a"
            + " margin). "
            + (form == TrustRootForm.REPOSITORY
                ? "Use --form sigstoreKeys (keys only, no TUF metadata), or publish a repository"
                    + " with fewer or smaller targets."
                : "The keys alone are too large: publish fewer certificate authorities or logs."));
    this.name = name;
    this.form = form;
    this.size = size;
    this.budget = budget;
  }

  /** The resource's name. */
  public String name() {
    return name;
  }

  /** The form that was too large. */
  public TrustRootForm form() {
    return form;
  }

  /** Bytes of compact JSON the resource would take. */
  public long size() {
    return size;
  }

  /** The budget it exceeds. */
  public long budget() {
    return budget;
  }
}
