package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real-data directory, found by walking up from {@code user.dir}. */
final class TestData {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestData() {}

  /** {@code shared/testdata/sigstore-root-signing}. */
  static Path sigstoreRootSigning() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      for (Path candidate :
          new Path[] {dir.resolve("shared/testdata"), dir.resolve("../shared/testdata")}) {
        Path data = candidate.resolve("sigstore-root-signing").normalize();
        if (Files.isDirectory(data)) {
          return data;
        }
      }
    }
    throw new IllegalStateException(
        "Tried to find shared/testdata/sigstore-root-signing above "
            + System.getProperty("user.dir")
            + " but found none");
  }

  static JsonNode readJson(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }

  static JsonNode readJson(byte[] file) throws IOException {
    return MAPPER.readTree(file);
  }
}
