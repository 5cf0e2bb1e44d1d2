package dev.trustmirror.tuf;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared Sigstore test data beside the checkout. */
final class TestData {
  private TestData() {}

  static Path sigstore() {
    String prop = System.getProperty("trustmirror.testdata");
    if (prop != null) {
      return Path.of(prop).resolve("sigstore-root-signing");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate :
          new Path[] {dir.resolve("shared/testdata"), dir.resolveSibling("shared/testdata")}) {
        if (Files.isDirectory(candidate.resolve("sigstore-root-signing"))) {
          return candidate.resolve("sigstore-root-signing");
        }
      }
    }
    throw new IllegalStateException(
        "shared/testdata not found above " + Path.of("").toAbsolutePath());
  }
}
