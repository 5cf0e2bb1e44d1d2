package dev.trustmirror.verifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.admission.AdmissionDecider;
import dev.trustmirror.verifier.admission.AdmissionWebhook;
import dev.trustmirror.verifier.admission.CheckExecutors;
import dev.trustmirror.verifier.admission.ImageChecker;
import dev.trustmirror.verifier.admission.KeySecrets;
import dev.trustmirror.verifier.admission.WarningEvent;
import dev.trustmirror.verifier.admission.WebhookSettings;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.sigstore.Reason;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.TimeSource;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.trust.TrustedRoot;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP side of {@link WebhookServer} over real HTTPS on 127.0.0.1: routes, status codes, body
 * and content-type limits, the worker pool's overload answer, hostile bodies, readiness, metrics
 * and the certificate reload. Images are judged by an in-memory checker ("signed" in the repository
 * name verifies); the registry-backed checker is exercised by {@link WebhookServerIT}.
 */
class WebhookServerTest {
  private static final Clock CLOCK =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plusSeconds(3600), ZoneOffset.UTC);
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(31, SigstoreFixtures.DEFAULT_TIME);
  private static final String KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256).publicKeyPem();
  private static final WebhookSettings SETTINGS =
      new WebhookSettings(Duration.ofSeconds(10), 64 * 1024, 1000);

  private static Vertx vertx;
  private static ExecutorService checks;
  private static TrustedRoot root;

  @TempDir Path dir;

  private final List<WarningEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicReference<List<String>> notReady = new AtomicReference<>(List.of());
  private WebhookTestKit kit;
  private WebhookServer server;

  @BeforeAll
  static void startVertx() throws Exception {
    vertx = Vertx.vertx();
    checks = CheckExecutors.bounded(8, 64);
    root = TrustedRoot.parse(SIGSTORE.trustedRoot().toBytes(), "testkit trusted root");
  }

  @AfterAll
  static void stopVertx() {
    checks.shutdownNow();
    vertx.close().await();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close().await();
    }
  }

  /** Verifies repositories named *signed*, refuses the others. */
  private static Verdict judge(dev.trustmirror.verifier.admission.CheckRequest request) {
    Digest digest =
        request
            .image()
            .digest()
            .orElse(
                Digest.sha256(
                    request.image().repository().toString().getBytes(StandardCharsets.UTF_8)));
    if (request.image().repository().toString().contains("signed")
        && !request.image().repository().toString().contains("unsigned")) {
      return new Verdict(
          digest,
          Optional.of(
              new Verdict.Match(
                  1, "key 1", "key 1", SigstoreFixtures.DEFAULT_TIME, TimeSource.NOW)),
          List.of());
    }
    return new Verdict(
        digest,
        Optional.empty(),
        List.of(new Reason(0, Optional.empty(), RefusalCode.NO_SIGNATURE, "no signature found")));
  }

  private WebhookServer start(ImageChecker checker, WebhookServerOptions.Builder options)
      throws Exception {
    kit = kit == null ? new WebhookTestKit(dir) : kit;
    AdmissionDecider decider =
        AdmissionDecider.create(
            checker, ref -> Optional.of(root), KeySecrets.none(), checks, Ticker.systemTicker());
    PolicySet policies =
        PolicySet.of(
            List.of(
                WebhookTestKit.keyPolicy("block-shop", "Block", "registry.example/shop/**", KEY),
                WebhookTestKit.keyPolicy("warn-lab", "Warn", "registry.example/lab/**", KEY)));
    AdmissionWebhook webhook =
        AdmissionWebhook.create(
            decider, () -> policies, ns -> Optional.of(Map.of()), SETTINGS, CLOCK);
    server = WebhookServer.start(vertx, options.build(), webhook).await();
    return server;
  }

  private WebhookServerOptions.Builder options() throws Exception {
    kit = kit == null ? new WebhookTestKit(dir) : kit;
    return WebhookServerOptions.builder(kit.certificate, kit.privateKey, Clock.systemUTC())
        .port(0)
        .settings(SETTINGS)
        .events(events::add)
        .readiness(notReady::get)
        .tlsReloadInterval(Duration.ofHours(1));
  }

  private URI url() {
    return server.url();
  }

  @Test
  void answersAReviewOverHttp2WithTheDecision() throws Exception {
    start(WebhookServerTest::judge, options());

    HttpResponse<String> allowed =
        kit.review(url(), "validate", WebhookTestKit.pod("registry.example/shop/signed:1"));
    HttpResponse<String> denied =
        kit.review(url(), "validate", WebhookTestKit.pod("registry.example/shop/unsigned:1"));

    assertThat(allowed.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode ok = WebhookTestKit.tree(allowed.body()).get("response");
    assertThat(ok.get("uid").textValue()).isEqualTo("b4c1a6e2-0d5f-4c2b-9a77-3f8e1d2c4b60");
    assertThat(ok.get("allowed").booleanValue()).isTrue();
    JsonNode no = WebhookTestKit.tree(denied.body()).get("response");
    assertThat(no.get("allowed").booleanValue()).isFalse();
    assertThat(no.at("/status/code").intValue()).isEqualTo(403);
    assertThat(no.at("/status/message").textValue())
        .contains("c0")
        .contains("registry.example/shop/unsigned:1")
        .contains("block-shop");
  }

  @Test
  void aWarnPolicyAdmitsWithWarningsAndHandsTheEventToTheConsumer() throws Exception {
    start(WebhookServerTest::judge, options());

    HttpResponse<String> warned =
        kit.review(url(), "validate", WebhookTestKit.pod("registry.example/lab/unsigned:1"));

    JsonNode response = WebhookTestKit.tree(warned.body()).get("response");
    assertThat(response.get("allowed").booleanValue()).isTrue();
    assertThat(response.get("warnings").get(0).textValue()).contains("warn-lab");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).reason()).isEqualTo(WarningEvent.NOT_VERIFIED);
    assertThat(events.get(0).involvedObject().namespace()).isEqualTo("shop");
  }

  @Test
  void refusesAWrongContentTypeWith415() throws Exception {
    start(WebhookServerTest::judge, options());

    HttpResponse<String> response =
        kit.post(
            url(), "validate", "text/plain", WebhookTestKit.pod("registry.example/shop/signed:1"));
    HttpResponse<String> withCharset =
        kit.post(
            url(),
            "mutate",
            "Application/JSON; charset=utf-8",
            WebhookTestKit.pod("registry.example/shop/signed:1"));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(withCharset.statusCode()).isEqualTo(200);
  }

  @Test
  void refusesABodyOverTheLimitWith413() throws Exception {
    start(WebhookServerTest::judge, options());
    byte[] huge = new byte[SETTINGS.maxBodyBytes() + 1];
    java.util.Arrays.fill(huge, (byte) ' ');

    HttpResponse<String> response = kit.review(url(), "validate", huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(server.metrics().scrape())
        .contains(
            "trust_mirror_webhook_reviews_total{outcome=\"payload_too_large\",path=\"validate\"} 1");
  }

  @Test
  void refusesADeclaredLengthOverTheLimitBeforeAnyOfTheBodyIsSent() throws Exception {
    start(WebhookServerTest::judge, options());

    // HTTP/1.1 by hand: headers announcing 1 GB, then nothing. The answer must come anyway.
    try (SSLSocket socket =
        (SSLSocket)
            kit.ca
                .trustingSslContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void answersProbesAndRefusesUnknownPathsAndWrongMethods() throws Exception {
    notReady.set(List.of("the trust root is not verified yet", "policies are not listed yet"));
    start(WebhookServerTest::judge, options());

    HttpResponse<String> unready = kit.get(url(), "readyz");
    notReady.set(List.of());
    HttpResponse<String> ready = kit.get(url(), "readyz");

    assertThat(kit.get(url(), "healthz").statusCode()).isEqualTo(200);
    assertThat(unready.statusCode()).isEqualTo(503);
    assertThat(unready.body())
        .isEqualTo("the trust root is not verified yet\npolicies are not listed yet\n");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok\n");
    assertThat(kit.get(url(), "nothing-here").statusCode()).isEqualTo(404);
    assertThat(kit.get(url(), "validate/extra").statusCode()).isEqualTo(404);
    HttpResponse<String> get = kit.get(url(), "validate");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).hasValue("POST");
    assertThat(kit.post(url(), "healthz", "application/json", new byte[0]).statusCode())
        .isEqualTo(405);
  }

  @Test
  void hostileBodiesAreNeverAllowed() throws Exception {
    start(WebhookServerTest::judge, options());
    Random random = new Random(7);
    byte[] pod = WebhookTestKit.pod("registry.example/shop/unsigned:1");
    List<byte[]> bodies = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] noise = new byte[random.nextInt(2048)];
      random.nextBytes(noise);
      bodies.add(noise);
      bodies.add(java.util.Arrays.copyOf(pod, random.nextInt(pod.length)));
    }
    bodies.add(("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
    bodies.add(
        ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + "{\"a\":".repeat(5_000)
                + "1"
                + "}".repeat(5_000)
                + "}")
            .getBytes(StandardCharsets.US_ASCII));
    bodies.add(new byte[0]);

    for (byte[] body : bodies) {
      for (String path : List.of("validate", "mutate")) {
        HttpResponse<String> response = kit.review(url(), path, body);
        assertThat(response.statusCode()).isIn(200, 400);
        if (response.statusCode() == 200) {
          assertThat(WebhookTestKit.tree(response.body()).at("/response/allowed").booleanValue())
              .isFalse();
        }
      }
    }
  }

  @Test
  void aSaturatedWorkerPoolAnswers503AtOnce() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ImageChecker blocking =
        request -> {
          entered.countDown();
          release.await(30, TimeUnit.SECONDS);
          return judge(request);
        };
    start(blocking, options().workerThreads(1).workerQueue(0));
    byte[] pod = WebhookTestKit.pod("registry.example/shop/signed:1");

    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return kit.review(url(), "validate", pod);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> second = kit.review(url(), "validate", pod);
    release.countDown();

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(server.metrics().scrape())
        .contains("trust_mirror_webhook_reviews_total{outcome=\"overloaded\",path=\"validate\"} 1");
  }

  @Test
  void aReviewDecidedFromMemoryIsAnsweredWhileEveryWorkerIsBusy() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ImageChecker checker =
        new ImageChecker() {
          @Override
          public Verdict check(dev.trustmirror.verifier.admission.CheckRequest request)
              throws InterruptedException {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            return judge(request);
          }

          @Override
          public Optional<Verdict> known(dev.trustmirror.verifier.admission.CheckRequest request) {
            // the verdict cache holds the "cached" repositories only
            return request.image().repository().toString().contains("cached")
                ? Optional.of(judge(request))
                : Optional.empty();
          }
        };
    start(checker, options().workerThreads(1).workerQueue(0));

    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return kit.review(
                    url(), "validate", WebhookTestKit.pod("registry.example/shop/signed:1"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> cached =
        kit.review(url(), "mutate", WebhookTestKit.pod("registry.example/shop/cached-signed:1"));
    HttpResponse<String> cachedUnsigned =
        kit.review(
            url(), "validate", WebhookTestKit.pod("registry.example/shop/cached-unsigned:1"));
    release.countDown();

    assertThat(cached.statusCode()).isEqualTo(200);
    JsonNode admitted = WebhookTestKit.tree(cached.body()).get("response");
    assertThat(admitted.get("allowed").booleanValue()).isTrue();
    assertThat(admitted.get("patchType").textValue()).isEqualTo("JSONPatch");
    JsonNode denied = WebhookTestKit.tree(cachedUnsigned.body()).get("response");
    assertThat(denied.get("allowed").booleanValue()).isFalse();
    assertThat(denied.at("/status/message").textValue()).contains("no signature found");
    assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(server.metrics().scrape()).doesNotContain("outcome=\"overloaded\"");
  }

  @Test
  void servesMetricsOnBothPortsWithTheReviewCounters() throws Exception {
    start(
        WebhookServerTest::judge,
        options().metricsListener("127.0.0.1", 0).verdictCacheSize(() -> 42));
    kit.review(url(), "validate", WebhookTestKit.pod("registry.example/shop/signed:1"));
    kit.review(url(), "validate", WebhookTestKit.pod("registry.example/shop/unsigned:1"));
    kit.review(url(), "mutate", WebhookTestKit.pod("registry.example/shop/signed:1"));

    HttpResponse<String> https = kit.get(url(), "metrics");
    HttpResponse<String> plain =
        HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.metricsPort().getAsInt() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(plain.statusCode()).isEqualTo(200);
    for (String text : List.of(https.body(), plain.body())) {
      assertThat(text)
          .contains("trust_mirror_webhook_reviews_total{outcome=\"allowed\",path=\"validate\"} 1")
          .contains("trust_mirror_webhook_reviews_total{outcome=\"denied\",path=\"validate\"} 1")
          .contains("trust_mirror_webhook_reviews_total{outcome=\"allowed\",path=\"mutate\"} 1")
          .contains("trust_mirror_webhook_review_seconds_count{path=\"validate\"} 2")
          .contains("trust_mirror_webhook_review_seconds_bucket{path=\"validate\",le=")
          .contains("trust_mirror_verdict_cache_size 42")
          .contains("trust_mirror_webhook_tls_reloads_total 0");
    }
    assertThat(
            HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + server.metricsPort().getAsInt()
                                    + "/validate"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .as("reviews are never answered over plain HTTP")
        .isEqualTo(404);
  }

  @Test
  void aRenewedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    start(WebhookServerTest::judge, options());
    BigInteger before = kit.servedSerial(server.port());

    BigInteger renewed = kit.rotate().certificate().getSerialNumber();
    boolean installed = server.reloadTls().await();

    assertThat(before).isNotEqualTo(renewed);
    assertThat(installed).isTrue();
    assertThat(kit.servedSerial(server.port())).isEqualTo(renewed);
    assertThat(
            kit.review(url(), "validate", WebhookTestKit.pod("registry.example/shop/signed:1"))
                .statusCode())
        .isEqualTo(200);
    assertThat(server.metrics().scrape()).contains("trust_mirror_webhook_tls_reloads_total 1");
  }

  @Test
  void theTimerPicksUpARenewedCertificate() throws Exception {
    start(WebhookServerTest::judge, options().tlsReloadInterval(Duration.ofMillis(100)));
    BigInteger renewed = kit.rotate().certificate().getSerialNumber();

    // Waits for the timer's effect, bounded; no timing is asserted.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!kit.servedSerial(server.port()).equals(renewed) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(kit.servedSerial(server.port())).isEqualTo(renewed);
  }

  @Test
  void brokenNewFilesKeepTheOldCertificate() throws Exception {
    start(WebhookServerTest::judge, options());
    BigInteger served = kit.servedSerial(server.port());
    String goodKey = Files.readString(kit.privateKey);

    // a half-written certificate
    Files.writeString(kit.certificate, "-----BEGIN CERTIFICATE-----\nMIIB");
    assertThat(server.reloadTls().await()).isFalse();
    assertThat(kit.servedSerial(server.port())).isEqualTo(served);

    // a new certificate with the old key: the pair does not match
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    dev.trustmirror.testkit.registry.TestCertificates.write(
        kit.ca.issueServer(), other.resolve("c"), other.resolve("k"));
    Files.copy(
        other.resolve("c"), kit.certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(kit.privateKey, goodKey);
    assertThat(server.reloadTls().await()).isFalse();
    assertThat(kit.servedSerial(server.port())).isEqualTo(served);

    assertThat(server.metrics().scrape())
        .contains("trust_mirror_webhook_tls_reload_failures_total 2")
        .contains("trust_mirror_webhook_tls_reloads_total 0");
  }

  @Test
  void doesNotStartWithABrokenCertificatePair() throws Exception {
    kit = new WebhookTestKit(dir);
    Files.writeString(kit.privateKey, "not a key");

    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> start(WebhookServerTest::judge, options()));

    assertThat(failure)
        .isInstanceOfSatisfying(
            CertificatePairException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(CertificatePairException.Problem.NO_KEY);
              assertThat(e.file()).isEqualTo(kit.privateKey);
            });
  }
}
