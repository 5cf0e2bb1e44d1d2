package dev.trustmirror.bundles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;

/** The throwaway keys under src/test/resources/dev/trustmirror/bundles/keys (see its README). */
final class TestKeys {
  private TestKeys() {}

  static byte[] pem(String name) {
    try (InputStream in = TestKeys.class.getResourceAsStream("keys/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test key " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PrivateKey admin() throws Exception {
    return PemKeys.privateKey(pem("admin-sec1.pem"), "admin-sec1.pem");
  }

  static PublicKey adminPublic() throws Exception {
    return PemKeys.publicKey(pem("admin-pub.pem"), "admin-pub.pem");
  }

  static PublicKey otherPublic() throws Exception {
    return PemKeys.publicKey(pem("admin2-pub.pem"), "admin2-pub.pem");
  }
}
