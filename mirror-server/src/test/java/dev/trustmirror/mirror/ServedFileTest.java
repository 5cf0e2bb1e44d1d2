package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServedFileTest {
  @Test
  void metadataIsJsonWithAStrongContentHashTag() {
    byte[] bytes = "{\"signed\": {}}".repeat(20).getBytes(StandardCharsets.UTF_8);
    ServedFile f = ServedFile.of("3.snapshot.json", bytes);
    String sha = ServedFile.sha256Hex(bytes);
    assertThat(f.contentType().toString()).isEqualTo("application/json");
    assertThat(f.identity().etag().toString()).isEqualTo("\"sha256-" + sha + "\"");
    assertThat(f.identity().contentLength().toString()).isEqualTo(Integer.toString(bytes.length));
    assertThat(f.identity().body().getBytes()).isEqualTo(bytes);
    assertThat(f.gzip()).isPresent();
    assertThat(f.gzip().get().etag().toString()).isEqualTo("\"sha256-" + sha + "-gz\"");
    assertThat(f.hasSha256(sha)).isTrue();
    assertThat(f.hasSha256(ServedFile.sha256Hex(new byte[0]))).isFalse();
  }

  @Test
  void targetsAreOctetsAndIncompressibleFilesHaveNoGzipVariant() {
    ServedFile f = ServedFile.of("targets/" + "a".repeat(64) + ".x", new byte[] {1, 2, 3});
    assertThat(f.contentType().toString()).isEqualTo("application/octet-stream");
    assertThat(f.gzip()).isEmpty();
    assertThat(f.cacheControl().toString()).isEqualTo("public, max-age=31536000, immutable");
  }
}
