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
}
