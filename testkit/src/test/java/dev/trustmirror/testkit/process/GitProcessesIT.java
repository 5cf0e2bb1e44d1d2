package dev.trustmirror.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitProcessesIT {

  @Test
  void commitTreeReplacesTheWorktreeDeterministically(@TempDir Path tmp) throws Exception {
    Path first = Files.createDirectories(tmp.resolve("first/metadata"));
    Files.writeString(first.resolve("root.json"), "1");
    Files.writeString(tmp.resolve("first/gone.txt"), "x");
    Path second = Files.createDirectories(tmp.resolve("second/metadata"));
    Files.writeString(second.resolve("root.json"), "2");

    GitRepoWriter a = GitRepoWriter.init(tmp.resolve("a"));
    GitRepoWriter b = GitRepoWriter.init(tmp.resolve("b"));
    String a1 = a.commitTree(tmp.resolve("first"), "one");
    String a2 = a.commitTree(tmp.resolve("second"), "two");
    assertThat(b.commitTree(tmp.resolve("first"), "one")).isEqualTo(a1);
    assertThat(a2).isNotEqualTo(a1).matches("[0-9a-f]{40}").isEqualTo(a.head());
    assertThat(GitCli.run(a.directory(), Map.of(), "ls-tree", "-r", "--name-only", "HEAD"))
        .isEqualTo("metadata/root.json\n");
  }

  @Test
  void daemonServesRepositoriesUnderItsBasePath(@TempDir Path tmp) throws Exception {
    Path content = Files.createDirectories(tmp.resolve("content"));
    Files.writeString(content.resolve("timestamp.json"), "{}");
    GitRepoWriter repo = GitRepoWriter.init(tmp.resolve("repos/root-signing"));
    String commit = repo.commitTree(content, "first");
    try (GitDaemon daemon = GitDaemon.start(tmp.resolve("repos"))) {
      assertThat(daemon.url("root-signing").toString())
          .isEqualTo("git://127.0.0.1:" + daemon.port() + "/root-signing");
      String refs = GitCli.run(tmp, Map.of(), "ls-remote", daemon.url("root-signing").toString());
      assertThat(refs).contains(commit + "\trefs/heads/main");
    }
  }
}
