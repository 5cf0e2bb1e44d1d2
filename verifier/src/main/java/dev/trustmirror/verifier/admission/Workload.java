package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The object under review, as far as image checks care: its kind, where it lives, every image it
 * runs, and where registry credentials come from.
 *
 * @param kind the workload kind
 * @param apiVersion the object's API version ({@code apps/v1})
 * @param namespace its namespace
 * @param name its name; {@code generateName} followed by {@code *} when it has no name yet; empty
 *     when it has neither
 * @param uid its {@code metadata.uid}, when it has one (not yet on CREATE)
 * @param images every image, in the order of the pod spec: containers, init containers, ephemeral
 *     containers
 * @param pullAuth where credentials come from
 */
public record Workload(
    WorkloadKind kind,
    String apiVersion,
    String namespace,
    String name,
    Optional<String> uid,
    List<ContainerImage> images,
    PullAuth pullAuth) {
  public Workload {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    images = List.copyOf(images);
    Objects.requireNonNull(pullAuth, "pullAuth");
  }

  /** {@code Deployment prod/web}, for messages. */
  public String describe() {
    return kind.kind() + " " + UntrustedText.of(namespace) + "/" + UntrustedText.of(name);
  }

  /** The same workload with only {@code images}. */
  Workload withImages(List<ContainerImage> images) {
    return new Workload(kind, apiVersion, namespace, name, uid, images, pullAuth);
  }
}
