package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {
  private static final String TAG = "\"sha256-abc\"";

  @Test
  void matchesTheTagInAListOrAStar() {
    assertThat(EntityTags.anyMatches(TAG, TAG)).isTrue();
    assertThat(EntityTags.anyMatches("*", TAG)).isTrue();
    assertThat(EntityTags.anyMatches(" \"x\", " + TAG + " ,\"y\"", TAG)).isTrue();
    assertThat(EntityTags.anyMatches("\"x\",\t" + TAG, TAG)).isTrue();
  }

  @Test
  void comparesWeaklyAsRfc9110RequiresForIfNoneMatch() {
    assertThat(EntityTags.anyMatches("W/" + TAG, TAG)).isTrue();
  }

  @Test
  void doesNotMatchOtherTagsPrefixesOrMalformedLists() {
    assertThat(EntityTags.anyMatches("\"sha256-ab\"", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("\"sha256-abcd\"", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("\"sha256-abc-gz\"", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("sha256-abc", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("\"sha256-abc", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("**", TAG)).isFalse();
    assertThat(EntityTags.anyMatches("\"a,b\", " + TAG, TAG)).isTrue();
  }
}
