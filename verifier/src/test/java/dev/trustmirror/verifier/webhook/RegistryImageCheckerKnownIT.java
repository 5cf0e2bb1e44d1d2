package dev.trustmirror.verifier.webhook;

import static dev.trustmirror.verifier.webhook.SignedTags.KEY;
import static dev.trustmirror.verifier.webhook.SignedTags.OTHER_KEY;
import static dev.trustmirror.verifier.webhook.SignedTags.REPOSITORY;
import static dev.trustmirror.verifier.webhook.SignedTags.checker;
import static dev.trustmirror.verifier.webhook.SignedTags.policy;
import static dev.trustmirror.verifier.webhook.SignedTags.pushSigned;
import static dev.trustmirror.verifier.webhook.SignedTags.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryImageChecker#known}: a verdict answered from memory only (credentials, verifier,
 * the tag's resolution, the verdict), against a real docker-registry that each test owns, so that
 * stopping it proves no registry call is made.
 */
class RegistryImageCheckerKnownIT {
  private static VerificationPolicy trusting;
  private static VerificationPolicy otherKeys;

  private DockerRegistry registry;
  private String digest;
  private String tag;
  private String pinned;

  @BeforeAll
  static void policies() throws Exception {
    trusting = policy(KEY);
    otherKeys = policy(OTHER_KEY);
  }

  @BeforeEach
  void push() throws Exception {
    registry = DockerRegistry.start();
    digest = pushSigned(registry, "v1");
    tag = registry.host() + "/" + REPOSITORY + ":v1";
    pinned = registry.host() + "/" + REPOSITORY + "@" + digest;
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void nothingIsKnownBeforeACheck() throws Exception {
    RegistryImageChecker checker = checker(registry, TagReuse.of(Duration.ofSeconds(30)));

    assertThat(checker.known(request(tag, trusting))).isEmpty();
    assertThat(checker.known(request(pinned, trusting))).isEmpty();
  }

  @Test
  void aCheckedTagIsKnownWithTheSameVerdictWithoutTheRegistry() throws Exception {
    RegistryImageChecker checker = checker(registry, TagReuse.of(Duration.ofSeconds(30)));
    Verdict checked = checker.check(request(tag, trusting));
    assertThat(checked.verified()).isTrue();
    assertThat(checked.image()).hasToString(digest);

    registry.close();

    assertThat(checker.known(request(tag, trusting))).hasValue(checked);
    assertThat(checker.known(request(pinned, trusting)))
        .as("the digest the tag resolved to")
        .hasValue(checked);
    assertThat(checker.known(request(registry.host() + "/" + REPOSITORY + ":v2", trusting)))
        .as("a tag never resolved")
        .isEmpty();
  }

  @Test
  void aPolicyWithOtherKeysIsNotKnown() throws Exception {
    RegistryImageChecker checker = checker(registry, TagReuse.of(Duration.ofSeconds(30)));
    checker.check(request(tag, trusting));

    assertThat(checker.known(request(tag, otherKeys))).as("no verifier for these keys").isEmpty();
    assertThat(checker.known(request(pinned, otherKeys))).isEmpty();

    Verdict refused = checker.check(request(tag, otherKeys));
    assertThat(refused.verified()).isFalse();
    assertThat(checker.known(request(tag, otherKeys)))
        .as("its own verdict once checked")
        .hasValue(refused);
    assertThat(checker.known(request(tag, trusting)).map(Verdict::verified)).hasValue(true);
  }

  @Test
  void pullCredentialsNotHeldInMemoryMakeNothingKnown() throws Exception {
    RegistryImageChecker checker =
        RegistryImageChecker.create(
            RegistryClientOptions.builder()
                .insecureRegistries(Set.of(registry.host()))
                .retries(0)
                .build(),
            auth -> RegistryCredentials.none(), // find() only: known() is empty
            VerdictCache.create(SignedTags.VERDICTS),
            DiscoveryLimits.DEFAULTS,
            SignedTags.LATER);
    assertThat(checker.check(request(tag, trusting)).verified()).isTrue();

    assertThat(checker.known(request(tag, trusting))).isEmpty();
    assertThat(checker.known(request(pinned, trusting))).isEmpty();
  }

  @Test
  void withNoTagReuseATagIsNeverKnownButItsDigestIs() throws Exception {
    RegistryImageChecker checker = checker(registry, TagReuse.of(Duration.ZERO));
    Verdict checked = checker.check(request(tag, trusting));
    assertThat(checked.verified()).isTrue();

    assertThat(checker.known(request(tag, trusting))).isEmpty();
    assertThat(checker.known(request(pinned, trusting))).hasValue(checked);
  }
}
