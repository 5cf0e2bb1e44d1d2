package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake {@link ImageChecker}: answers with {@code answer} and records every request. Its default
 * resolution: a reference with a digest is that digest; a tag resolves to {@code sha256(name:tag)}.
 */
final class RecordingChecker implements ImageChecker {
  /** What the fake answers. */
  @FunctionalInterface
  interface Answer {
    Verdict answer(CheckRequest request, Digest resolved)
        throws IOException, RegistryRefusalException, InterruptedException;
  }

  private final Answer answer;
  final List<CheckRequest> requests = new CopyOnWriteArrayList<>();

  RecordingChecker(Answer answer) {
    this.answer = answer;
  }

  static RecordingChecker verifying() {
    return new RecordingChecker((request, digest) -> Fixtures.verified(digest));
  }

  static RecordingChecker refusing(String... reasons) {
    return new RecordingChecker((request, digest) -> Fixtures.refused(digest, reasons));
  }

  static Digest resolve(ImageReference image) {
    return image
        .digest()
        .orElseGet(() -> Fixtures.digest(image.repository() + ":" + image.tagOrLatest()));
  }

  @Override
  public Verdict check(CheckRequest request)
      throws IOException, RegistryRefusalException, InterruptedException {
    requests.add(request);
    return answer.answer(request, resolve(request.image()));
  }

  List<String> images() {
    return requests.stream().map(r -> r.image().toString()).toList();
  }
}
