package dev.trustmirror.verifier.admission;

/** The lists of a pod spec that hold containers, each of which runs an image. */
public enum ContainerType {
  /** {@code containers}. */
  CONTAINER("containers"),
  /** {@code initContainers}. */
  INIT_CONTAINER("initContainers"),
  /** {@code ephemeralContainers} (debug containers, added through a subresource). */
  EPHEMERAL_CONTAINER("ephemeralContainers");

  private final String field;

  ContainerType(String field) {
    this.field = field;
  }

  /** The pod spec's field ({@code initContainers}). */
  public String field() {
    return field;
  }
}
