package dev.trustmirror.verifier.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trustmirror.verifier.discovery.DiscoveryProblem.Rule;
import dev.trustmirror.verifier.discovery.DiscoveryProblem.Source;
import dev.trustmirror.verifier.registry.ContentTooLargeException;
import dev.trustmirror.verifier.registry.Descriptor;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.MalformedManifestException;
import dev.trustmirror.verifier.registry.ManifestContent;
import dev.trustmirror.verifier.registry.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What discovery reads from the manifests a registry returned: hostile and broken manifests become
 * typed problems, never exceptions, and nothing past a limit is planned for reading.
 */
class SignatureManifestsTest {
  private static final Digest IMAGE = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
  private static final Digest OTHER = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
  private static final String CONFIG =
      "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
          + Digest.sha256("{}".getBytes(StandardCharsets.UTF_8))
          + "\",\"size\":2}";

  private static String layer(String mediaType, String content, long size, String annotations) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + Digest.sha256(content.getBytes(StandardCharsets.UTF_8))
        + "\",\"size\":"
        + size
        + (annotations.isEmpty() ? "" : ",\"annotations\":" + annotations)
        + "}";
  }

  private static String manifest(String extra, String... layers) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST
        + "\","
        + CONFIG
        + ",\"layers\":["
        + String.join(",", layers)
        + "]"
        + extra
        + "}";
  }

  private static String subject(Digest digest) {
    return ",\"subject\":{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":10}";
  }

  private static ManifestContent content(String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return ManifestContent.of(
        Digest.sha256(bytes), bytes, Optional.empty(), "test", 4 * 1024 * 1024);
  }

  @Test
  void plansEverySimpleSigningLayerWithItsAnnotationsAndSkipsOtherMediaTypes() throws Exception {
    ManifestContent sig =
        content(
            manifest(
                "",
                layer(MediaTypes.COSIGN_SIMPLE_SIGNING, "a", 1, "{\"k\":\"v\"}"),
                layer("application/vnd.example.other", "b", 1, ""),
                layer(MediaTypes.COSIGN_SIMPLE_SIGNING, "c", 1, "")));

    SignatureManifests.Plan plan = SignatureManifests.cosignLayers(sig, "repo:tag.sig", 100);

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.read())
        .extracting(Descriptor::digest)
        .containsExactly(
            Digest.sha256("a".getBytes(StandardCharsets.UTF_8)),
            Digest.sha256("c".getBytes(StandardCharsets.UTF_8)));
    assertThat(plan.read().get(0).annotations()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void refusesALayerAnnouncedLongerThanTheLimitAndKeepsTheOthers() throws Exception {
    ManifestContent sig =
        content(
            manifest(
                "",
                layer(MediaTypes.COSIGN_SIMPLE_SIGNING, "a", 101, ""),
                layer(MediaTypes.COSIGN_SIMPLE_SIGNING, "b", 100, "")));

    SignatureManifests.Plan plan = SignatureManifests.cosignLayers(sig, "repo:tag.sig", 100);

    assertThat(plan.read()).hasSize(1);
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(Source.COSIGN);
              assertThat(p.rule()).isEqualTo(Rule.TOO_LARGE);
              assertThat(p.location()).isEqualTo("repo:tag.sig");
            });
  }

  @Test
  void refusesAnIndexWhereASignatureManifestIsExpected() throws Exception {
    ManifestContent index =
        content(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":["
                + layer(MediaTypes.OCI_MANIFEST, "m", 10, "")
                + "]}");

    assertThat(SignatureManifests.cosignLayers(index, "l", 100).problems())
        .extracting(DiscoveryProblem::rule)
        .containsExactly(Rule.NOT_A_MANIFEST);
    assertThat(SignatureManifests.bundleLayers(index, IMAGE, "l", 100).problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Source.REFERRERS, Rule.NOT_A_MANIFEST));
  }

  @Test
  void readsEachListedReferrerOnceAndNoIndexes() throws Exception {
    Descriptor manifest = descriptor(MediaTypes.OCI_MANIFEST, "r1");
    Descriptor again = descriptor(MediaTypes.OCI_MANIFEST, "r1");
    Descriptor index = descriptor(MediaTypes.OCI_INDEX, "r2");
    Descriptor docker = descriptor(MediaTypes.DOCKER_MANIFEST, "r3");

    SignatureManifests.Plan plan =
        SignatureManifests.referrers(List.of(manifest, again, index, docker), "list");

    assertThat(plan.read()).containsExactly(manifest, docker);
    assertThat(plan.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Source.REFERRERS, Rule.NOT_A_MANIFEST));
  }

  private static Descriptor descriptor(String mediaType, String content) {
    return new Descriptor(
        mediaType,
        Digest.sha256(content.getBytes(StandardCharsets.UTF_8)),
        10,
        Optional.of(MediaTypes.SIGSTORE_BUNDLE_V03),
        Map.of(),
        Optional.empty());
  }

  @Test
  void readsTheBundleLayerOfAReferrerOfTheImage() throws Exception {
    ManifestContent referrer =
        content(
            manifest(
                subject(IMAGE),
                layer(MediaTypes.SIGSTORE_BUNDLE_V03, "bundle", 6, ""),
                layer("application/octet-stream", "x", 1, "")));

    SignatureManifests.Plan plan = SignatureManifests.bundleLayers(referrer, IMAGE, "l", 100);

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.read())
        .extracting(Descriptor::digest)
        .containsExactly(Digest.sha256("bundle".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusesAReferrerWithoutSubjectOrWithAnotherSubject() throws Exception {
    String bundleLayer = layer(MediaTypes.SIGSTORE_BUNDLE_V03, "bundle", 6, "");
    for (String extra : List.of("", subject(OTHER))) {
      ManifestContent referrer = content(manifest(extra, bundleLayer));

      assertThat(SignatureManifests.bundleLayers(referrer, IMAGE, "l", 100))
          .satisfies(
              plan -> {
                assertThat(plan.read()).isEmpty();
                assertThat(plan.problems())
                    .extracting(DiscoveryProblem::rule)
                    .containsExactly(Rule.SUBJECT_MISMATCH);
              });
    }
  }

  @Test
  void refusesAReferrerWithoutBundleLayerOrWithAnOversizeOne() throws Exception {
    ManifestContent none =
        content(manifest(subject(IMAGE), layer("application/octet-stream", "x", 1, "")));
    ManifestContent large =
        content(manifest(subject(IMAGE), layer(MediaTypes.SIGSTORE_BUNDLE_V03, "b", 101, "")));

    assertThat(SignatureManifests.bundleLayers(none, IMAGE, "l", 100).problems())
        .extracting(DiscoveryProblem::rule)
        .containsExactly(Rule.NO_BUNDLE_LAYER);
    assertThat(SignatureManifests.bundleLayers(large, IMAGE, "l", 100).problems())
        .extracting(DiscoveryProblem::rule)
        .containsExactly(Rule.TOO_LARGE);
  }

  /**
   * Byte flips, insertions, deletions and truncations of a signature manifest: each mutant is
   * either refused by the manifest parser with its typed exception, or planned without throwing,
   * and a plan never reads a non-simple-signing layer nor one over the limit.
   */
  @Test
  void fuzzedSignatureManifestsAreRefusedOrPlannedNeverThrown() throws Exception {
    byte[] valid =
        manifest(
                subject(IMAGE),
                layer(MediaTypes.COSIGN_SIMPLE_SIGNING, "a", 50, "{\"k\":\"v\"}"),
                layer(MediaTypes.SIGSTORE_BUNDLE_V03, "b", 60, ""))
            .getBytes(StandardCharsets.UTF_8);
    Random random = new Random(5);
    int parsed = 0;
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] mutant = mutate(valid, random);
      Throwable thrown = catchThrowable(() -> plan(mutant));
      if (thrown == null) {
        parsed++;
      } else {
        assertThat(thrown)
            .as("mutant %d: %s", i, new String(mutant, StandardCharsets.UTF_8))
            .isInstanceOfAny(MalformedManifestException.class, ContentTooLargeException.class);
        refused++;
      }
    }
    assertThat(parsed).isPositive();
    assertThat(refused).isPositive();
  }

  private static void plan(byte[] bytes) throws Exception {
    ManifestContent content =
        ManifestContent.of(Digest.sha256(bytes), bytes, Optional.empty(), "fuzz", 64 * 1024);
    SignatureManifests.Plan cosign = SignatureManifests.cosignLayers(content, "fuzz", 55);
    for (Descriptor d : cosign.read()) {
      assertThat(d.mediaType()).isEqualTo(MediaTypes.COSIGN_SIMPLE_SIGNING);
      assertThat(d.size()).isLessThanOrEqualTo(55);
    }
    SignatureManifests.Plan bundles = SignatureManifests.bundleLayers(content, IMAGE, "fuzz", 55);
    for (Descriptor d : bundles.read()) {
      assertThat(d.mediaType()).startsWith(SignatureManifests.BUNDLE_MEDIA_TYPE_PREFIX);
      assertThat(d.size()).isLessThanOrEqualTo(55);
    }
    assertThat(cosign.read().size() + cosign.problems().size()).isLessThanOrEqualTo(2);
  }

  private static byte[] mutate(byte[] input, Random random) {
    byte[] out = input.clone();
    int at = random.nextInt(out.length);
    switch (random.nextInt(4)) {
      case 0 -> out[at] = (byte) random.nextInt(256);
      case 1 -> {
        byte[] longer = new byte[out.length + 1];
        System.arraycopy(out, 0, longer, 0, at);
        longer[at] = (byte) "{}[],:\"0a \\".charAt(random.nextInt(11));
        System.arraycopy(out, at, longer, at + 1, out.length - at);
        out = longer;
      }
      case 2 -> {
        byte[] shorter = new byte[out.length - 1];
        System.arraycopy(out, 0, shorter, 0, at);
        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
        out = shorter;
      }
      default -> out = java.util.Arrays.copyOf(out, at);
    }
    return out;
  }
}
