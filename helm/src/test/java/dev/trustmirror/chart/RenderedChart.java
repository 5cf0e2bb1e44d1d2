package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The chart rendered by {@code helm template} with one {@link ValueSet}, every object read with
 * fabric8's Kubernetes model: typed classes where the model has them (Deployment, Service,
 * ClusterRole, CustomResourceDefinition, …), {@link GenericKubernetesResource} for the kinds of
 * cert-manager and the Prometheus Operator. Rendered once per value set and shared by all tests of
 * the JVM.
 */
record RenderedChart(ValueSet valueSet, String manifest, List<HasMetadata> objects) {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Map<ValueSet, RenderedChart> CACHE = new ConcurrentHashMap<>();

  /** {@code helm template} of the chart with these values (once per value set). */
  static RenderedChart of(ValueSet values) {
    return CACHE.computeIfAbsent(values, RenderedChart::render);
  }

  private static RenderedChart render(ValueSet values) {
    List<String> args =
        new ArrayList<>(List.of("template", ValueSet.RELEASE, ChartFiles.chart().toString()));
    args.addAll(values.helmArgs());
    Helm.Result r;
    try {
      r = Helm.run(args);
    } catch (IOException e) {
      throw new IllegalStateException("Tried to run helm template but failed because " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while rendering " + values, e);
    }
    assertThat(r.exitCode()).as("helm template with %s:%n%s", values, r.stderr()).isZero();
    return new RenderedChart(values, r.stdout(), parse(r.stdout()));
  }

  /**
   * Each YAML document of a manifest stream as a fabric8 object; comment-only documents skipped.
   */
  static List<HasMetadata> parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
      if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      Object parsed;
      try {
        parsed = SERIALIZATION.unmarshal(document);
      } catch (RuntimeException e) {
        fail("Tried to read a rendered document but failed because %s:%n%s", e, document);
        return objects;
      }
      if (!(parsed instanceof HasMetadata object)) {
        fail("Not a Kubernetes object with metadata:%n%s", document);
        return objects;
      }
      objects.add(object);
    }
    return objects;
  }

  /** Every object of that typed class. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every object of a kind the fabric8 model does not know (cert-manager, Prometheus Operator). */
  List<GenericKubernetesResource> generic(String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals(kind))
        .toList();
  }

  /** The object of that class and name, if rendered. */
  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  /** The object of that class and name; fails the test when it was not rendered. */
  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "No " + type.getSimpleName() + " " + name + " rendered with " + valueSet));
  }

  /** The Deployment of a component (sync-agent, mirror-server, webhook), if enabled. */
  Optional<Deployment> deployment(String component) {
    return all(Deployment.class).stream()
        .filter(d -> Labels.component(d).filter(component::equals).isPresent())
        .findFirst();
  }

  /** The name of a component's objects: {@code tm-trust-mirror-COMPONENT}. */
  static String componentName(String component) {
    return ValueSet.RELEASE + "-trust-mirror-" + component;
  }
}
