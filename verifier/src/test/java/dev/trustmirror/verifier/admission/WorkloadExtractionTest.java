package dev.trustmirror.verifier.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.admission.MalformedReviewException.Rule;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadExtractionTest {
  private static final String PROXY =
      "ghcr.io/acme/proxy@sha256:1241936d4dd3aad68fe7bfbdfe854b935926bc678fc72377e15166078916227a";

  private static Workload extract(byte[] body) throws MalformedReviewException {
    return extract(body, 1000);
  }

  private static Workload extract(byte[] body, int maxImages) throws MalformedReviewException {
    AdmissionRequest request = ReviewParser.parse(body, 4 * 1024 * 1024);
    WorkloadKind kind = WorkloadKind.of(request.kind()).orElseThrow();
    return WorkloadExtractor.extract(request, kind, request.object().orElseThrow(), maxImages);
  }

  private static ContainerImage image(
      String pointer, ContainerType type, String name, String image) {
    return new ContainerImage(pointer, type, name, image);
  }

  static Stream<Arguments> everyKind() {
    String tpl = "/spec/template/spec";
    return Stream.of(
        Arguments.of(
            "pod-create.json",
            WorkloadKind.POD,
            "shop",
            "web-5d8f7c9b6d-*",
            List.of(
                image(
                    "/spec/containers/0/image",
                    ContainerType.CONTAINER,
                    "app",
                    "registry.example/shop/web:1.4.2"),
                image("/spec/containers/1/image", ContainerType.CONTAINER, "proxy", PROXY),
                image(
                    "/spec/initContainers/0/image",
                    ContainerType.INIT_CONTAINER,
                    "setup",
                    "busybox:1.36")),
            List.of("regcred"),
            "web"),
        Arguments.of(
            "deployment-create.json",
            WorkloadKind.DEPLOYMENT,
            "shop",
            "web",
            List.of(
                image(
                    tpl + "/containers/0/image",
                    ContainerType.CONTAINER,
                    "web",
                    "registry.example/shop/web:1.4.2"),
                image(
                    tpl + "/containers/1/image",
                    ContainerType.CONTAINER,
                    "metrics",
                    "quay.io/prometheus/statsd-exporter:v0.27.1"),
                image(
                    tpl + "/initContainers/0/image",
                    ContainerType.INIT_CONTAINER,
                    "migrate",
                    "registry.example/shop/migrate:1.4.2")),
            List.of("regcred", "mirror-cred"),
            "default"),
        Arguments.of(
            "replicaset-create.json",
            WorkloadKind.REPLICA_SET,
            "shop",
            "web-5d8f7c9b6d",
            List.of(
                image(
                    tpl + "/containers/0/image",
                    ContainerType.CONTAINER,
                    "web",
                    "registry.example/shop/web:1.4.2")),
            List.of("regcred"),
            "default"),
        Arguments.of(
            "statefulset-create.json",
            WorkloadKind.STATEFUL_SET,
            "data",
            "db",
            List.of(
                image(
                    tpl + "/containers/0/image",
                    ContainerType.CONTAINER,
                    "postgres",
                    "registry.example/data/postgres:16.3")),
            List.of(),
            "db"),
        Arguments.of(
            "daemonset-create.json",
            WorkloadKind.DAEMON_SET,
            "monitoring",
            "node-agent",
            List.of(
                image(
                    tpl + "/containers/0/image",
                    ContainerType.CONTAINER,
                    "agent",
                    "quay.io/acme/node-agent:2.0"),
                image(
                    tpl + "/initContainers/0/image",
                    ContainerType.INIT_CONTAINER,
                    "sysctl",
                    "registry.example/tools/sysctl:1")),
            List.of(),
            "node-agent"),
        Arguments.of(
            "job-create.json",
            WorkloadKind.JOB,
            "batch",
            "report-28731540",
            List.of(
                image(
                    tpl + "/containers/0/image",
                    ContainerType.CONTAINER,
                    "report",
                    "registry.example/batch/report:7")),
            List.of("batch-cred"),
            "default"),
        Arguments.of(
            "cronjob-create.json",
            WorkloadKind.CRON_JOB,
            "batch",
            "cleanup",
            List.of(
                image(
                    "/spec/jobTemplate/spec/template/spec/containers/0/image",
                    ContainerType.CONTAINER,
                    "cleanup",
                    "registry.example/batch/cleanup:3"),
                image(
                    "/spec/jobTemplate/spec/template/spec/initContainers/0/image",
                    ContainerType.INIT_CONTAINER,
                    "wait",
                    "busybox:1.36")),
            List.of(),
            "cleaner"),
        Arguments.of(
            "pod-ephemeral-update.json",
            WorkloadKind.POD,
            "shop",
            "web-5d8f7c9b6d-x2x7q",
            List.of(
                image(
                    "/spec/containers/0/image",
                    ContainerType.CONTAINER,
                    "app",
                    "registry.example/shop/web:1.4.2"),
                image("/spec/containers/1/image", ContainerType.CONTAINER, "proxy", PROXY),
                image(
                    "/spec/initContainers/0/image",
                    ContainerType.INIT_CONTAINER,
                    "setup",
                    "busybox:1.36"),
                image(
                    "/spec/ephemeralContainers/0/image",
                    ContainerType.EPHEMERAL_CONTAINER,
                    "debugger-8hxq",
                    "busybox:1.36")),
            List.of("regcred"),
            "web"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void findsEveryImageOfEveryWorkloadKind(
      String file,
      WorkloadKind kind,
      String namespace,
      String name,
      List<ContainerImage> images,
      List<String> pullSecrets,
      String serviceAccount)
      throws Exception {
    Workload workload = extract(Fixtures.review(file));

    assertThat(workload.kind()).isEqualTo(kind);
    assertThat(workload.namespace()).isEqualTo(namespace);
    assertThat(workload.name()).isEqualTo(name);
    assertThat(workload.images()).containsExactlyElementsOf(images);
    assertThat(workload.pullAuth()).isEqualTo(new PullAuth(namespace, serviceAccount, pullSecrets));
    // every pointer leads to its image in the object the API server sent
    JsonNode object = Fixtures.reviewTree(file).get("request").get("object");
    for (ContainerImage image : workload.images()) {
      assertThat(object.at(image.pointer()).textValue()).isEqualTo(image.image());
    }
  }

  @Test
  void takesTheUidAndApiVersionOfTheObject() throws Exception {
    Workload update = extract(Fixtures.review("deployment-update.json"));
    assertThat(update.uid()).contains("0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b");
    assertThat(update.apiVersion()).isEqualTo("apps/v1");
    assertThat(extract(Fixtures.review("pod-create.json")).uid()).isEmpty();
  }

  @Test
  void skipsContainersWithoutAnImageInTemplates() throws Exception {
    Workload workload =
        extract(
            change(
                "deployment-create.json",
                spec -> {
                  ((ObjectNode) spec.get("containers").get(1)).remove("image");
                  ((ObjectNode) spec.get("initContainers").get(0)).put("image", "");
                }));
    assertThat(workload.images()).extracting(ContainerImage::containerName).containsExactly("web");
  }

  @Test
  void readsFiveHundredContainers() throws Exception {
    Workload workload = extract(containers(500));
    assertThat(workload.images()).hasSize(500);
    assertThat(workload.images().get(499).pointer()).isEqualTo("/spec/containers/499/image");
  }

  @Test
  void refusesMoreImagesThanTheLimit() {
    assertThatThrownBy(() -> extract(containers(11), 10))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.TOO_MANY_IMAGES);
              assertThat(e.answerable()).isTrue();
            });
  }

  static Stream<Arguments> malformedObjects() {
    return Stream.of(
        Arguments.of(
            "containers is an object",
            (Consumer<ObjectNode>) s -> s.putObject("containers"),
            "request.object/spec/containers"),
        Arguments.of(
            "a container is a string",
            (Consumer<ObjectNode>) s -> ((ArrayNode) s.get("containers")).add("nginx"),
            "request.object/spec/containers/2"),
        Arguments.of(
            "image is a number",
            (Consumer<ObjectNode>) s -> ((ObjectNode) s.get("containers").get(0)).put("image", 7),
            "request.object/spec/containers/0/image"),
        Arguments.of(
            "image is a list",
            (Consumer<ObjectNode>)
                s -> ((ObjectNode) s.get("containers").get(0)).putArray("image").add("a").add("b"),
            "request.object/spec/containers/0/image"),
        Arguments.of(
            "name is a number",
            (Consumer<ObjectNode>)
                s -> ((ObjectNode) s.get("initContainers").get(0)).put("name", 1),
            "request.object/spec/initContainers/0/name"),
        Arguments.of(
            "pull secrets is a string",
            (Consumer<ObjectNode>) s -> s.put("imagePullSecrets", "regcred"),
            "request.object/spec/imagePullSecrets"),
        Arguments.of(
            "a pull secret is a string",
            (Consumer<ObjectNode>) s -> s.putArray("imagePullSecrets").add("regcred"),
            "request.object/spec/imagePullSecrets/0"),
        Arguments.of(
            "service account is a list",
            (Consumer<ObjectNode>) s -> s.putArray("serviceAccountName"),
            "request.object/spec/serviceAccountName"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedObjects")
  void refusesObjectsThatBreakTheirKindsShape(
      String name, Consumer<ObjectNode> change, String field) {
    assertThatThrownBy(() -> extract(change("pod-create.json", change)))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.MALFORMED_OBJECT);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.uid()).contains("b4c1a6e2-0d5f-4c2b-9a77-3f8e1d2c4b60");
              assertThat(e.answerable()).isTrue();
            });
  }

  @Test
  void refusesAWorkloadWithoutPodSpec() {
    ObjectNode review = Fixtures.reviewTree("cronjob-create.json");
    ((ObjectNode) review.at("/request/object/spec/jobTemplate")).remove("spec");
    assertThatThrownBy(() -> extract(Fixtures.bytes(review)))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.MALFORMED_OBJECT);
              assertThat(e.field()).isEqualTo("request.object/spec/jobTemplate/spec/template/spec");
            });
  }

  @Test
  void refusesAWorkloadWithoutNamespace() {
    ObjectNode review = Fixtures.reviewTree("pod-create.json");
    ((ObjectNode) review.get("request")).remove("namespace");
    ((ObjectNode) review.at("/request/object/metadata")).remove("namespace");
    assertThatThrownBy(() -> extract(Fixtures.bytes(review)))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.MISSING);
              assertThat(e.field()).isEqualTo("request.namespace");
            });
  }

  static byte[] change(String file, Consumer<ObjectNode> podSpec) {
    ObjectNode review = Fixtures.reviewTree(file);
    WorkloadKind kind =
        file.startsWith("pod")
            ? WorkloadKind.POD
            : file.startsWith("cronjob") ? WorkloadKind.CRON_JOB : WorkloadKind.DEPLOYMENT;
    podSpec.accept((ObjectNode) review.get("request").get("object").at(kind.podSpecPointer()));
    return Fixtures.bytes(review);
  }

  /** The pod of {@code pod-create.json} with {@code n} containers of distinct images. */
  static byte[] containers(int n) {
    return change(
        "pod-create.json",
        spec -> {
          spec.remove("initContainers");
          ArrayNode list = spec.putArray("containers");
          for (int i = 0; i < n; i++) {
            list.addObject()
                .put("name", "c" + i)
                .put("image", "registry.example/many/image-" + i + ":1");
          }
        });
  }
}
