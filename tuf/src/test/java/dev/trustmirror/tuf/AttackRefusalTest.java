package dev.trustmirror.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trustmirror.testkit.tuf.FileAttacks;
import dev.trustmirror.testkit.tuf.MetadataAttacks;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RepoFiles;
import dev.trustmirror.testkit.tuf.RepoScenario;
import dev.trustmirror.testkit.tuf.RoleType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attack and fault that testkit generates with its own keys is refused with the typed error
 * of the rule it breaks, after the client trusted the state before the attack.
 */
class AttackRefusalTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final int OVERSIZE = 12 * 1024 * 1024;

  static RepoBuilder repo() {
    return RepoBuilder.create(T0);
  }

  static Stream<RepoScenario> refusals() {
    List<RepoScenario> all = new ArrayList<>(MetadataAttacks.on(repo()).allRefusals());
    all.addAll(FileAttacks.on(repo()).allRefusals(OVERSIZE));
    return all.stream();
  }

  /** Trusts {@code before}, then updates from {@code served}; returns what was thrown. */
  static Throwable attempt(RepoScenario s) throws Exception {
    Clock clock = Clock.fixed(s.clientTime(), ZoneOffset.UTC);
    RepoFiles before = s.before();
    TrustState state = TrustState.pin(before.toMap().get("1.root.json"));
    state =
        new TufUpdater(new MapSource(before.toMap()), clock, Limits.defaults())
            .update(state)
            .state();
    TrustState trusted = state;
    return catchThrowable(
        () ->
            new TufUpdater(new MapSource(s.served().toMap()), clock, Limits.defaults())
                .update(trusted));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesEveryGeneratedAttackWithASecurityRefusal(RepoScenario s) throws Exception {
    Throwable t = attempt(s);
    assertThat(t).as(s.name() + " (" + s.rule() + ")").isInstanceOf(TufRefusalException.class);
    assertThat(t).isInstanceOf(expectedType(s.name()));
  }

  /** The typed refusal each scenario must produce. */
  static Class<? extends TufRefusalException> expectedType(String name) {
    if (name.endsWith("-rollback")) {
      return RollbackException.class;
    }
    if (name.endsWith("-expired")) {
      return ExpiredMetadataException.class;
    }
    if (name.endsWith("-version-mismatch")) {
      return VersionMismatchException.class;
    }
    if (name.endsWith("-below-threshold")
        || name.endsWith("-untrusted-signer")
        || name.equals("root-not-signed-by-previous-root")) {
      return ThresholdNotMetException.class;
    }
    if (name.equals("target-hash-mismatch")) {
      return HashMismatchException.class;
    }
    // A file longer than its signed length is cut off at that length: too large.
    if (name.startsWith("oversize-") || name.equals("target-length-mismatch")) {
      return FileTooLargeException.class;
    }
    if (name.startsWith("target-name-")) {
      return InvalidTargetPathException.class;
    }
    if (name.endsWith("-truncated")
        || name.endsWith("-wrong-types")
        || name.endsWith("-missing-signed")) {
      return MalformedMetadataException.class;
    }
    throw new AssertionError("no expectation for scenario " + name);
  }

  @Test
  void timestampRollbackNamesTrustedAndFoundVersions() throws Exception {
    RollbackException e =
        (RollbackException) attempt(MetadataAttacks.on(repo()).timestampRollback());
    assertThat(e.role()).isEqualTo("timestamp");
    assertThat(e.foundVersion()).isLessThan(e.trustedVersion());
  }

  @Test
  void delegatedRollbackIsCaughtForTheDelegatedRole() throws Exception {
    RollbackException e =
        (RollbackException) attempt(MetadataAttacks.on(repo()).delegatedRollback());
    assertThat(e.role()).isEqualTo(repo().options().delegatedRole());
  }

  @Test
  void expiredDelegatedRoleIsAFreeze() throws Exception {
    ExpiredMetadataException e =
        (ExpiredMetadataException) attempt(MetadataAttacks.on(repo()).expired(RoleType.DELEGATED));
    assertThat(e.role()).isEqualTo(repo().options().delegatedRole());
    assertThat(e.expires()).isBefore(e.now());
  }

  @Test
  void untrustedTargetsSignerCountsZeroValidSignatures() throws Exception {
    ThresholdNotMetException e =
        (ThresholdNotMetException)
            attempt(MetadataAttacks.on(repo()).untrustedSigner(RoleType.TARGETS));
    assertThat(e.role()).isEqualTo("targets");
    assertThat(e.validSignatures()).isZero();
    assertThat(e.threshold()).isEqualTo(1);
  }

  @Test
  void rootRotationNotSignedByTheOldRootIsRefused() throws Exception {
    ThresholdNotMetException e =
        (ThresholdNotMetException)
            attempt(MetadataAttacks.on(repo()).rootNotSignedByPreviousRoot());
    assertThat(e.role()).isEqualTo("root");
    assertThat(e.signingRole()).isEqualTo("root v1");
  }

  @Test
  void targetHashMismatchNamesTheAlgorithm() throws Exception {
    HashMismatchException e =
        (HashMismatchException) attempt(FileAttacks.on(repo()).targetHashMismatch());
    assertThat(e.role()).isEqualTo(FileAttacks.TARGET);
    assertThat(e.algorithm()).isEqualTo("sha256");
    assertThat(e.found()).isNotEqualTo(e.expected());
  }

  @Test
  void oversizeTimestampIsStoppedAtTheLimit() throws Exception {
    FileTooLargeException e =
        (FileTooLargeException) attempt(FileAttacks.on(repo()).oversizeTimestamp(OVERSIZE));
    assertThat(e.limit()).isEqualTo(Limits.defaults().maxTimestampBytes());
  }

  @Test
  void refreshWithAnUnchangedTimestampDoesNotLookAtANewRootUntilTheTimestampChanges()
      throws Exception {
    // ADR 0002: the no-change fast path accepts nothing new, so a bad root N+1 served beside an
    // unchanged timestamp is not even read; the full workflow refuses it.
    RepoScenario s = MetadataAttacks.on(repo()).rootNotSignedByPreviousRoot();
    Clock clock = Clock.fixed(s.clientTime(), ZoneOffset.UTC);
    TrustState trusted =
        new TufUpdater(new MapSource(s.before().toMap()), clock, Limits.defaults())
            .update(TrustState.pin(s.before().toMap().get("1.root.json")))
            .state();
    MapSource served = new MapSource(s.served().toMap());
    UpdateResult unchanged = new TufUpdater(served, clock, Limits.defaults()).refresh(trusted);
    assertThat(unchanged.repository()).isEmpty();
    assertThat(unchanged.state().rootVersion()).isEqualTo(trusted.rootVersion());
    assertThat(served.requests).containsExactly("timestamp.json");
  }

  @Test
  void acceptsEmptySignaturesAndUnknownKeyids() throws Exception {
    assertThat(attempt(MetadataAttacks.on(repo()).quirks())).isNull();
  }
}
