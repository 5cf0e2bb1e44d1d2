package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusPageTest {
  @Test
  void countdownShowsDaysHoursMinutesSeconds() {
    assertThat(StatusPage.countdown(3 * 86400 + 4 * 3600 + 5 * 60 + 6)).isEqualTo("3d 04h 05m 06s");
    assertThat(StatusPage.countdown(59)).isEqualTo("00h 00m 59s");
    assertThat(StatusPage.countdown(0)).isEqualTo("expired 00h 00m 00s ago");
    assertThat(StatusPage.countdown(-7200)).isEqualTo("expired 02h 00m 00s ago");
  }

  @Test
  void escapesHtml() {
    assertThat(StatusPage.esc("<a href=\"x\">'&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }

  @Test
  void theContentSecurityPolicyAllowsOnlyTheInlineStyleAndScriptByHash() {
    assertThat(StatusPage.CONTENT_SECURITY_POLICY)
        .startsWith("default-src 'none'; style-src 'sha256-")
        .contains("script-src 'sha256-")
        .doesNotContain("unsafe-inline");
  }
}
