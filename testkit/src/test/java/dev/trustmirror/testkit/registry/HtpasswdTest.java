package dev.trustmirror.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class HtpasswdTest {
  @Test
  void writesBcryptLinesThatCheckTheRightPasswordOnly() {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("alice", "s3cret");
    users.put("bob", "hunter2");
    String file = Htpasswd.of(users);
    String[] lines = file.split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("alice:$2y$05$");
    String hash = lines[0].substring("alice:".length());
    assertThat(OpenBSDBCrypt.checkPassword(hash, "s3cret".toCharArray())).isTrue();
    assertThat(OpenBSDBCrypt.checkPassword(hash, "s3cret!".toCharArray())).isFalse();
  }

  @Test
  void refusesUserNamesThatWouldBreakTheFile() {
    assertThatThrownBy(() -> Htpasswd.line("a:b", "pw"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Htpasswd.line("a\nb", "pw"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
