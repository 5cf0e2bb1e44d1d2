package dev.trustmirror.kube.trustroot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/**
 * A {@code TrustRoot} made by {@link TrustRootResources#generate}, within the size budget.
 * Immutable: {@link #resource()} returns a fresh copy each time.
 */
public final class GeneratedTrustRoot {
  private final byte[] compactJson;
  private final TrustRootForm form;
  private final int size;
  private final List<SigstoreKeysNote> notes;

  GeneratedTrustRoot(
      GenericKubernetesResource resource,
      TrustRootForm form,
      int size,
      List<SigstoreKeysNote> notes) {
    this.compactJson = TrustRootSerialization.compactJson(resource);
    this.form = form;
    this.size = size;
    this.notes = List.copyOf(notes);
  }

  /** The resource, ready for fabric8 ({@code resource(...).create()} and the like); a copy. */
  public GenericKubernetesResource resource() {
    try {
      return TrustRootSerialization.JSON.readValue(compactJson, GenericKubernetesResource.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("our own JSON reads back", e);
    }
  }

  /** The form written. */
  public TrustRootForm form() {
    return form;
  }

  /** Bytes of compact JSON, the figure the size budget is checked against. */
  public int size() {
    return size;
  }

  /** What the sigstoreKeys form could not carry; empty for the repository form. */
  public List<SigstoreKeysNote> notes() {
    return notes;
  }

  /** Pretty JSON, deterministic. */
  public byte[] json() {
    return TrustRootSerialization.json(resource());
  }

  /** YAML, deterministic. */
  public byte[] yaml() {
    return TrustRootSerialization.yaml(resource());
  }
}
