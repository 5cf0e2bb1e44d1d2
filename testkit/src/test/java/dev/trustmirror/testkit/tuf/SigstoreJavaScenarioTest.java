package dev.trustmirror.testkit.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sigstore.json.JsonParseException;
import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.InvalidHashesException;
import dev.sigstore.tuf.RoleExpiredException;
import dev.sigstore.tuf.RollbackVersionException;
import dev.sigstore.tuf.SignatureVerificationException;
import dev.sigstore.tuf.SnapshotTargetVersionException;
import dev.sigstore.tuf.SnapshotVersionMismatchException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each attack scenario is refused by sigstore-java's client for the intended reason, after it
 * synced the honest {@code before} state. This proves the scenarios are well made (right files,
 * right names, valid signatures where claimed); sigstore-java 2.0.0 ignores delegated roles, and
 * would write unsafe target names outside its store, so those scenarios are checked in {@link
 * AttackScenarioTest} instead.
 */
class SigstoreJavaScenarioTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static final Map<String, Class<? extends Exception>> REFUSAL =
      Map.ofEntries(
          Map.entry("timestamp-rollback", RollbackVersionException.class),
          Map.entry("snapshot-rollback", RollbackVersionException.class),
          Map.entry("targets-rollback", SnapshotTargetVersionException.class),
          Map.entry("delegated-rollback", SnapshotTargetVersionException.class),
          Map.entry("root-expired", RoleExpiredException.class),
          Map.entry("timestamp-expired", RoleExpiredException.class),
          Map.entry("snapshot-expired", RoleExpiredException.class),
          Map.entry("targets-expired", RoleExpiredException.class),
          Map.entry("root-below-threshold", SignatureVerificationException.class),
          Map.entry("timestamp-below-threshold", SignatureVerificationException.class),
          Map.entry("snapshot-below-threshold", SignatureVerificationException.class),
          Map.entry("targets-below-threshold", SignatureVerificationException.class),
          Map.entry("root-untrusted-signer", SignatureVerificationException.class),
          Map.entry("timestamp-untrusted-signer", SignatureVerificationException.class),
          Map.entry("snapshot-untrusted-signer", SignatureVerificationException.class),
          Map.entry("targets-untrusted-signer", SignatureVerificationException.class),
          Map.entry("snapshot-version-mismatch", SnapshotVersionMismatchException.class),
          // sigstore-java reports a targets version mismatch with the snapshot exception type
          Map.entry("targets-version-mismatch", SnapshotVersionMismatchException.class),
          Map.entry("root-not-signed-by-previous-root", SignatureVerificationException.class),
          Map.entry("target-hash-mismatch", InvalidHashesException.class),
          Map.entry("target-length-mismatch", FileExceedsMaxLengthException.class),
          Map.entry("oversize-target", FileExceedsMaxLengthException.class),
          Map.entry("oversize-timestamp", FileExceedsMaxLengthException.class),
          Map.entry("oversize-targets-metadata", FileExceedsMaxLengthException.class));

  @TempDir Path tmp;

  static Stream<RepoScenario> scenarios() {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot().bumpTargets();
    List<RepoScenario> all = new ArrayList<>(MetadataAttacks.on(repo).allRefusals());
    all.addAll(FileAttacks.on(repo).allRefusals(FileAttacks.DEFAULT_OVERSIZE_BYTES));
    return all.stream()
        .filter(s -> s.role() != RoleType.DELEGATED || s.name().equals("delegated-rollback"))
        .filter(s -> !s.name().startsWith("target-name-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sigstoreJavaRefusesScenarioAfterSyncingHonestState(RepoScenario scenario) throws Exception {
    SigstoreJavaClient client = syncedClient(scenario);
    scenario.served().writeTo(tmp.resolve("served"));

    Throwable refusal = catchThrowable(() -> client.update(tmp.resolve("served")));

    assertThat(refusal).isInstanceOf(expectedRefusal(scenario));
  }

  @Test
  void sigstoreJavaAcceptsSignatureQuirks() throws Exception {
    RepoScenario quirks = MetadataAttacks.on(RepoBuilder.create(NOW)).quirks();
    SigstoreJavaClient client = syncedClient(quirks);
    quirks.served().writeTo(tmp.resolve("served"));

    assertThatCode(() -> client.update(tmp.resolve("served"))).doesNotThrowAnyException();
  }

  private SigstoreJavaClient syncedClient(RepoScenario scenario) throws Exception {
    SigstoreJavaClient client =
        SigstoreJavaClient.trusting(
            scenario.before().get("1.root.json"), tmp.resolve("client"), scenario.clientTime());
    scenario.before().writeTo(tmp.resolve("before"));
    client.update(tmp.resolve("before"));
    return client;
  }

  private static Class<? extends Exception> expectedRefusal(RepoScenario scenario) {
    if (scenario.name().endsWith("-truncated")
        || scenario.name().endsWith("-wrong-types")
        || scenario.name().endsWith("-missing-signed")) {
      return JsonParseException.class;
    }
    Class<? extends Exception> type = REFUSAL.get(scenario.name());
    assertThat(type).as("expected sigstore-java refusal of %s", scenario.name()).isNotNull();
    return type;
  }
}
