package dev.trustmirror.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.HashMismatchException;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real syncs of a generated repository from a directory source, recorded by {@link SyncMetrics} and
 * scraped over HTTP from {@link MetricsEndpoint}: the values are the metadata's, a refused update
 * is counted with its reason and leaves the last success where it was.
 */
class SyncMetricsIT {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  final MovableClock clock = new MovableClock(T0);
  final HttpClient http = HttpClient.newHttpClient();
  RepoBuilder repo;
  Path source;
  Path out;
  SyncMetrics metrics;
  MetricsEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    repo = RepoBuilder.create(T0);
    source = tmp.resolve("source");
    repo.writePublished(source);
    out = tmp.resolve("out");
    metrics = new SyncMetrics(clock);
    endpoint = MetricsEndpoint.start("127.0.0.1", 0, metrics::scrape);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  /** One attempt as the CLI runs it: open the source, sync, close. */
  void sync() throws Exception {
    metrics.record(
        () -> {
          try (RepositorySource src =
              RepositorySources.open(source.toString(), SourceOptions.defaults())) {
            return new SyncAgent(src, new GenerationPublisher(out, 3), clock, Limits.defaults())
                .syncOnce(Optional.of(repo.metadata(RoleType.ROOT, 1)));
          }
        });
  }

  PrometheusText scrape() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(endpoint.url()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  static long expires(byte[] metadata) {
    try {
      return Instant.parse(JSON.readTree(metadata).at("/signed/expires").asText()).getEpochSecond();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void assertRolesAreTheRepository(PrometheusText s) {
    for (RoleType role : RoleType.values()) {
      String name = role == RoleType.DELEGATED ? repo.options().delegatedRole() : roleName(role);
      String label = "{role=\"" + name + "\"}";
      assertThat(s.value("trustmirror_role_version" + label)).isEqualTo(repo.version(role));
      long expires = expires(repo.metadata(role));
      assertThat(s.value("trustmirror_role_expires_timestamp_seconds" + label)).isEqualTo(expires);
      assertThat(s.value("trustmirror_role_expires_in_seconds" + label))
          .isEqualTo(expires - clock.instant().getEpochSecond());
    }
  }

  static String roleName(RoleType role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void aFirstSyncShowsEveryRoleOfTheRepositoryAndOnePublishedGeneration() throws Exception {
    clock.advance(Duration.ofMinutes(1));
    sync();

    PrometheusText s = scrape();
    assertRolesAreTheRepository(s);
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_published_total")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.plus(Duration.ofMinutes(1)).getEpochSecond());
    assertThat(s.names()).doesNotContain("trustmirror_sync_failures_total");
  }

  @Test
  void aNewTimestampIsPublishedAndAnUnchangedSourceIsAlsoASuccess() throws Exception {
    sync();
    clock.advance(Duration.ofHours(1));
    repo.at(clock.instant()).bumpTimestamp();
    repo.writePublished(source);
    sync();
    clock.advance(Duration.ofHours(1));
    sync(); // nothing changed upstream

    PrometheusText s = scrape();
    assertRolesAreTheRepository(s);
    assertThat(s.value("trustmirror_role_version{role=\"timestamp\"}")).isEqualTo(2);
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(3);
    assertThat(s.value("trustmirror_sync_published_total")).isEqualTo(2);
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.plus(Duration.ofHours(2)).getEpochSecond());
  }

  @Test
  void aRolledBackTimestampIsCountedAsRollbackAndChangesNothingElse() throws Exception {
    byte[] oldTimestamp = repo.metadata(RoleType.TIMESTAMP);
    repo.bumpTimestamp();
    repo.writePublished(source);
    sync();
    PrometheusText before = scrape();

    clock.advance(Duration.ofHours(1));
    Files.write(source.resolve("timestamp.json"), oldTimestamp);
    assertThatThrownBy(this::sync)
        .isInstanceOfSatisfying(
            RollbackException.class, e -> assertThat(e.role()).isEqualTo("timestamp"));

    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_sync_failures_total{reason=\"Rollback\"}")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(2);
    assertThat(s.value("trustmirror_sync_published_total")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(before.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.getEpochSecond());
    assertThat(s.value("trustmirror_role_version{role=\"timestamp\"}")).isEqualTo(2);
    assertRolesAreTheRepository(s);
  }

  @Test
  void aTamperedFileAndAVanishedSourceAreCountedApart() throws Exception {
    sync();
    clock.advance(Duration.ofHours(1));
    repo.at(clock.instant()).addOrChangeTarget("trusted_root.json", "{\"new\":true}".getBytes());
    repo.writePublished(source);
    // The newly listed target is served with other bytes of the same length than listed.
    try (var files = Files.walk(source.resolve("targets"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".trusted_root.json")).toList()) {
        Files.writeString(p, "{\"old\":true}");
      }
    }
    assertThatThrownBy(this::sync).isInstanceOf(HashMismatchException.class);
    Path gone = tmp.resolve("gone");
    Files.move(source, gone, StandardCopyOption.ATOMIC_MOVE);
    assertThatThrownBy(this::sync).isInstanceOf(SourceUnavailableException.class);

    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_sync_failures_total{reason=\"HashMismatch\"}")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_failures_total{reason=\"SourceUnavailable\"}"))
        .isEqualTo(1);
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(3);
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.getEpochSecond());
  }

  @Test
  void anAgentRestartedOnAnExistingDirectoryShowsItsRolesBeforeSyncing() throws Exception {
    sync();
    SyncMetrics restarted = new SyncMetrics(clock);

    assertThat(restarted.restore(new GenerationPublisher(out, 3).stateStore())).isTrue();

    PrometheusText s = PrometheusText.parse(restarted.scrape());
    assertRolesAreTheRepository(s);
    assertThat(s.value("trustmirror_sync_attempts_total")).isZero();
    assertThat(s.names()).doesNotContain("trustmirror_sync_last_success_timestamp_seconds");
  }
}
