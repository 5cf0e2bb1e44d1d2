package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.verifier.admission.PullAuth;
import dev.trustmirror.verifier.policy.SecretKeyRef;
import dev.trustmirror.verifier.registry.Credentials;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterReads} against the fabric8 mock API server (CRUD mode): namespace labels, key
 * Secrets and pull credentials merged as the kubelet merges them, cached, broken Secrets skipped.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterReadsIT {
  static final String NS = "shop";

  KubernetesClient client;

  MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  ClusterReads reads;

  @AfterEach
  void tearDown() {
    if (reads != null) {
      reads.close();
    }
    // Close the watch connections before the mock server shuts down: it waits for open ones.
    client.close();
  }

  private ClusterReads reads() {
    reads = ClusterReads.create(client, clock, Duration.ofSeconds(30), 100);
    return reads;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String auth(String user, String password) {
    return b64(user + ":" + password);
  }

  private void secret(String name, String type, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withType(type)
                .withData(data)
                .build())
        .create();
  }

  private void dockerConfig(String name, String registry, String user) {
    secret(
        name,
        ClusterReads.DOCKER_CONFIG_JSON,
        Map.of(
            ".dockerconfigjson",
            b64("{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth(user, "pw") + "\"}}}")));
  }

  private void serviceAccount(String name, String... pullSecrets) {
    ServiceAccountBuilder sa =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata();
    for (String s : pullSecrets) {
      sa.addNewImagePullSecret(s);
    }
    client.serviceAccounts().inNamespace(NS).resource(sa.build()).create();
  }

  private static Optional<String> user(RegistryCredentials c, String registry) {
    return c.find(registry).map(Credentials::username);
  }

  /** How long a background re-read may take at most before a test fails (bounds a hang only). */
  private static final Duration REFRESH_LIMIT = Duration.ofSeconds(10);

  private static final SecretKeyRef KEY_REF =
      new SecretKeyRef("release/keys[0]", NS, "release-key", "cosign.pub");

  private void keySecret(String pem) {
    secret("release-key", "Opaque", Map.of("cosign.pub", b64(pem)));
  }

  /** Replaces the data of the Secret {@code name} in the API server. */
  private void changeSecret(String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(NS)
        .withName(name)
        .edit(s -> new SecretBuilder(s).withData(data).build());
  }

  private static Optional<String> text(Optional<byte[]> bytes) {
    return bytes.map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** The key {@code known} holds: empty when not in memory, "" when known to be absent. */
  private static Optional<String> knownText(ClusterReads r, SecretKeyRef ref) {
    return r.known(ref).map(key -> text(key).orElse(""));
  }

  @Test
  void readsNamespaceLabelsFromTheInformer() throws Exception {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .withLabels(Map.of("trust-mirror.dev/enforce", "true"))
                .endMetadata()
                .build())
        .create();
    ClusterReads r = reads();
    assertThat(r.find(NS)).as("before the first list: unknown").isEmpty();
    assertThat(r.notReady()).hasSize(1);

    r.start(Poll.LIMIT);

    assertThat(r.notReady()).isEmpty();
    assertThat(r.find(NS)).hasValue(Map.of("trust-mirror.dev/enforce", "true"));
    assertThat(r.find("unknown")).isEmpty();

    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("later").endMetadata().build())
        .create();
    Poll.until("the new namespace", () -> r.find("later").isPresent());
    assertThat(r.find("later")).hasValue(Map.of());
  }

  @Test
  void mergesThePodsPullSecretsBeforeTheServiceAccountsFirstWins() throws Exception {
    dockerConfig("pod-first", "registry.example", "pod-first");
    dockerConfig("pod-second", "registry.example", "pod-second");
    secret(
        "legacy",
        ClusterReads.DOCKER_CFG,
        Map.of(
            ".dockercfg",
            b64("{\"other.example:5000\":{\"auth\":\"" + auth("legacy", "pw") + "\"}}")));
    dockerConfig("sa-secret", "registry.example", "service-account");
    dockerConfig("sa-hub", "https://index.docker.io/v1/", "hub-user");
    serviceAccount("builder", "sa-secret", "sa-hub", "legacy");

    RegistryCredentials found =
        reads().find(new PullAuth(NS, "builder", List.of("pod-first", "missing", "pod-second")));

    assertThat(user(found, "registry.example")).hasValue("pod-first");
    assertThat(user(found, "other.example:5000")).hasValue("legacy");
    assertThat(user(found, "docker.io")).hasValue("hub-user");
    assertThat(found.registries())
        .containsExactlyInAnyOrder("registry.example", "other.example:5000", "docker.io");
  }

  @Test
  void skipsBrokenSecretsAndKeepsTheGoodOnes() throws Exception {
    secret("bad-json", ClusterReads.DOCKER_CONFIG_JSON, Map.of(".dockerconfigjson", b64("{no")));
    secret("bad-base64", ClusterReads.DOCKER_CONFIG_JSON, Map.of(".dockerconfigjson", "%%%"));
    secret("no-key", ClusterReads.DOCKER_CONFIG_JSON, Map.of("other", b64("{}")));
    secret("opaque", "Opaque", Map.of(".dockerconfigjson", b64("{\"auths\":{}}")));
    secret(
        "bad-auth",
        ClusterReads.DOCKER_CONFIG_JSON,
        Map.of(".dockerconfigjson", b64("{\"auths\":{\"a.example\":{\"auth\":\"!!!\"}}}")));
    secret("legacy-array", ClusterReads.DOCKER_CFG, Map.of(".dockercfg", b64("[1,2]")));
    secret(
        "legacy-injection",
        ClusterReads.DOCKER_CFG,
        Map.of(".dockercfg", b64("{}, \"auths\": {\"evil.example\": {\"auth\": \"eDp5\"}}")));
    dockerConfig("good", "registry.example", "good");

    RegistryCredentials found =
        reads()
            .find(
                new PullAuth(
                    NS,
                    "default",
                    List.of(
                        "bad-json",
                        "bad-base64",
                        "no-key",
                        "opaque",
                        "bad-auth",
                        "legacy-array",
                        "legacy-injection",
                        "good")));

    assertThat(found.registries()).containsExactly("registry.example");
    assertThat(user(found, "registry.example")).hasValue("good");
  }

  @Test
  void answersFromTheCacheUntilItExpires() throws Exception {
    dockerConfig("pull", "registry.example", "first");
    ClusterReads r = reads();
    PullAuth auth = new PullAuth(NS, "default", List.of("pull"));
    assertThat(user(r.find(auth), "registry.example")).hasValue("first");
    long calls = r.apiCalls();
    assertThat(calls).isEqualTo(2); // the service account, the Secret

    client.secrets().inNamespace(NS).withName("pull").delete();
    assertThat(user(r.find(auth), "registry.example")).hasValue("first");
    assertThat(r.apiCalls()).isEqualTo(calls);

    clock.advance(Duration.ofSeconds(31));
    assertThat(r.find(auth).registries()).isEmpty();
    assertThat(r.apiCalls()).isGreaterThan(calls);
  }

  @Test
  void readsKeySecretsAndTreatsWhatIsNotThereAsAbsent() throws Exception {
    secret(
        "release-key",
        "Opaque",
        Map.of("cosign.pub", b64("-----BEGIN PUBLIC KEY-----\n"), "broken", "%%%"));
    ClusterReads r = reads();

    assertThat(r.find(new SecretKeyRef("release/keys[0]", NS, "release-key", "cosign.pub")))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).startsWith("-----BEGIN"));
    assertThat(r.find(new SecretKeyRef("release/keys[0]", NS, "release-key", "other"))).isEmpty();
    assertThat(r.find(new SecretKeyRef("release/keys[0]", NS, "release-key", "broken"))).isEmpty();
    assertThat(r.find(new SecretKeyRef("release/keys[0]", NS, "missing", "cosign.pub"))).isEmpty();
  }

  @Test
  void anUnreachableApiServerIsAnIoExceptionNeverNoCredentials() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      ClusterReads r = ClusterReads.create(unreachable, clock, Duration.ofSeconds(30), 100);
      assertThatThrownBy(() -> r.find(new PullAuth(NS, "default", List.of("pull"))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Tried to get ServiceAccount shop/default");
      assertThatThrownBy(() -> r.find(new SecretKeyRef("k", NS, "key", "cosign.pub")))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(IOException.class);
      assertThatThrownBy(() -> r.start(Duration.ofSeconds(20))).isInstanceOf(IOException.class);
    }
  }

  @Test
  void knownAnswersFromMemoryWhatWasReadAndNothingElse() throws Exception {
    keySecret("key one");
    dockerConfig("pull", "registry.example", "first");
    ClusterReads r = reads();
    PullAuth auth = new PullAuth(NS, "default", List.of("pull"));
    SecretKeyRef otherKey = new SecretKeyRef("release/keys[1]", NS, "release-key", "other");
    SecretKeyRef missing = new SecretKeyRef("release/keys[2]", NS, "missing", "cosign.pub");
    assertThat(r.known(KEY_REF)).as("never read").isEmpty();
    assertThat(r.known(auth)).as("never read").isEmpty();
    assertThat(r.apiCalls()).as("known() never reads the API server").isZero();

    assertThat(text(r.find(KEY_REF))).hasValue("key one");
    assertThat(r.find(missing)).isEmpty();
    assertThat(user(r.find(auth), "registry.example")).hasValue("first");
    long calls = r.apiCalls();
    assertThat(calls).isEqualTo(4); // release-key, missing, the service account, pull

    assertThat(knownText(r, KEY_REF)).hasValue("key one");
    assertThat(knownText(r, otherKey)).as("the Secret is known, the key is not in it").hasValue("");
    assertThat(knownText(r, missing)).as("known not to exist").hasValue("");
    assertThat(r.known(auth).flatMap(c -> user(c, "registry.example"))).hasValue("first");
    assertThat(r.known(new SecretKeyRef("k", NS, "pull-other", "cosign.pub"))).isEmpty();
    assertThat(r.known(new SecretKeyRef("k", "other-ns", "release-key", "cosign.pub"))).isEmpty();
    assertThat(r.known(new PullAuth(NS, "default", List.of("pull", "more")))).isEmpty();
    assertThat(r.known(new PullAuth(NS, "builder", List.of("pull")))).isEmpty();
    assertThat(r.apiCalls()).isEqualTo(calls);
  }

  @Test
  void aKeyReadAfterHalfTheTtlIsTheOldOneAtOnceThenTheChangedOne() throws Exception {
    keySecret("key one");
    ClusterReads r = reads();
    assertThat(text(r.find(KEY_REF))).hasValue("key one");
    changeSecret("release-key", Map.of("cosign.pub", b64("key two")));

    clock.advance(Duration.ofSeconds(14));
    assertThat(text(r.find(KEY_REF))).as("younger than ttl/2: no re-read").hasValue("key one");
    assertThat(r.apiCalls()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(text(r.find(KEY_REF))).as("answered from the entry").hasValue("key one");
    Poll.until(
        "the changed key, re-read in the background",
        REFRESH_LIMIT,
        () -> knownText(r, KEY_REF).equals(Optional.of("key two")));
    assertThat(r.apiCalls()).as("one re-read").isEqualTo(2);

    clock.advance(Duration.ofSeconds(29));
    assertThat(knownText(r, KEY_REF))
        .as("the re-read entry lives a ttl from when it was re-read")
        .hasValue("key two");
  }

  @Test
  void aServiceAccountReadAfterHalfTheTtlIsReReadInTheBackground() throws Exception {
    dockerConfig("first", "registry.example", "first");
    dockerConfig("second", "registry.example", "second");
    serviceAccount("builder", "first");
    ClusterReads r = reads();
    PullAuth auth = new PullAuth(NS, "builder", List.of());
    assertThat(user(r.find(auth), "registry.example")).hasValue("first");
    client
        .serviceAccounts()
        .inNamespace(NS)
        .withName("builder")
        .edit(
            sa ->
                new ServiceAccountBuilder(sa)
                    .withImagePullSecrets(List.of())
                    .addNewImagePullSecret("second")
                    .build());

    clock.advance(Duration.ofSeconds(16));
    assertThat(user(r.find(auth), "registry.example"))
        .as("answered from the entry")
        .hasValue("first");
    Poll.until(
        "the changed service account's pull secret",
        REFRESH_LIMIT,
        () -> {
          try {
            return user(r.find(auth), "registry.example").equals(Optional.of("second"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Test
  void aChangedPullSecretIsSeenShortlyAfterAReadPastHalfTheTtl() throws Exception {
    dockerConfig("pull", "registry.example", "first");
    ClusterReads r = reads();
    PullAuth auth = new PullAuth(NS, "default", List.of("pull"));
    assertThat(user(r.find(auth), "registry.example")).hasValue("first");
    changeSecret(
        "pull",
        Map.of(
            ".dockerconfigjson",
            b64("{\"auths\":{\"registry.example\":{\"auth\":\"" + auth("second", "pw") + "\"}}}")));

    clock.advance(Duration.ofSeconds(16));
    assertThat(user(r.find(auth), "registry.example"))
        .as("answered from the entry")
        .hasValue("first");
    Poll.until(
        "the changed pull secret",
        REFRESH_LIMIT,
        () -> {
          try {
            return user(r.find(auth), "registry.example").equals(Optional.of("second"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Test
  void whatIsNotReadForAWholeTtlIsForgotten() throws Exception {
    keySecret("key one");
    dockerConfig("pull", "registry.example", "first");
    ClusterReads r = reads();
    PullAuth auth = new PullAuth(NS, "default", List.of("pull"));
    r.find(KEY_REF);
    r.find(auth);
    long calls = r.apiCalls();

    clock.advance(Duration.ofSeconds(31));

    assertThat(r.known(KEY_REF)).isEmpty();
    assertThat(r.known(auth)).isEmpty();
    assertThat(r.apiCalls()).as("known() does not read what it forgot").isEqualTo(calls);
  }

  @Test
  void concurrentFirstReadsOfOneNameMakeOneApiCall() throws Exception {
    keySecret("key one");
    dockerConfig("pull", "registry.example", "first");
    ClusterReads r = reads();
    PullAuth auth = new PullAuth(NS, "default", List.of("pull"));

    assertThat(concurrently(8, () -> text(r.find(KEY_REF)))).containsOnly(Optional.of("key one"));
    assertThat(r.apiCalls()).as("one read of the Secret").isEqualTo(1);

    assertThat(concurrently(8, () -> user(r.find(auth), "registry.example")))
        .containsOnly(Optional.of("first"));
    assertThat(r.apiCalls())
        .as("one read of the service account and one of the pull secret")
        .isEqualTo(3);
  }

  /** What {@code threads} threads, released together, read. */
  private static <T> List<T> concurrently(int threads, Callable<T> read) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> reads = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        reads.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return read.call();
                }));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : reads) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
