package dev.trustmirror.sync.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.tuf.PublishedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output directory: one writer at a time, leftovers removed, current resolved safely. */
class GenerationPublisherTest {
  @TempDir Path out;

  @Test
  void aSecondWriterIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
    GenerationPublisher first = new GenerationPublisher(out, 3);
    try (AutoCloseable held = first.lock()) {
      assertThatThrownBy(() -> new GenerationPublisher(out, 3).lock())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Another sync");
    }
    try (AutoCloseable again = new GenerationPublisher(out, 3).lock()) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void takingTheLockRemovesWhatAKilledPublishLeftBehind() throws Exception {
    Path tmp = Files.createDirectories(out.resolve("generations/.tmp-5-abc-123/targets"));
    Files.writeString(tmp.resolve("half"), "x");
    Files.createSymbolicLink(out.resolve(".current-123"), Path.of("generations/nothing"));
    try (AutoCloseable lock = new GenerationPublisher(out, 3).lock()) {
      assertThat(out.resolve("generations/.tmp-5-abc-123")).doesNotExist();
      assertThat(Files.exists(out.resolve(".current-123"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .isFalse();
    }
  }

  @Test
  void nothingPublishedIsEmpty() throws Exception {
    assertThat(PublishedDirectory.current(out)).isEmpty();
  }

  @Test
  void currentPointingOutsideGenerationsIsRefused() throws Exception {
    Files.createDirectories(out.resolve("generations"));
    Path elsewhere = Files.createDirectories(out.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("current"), elsewhere);
    assertThatThrownBy(() -> PublishedDirectory.current(out)).isInstanceOf(IOException.class);
  }

  @Test
  void keepMustBePositive() {
    assertThatThrownBy(() -> new GenerationPublisher(out, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
