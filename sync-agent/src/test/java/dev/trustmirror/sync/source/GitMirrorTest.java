package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitMirrorTest {

  @Test
  void looksForBranchesThenTagsThenCommitIds() {
    assertThat(GitMirror.candidates("main"))
        .containsExactly("refs/remotes/origin/main", "refs/tags/main");
    assertThat(GitMirror.candidates("refs/heads/main")).containsExactly("refs/remotes/origin/main");
    assertThat(GitMirror.candidates("refs/tags/v1")).containsExactly("refs/tags/v1");
    String id = "60CF2CE8B2E45D600DC17C4421E8C751E75772BE";
    assertThat(GitMirror.candidates(id)).endsWith(id.toLowerCase());
  }

  @Test
  void namesCacheDirectoriesReadablyAndUniquely() {
    String a = GitMirror.cacheName("https://github.com/sigstore/root-signing.git");
    String b = GitMirror.cacheName("https://github.com/sigstore/root-signing");
    assertThat(a).matches("root-signing-[0-9a-f]{12}\\.git").isNotEqualTo(b);
    assertThat(GitMirror.cacheName("file:///"))
        .matches("[A-Za-z0-9_-][A-Za-z0-9._-]*-[0-9a-f]{12}\\.git");
    assertThat(GitMirror.cacheName("git://h/../..")).doesNotContain("/").doesNotStartWith(".");
  }
}
