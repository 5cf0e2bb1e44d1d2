package dev.trustmirror.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TUF workflow on the real Sigstore root-signing data (all expired: clocks are pinned). */
class RealSigstoreRepositoryTest {
  static final Path DATA = TestData.sigstore();

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static TrustState pinnedAtRoot1() throws Exception {
    return TrustState.pin(Files.readAllBytes(DATA.resolve("history/01-6f15b60f9a/1.root.json")));
  }

  @Test
  void verifiesHistoryPoint08FromRoot1ByteForByte() throws Exception {
    MapSource source = MapSource.of(DATA.resolve("history/08-60cf2ce8b2"));
    UpdateResult result =
        new TufUpdater(source, at("2026-08-21T20:25:56Z"), Limits.defaults())
            .update(pinnedAtRoot1());

    VerifiedRepository repo = result.repository().orElseThrow();
    assertThat(repo.paths()).containsExactlyElementsOf(source.files.keySet());
    for (Map.Entry<String, byte[]> e : source.files.entrySet()) {
      assertThat(repo.bytes(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(repo.rootVersion()).isEqualTo(15);
    assertThat(repo.timestampVersion()).isEqualTo(762);
    assertThat(repo.role("snapshot").version()).isEqualTo(165);
    assertThat(repo.role("targets").version()).isEqualTo(14);
    assertThat(repo.role("registry.npmjs.org").version()).isEqualTo(8);
    assertThat(repo.findTarget("trusted_root.json")).isPresent();
    assertThat(result.state().rootVersion()).isEqualTo(15);
  }

  @Test
  void refusesHistoryPoint08AfterTimestampExpiry() throws Exception {
    MapSource source = MapSource.of(DATA.resolve("history/08-60cf2ce8b2"));
    assertThatThrownBy(
            () ->
                new TufUpdater(source, at("2026-08-28T19:25:56Z"), Limits.defaults())
                    .update(pinnedAtRoot1()))
        .isInstanceOfSatisfying(
            ExpiredMetadataException.class, e -> assertThat(e.role()).isEqualTo("timestamp"));
  }

  @Test
  void noChangeRefreshAsksOnlyForTheTimestamp() throws Exception {
    MapSource source = MapSource.of(DATA.resolve("history/08-60cf2ce8b2"));
    TufUpdater updater = new TufUpdater(source, at("2026-08-21T20:25:56Z"), Limits.defaults());
    TrustState state = updater.update(pinnedAtRoot1()).state();
    source.requests.clear();

    UpdateResult again = updater.refresh(state);

    assertThat(again.repository()).isEmpty();
    assertThat(source.requests).containsExactly("timestamp.json");
  }

  /** History points 01..08 with a time inside each point's validity window. */
  static final String[][] HISTORY = {
    {"01-6f15b60f9a", "2024-09-02T14:31:36Z", "10", "217"},
    {"02-5339dcd614", "2025-02-03T09:39:43Z", "11", "267"},
    {"03-94f5283eee", "2025-02-06T09:58:01Z", "12", "270"},
    {"04-50e6bb33d0", "2025-07-21T07:02:15Z", "13", "413"},
    {"05-27335c9d86", "2025-10-10T17:46:33Z", "13", "484"},
    {"06-fa53673def", "2025-12-20T14:26:39Z", "14", "546"},
    {"07-9d870b0515", "2026-05-18T09:09:17Z", "15", "678"},
    {"08-60cf2ce8b2", "2026-08-21T20:25:56Z", "15", "762"},
  };

  @Test
  void replaysHistory01To08CarryingTrustStateAndMatchesEachPointByteForByte() throws Exception {
    TrustState state = pinnedAtRoot1();
    for (String[] point : HISTORY) {
      MapSource source = MapSource.of(DATA.resolve("history").resolve(point[0]));
      UpdateResult result = new TufUpdater(source, at(point[1]), Limits.defaults()).refresh(state);
      VerifiedRepository repo = result.repository().orElseThrow();
      assertThat(repo.paths()).as(point[0]).containsExactlyElementsOf(source.files.keySet());
      for (Map.Entry<String, byte[]> e : source.files.entrySet()) {
        assertThat(repo.bytes(e.getKey())).as(point[0] + " " + e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(repo.rootVersion()).isEqualTo(Integer.parseInt(point[2]));
      assertThat(repo.timestampVersion()).isEqualTo(Integer.parseInt(point[3]));
      state = result.state();
    }
  }

  @Test
  void refusesToGoBackFromHistory08To07() throws Exception {
    TrustState at08 =
        new TufUpdater(
                MapSource.of(DATA.resolve("history/08-60cf2ce8b2")),
                at("2026-08-21T20:25:56Z"),
                Limits.defaults())
            .update(pinnedAtRoot1())
            .state();
    MapSource old = MapSource.of(DATA.resolve("history/07-9d870b0515"));
    assertThatThrownBy(
            () -> new TufUpdater(old, at("2026-05-18T09:09:17Z"), Limits.defaults()).refresh(at08))
        .isInstanceOfSatisfying(
            RollbackException.class,
            e -> {
              assertThat(e.role()).isEqualTo("timestamp");
              assertThat(e.trustedVersion()).isEqualTo(762);
              assertThat(e.foundVersion()).isEqualTo(678);
            });
  }

  @Test
  void verifiesLegacyLayoutWithNonConsistentEarlyRootsAndSha512Names() throws Exception {
    Path dir = DATA.resolve("legacy-published-2024-08-30");
    MapSource source = MapSource.of(dir);
    VerifiedRepository repo =
        new TufUpdater(source, at("2024-09-01T00:00:00Z"), Limits.defaults())
            .update(TrustState.pin(Files.readAllBytes(dir.resolve("1.root.json"))))
            .repository()
            .orElseThrow();
    assertThat(repo.rootVersion()).isEqualTo(9);
    assertThat(repo.timestampVersion()).isEqualTo(216);
    for (String path : repo.paths()) {
      assertThat(repo.bytes(path)).as(path).isEqualTo(source.files.get(path));
    }
    assertThat(repo.paths())
        .contains("155.snapshot.json", "9.targets.json")
        .anyMatch(p -> p.matches("targets/[0-9a-f]{128}\\.trusted_root\\.json"))
        .anyMatch(p -> p.matches("targets/[0-9a-f]{64}\\.trusted_root\\.json"))
        .doesNotContain("root.json", "snapshot.json", "targets.json", "154.snapshot.json");
  }

  @Test
  void verifiesStagingWhoseRootExpiriesDoNotGrow() throws Exception {
    Path dir = DATA.resolve("staging-published-head");
    MapSource source = MapSource.of(dir);
    VerifiedRepository repo =
        new TufUpdater(source, at("2026-08-22T00:00:00Z"), Limits.defaults())
            .update(TrustState.pin(Files.readAllBytes(dir.resolve("1.root.json"))))
            .repository()
            .orElseThrow();
    assertThat(repo.rootVersion()).isEqualTo(14);
    assertThat(repo.paths()).containsExactlyElementsOf(source.files.keySet());
  }
}
