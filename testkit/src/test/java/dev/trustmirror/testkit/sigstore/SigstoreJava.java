package dev.trustmirror.testkit.sigstore;

import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.fulcio.client.FulcioCertificateMatcher;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** sigstore-java 2.0.0's verification code, wired to our fixtures: the reference they must pass. */
final class SigstoreJava {

  private SigstoreJava() {}

  static SigstoreTrustedRoot trustedRoot(TrustedRootBuilder builder) throws Exception {
    return SigstoreTrustedRoot.from(new ByteArrayInputStream(builder.toBytes()));
  }

  /** A KeylessVerifier built the public way: from a trusted_root.json file. */
  static KeylessVerifier keylessVerifier(TrustedRootBuilder builder, Path dir) throws Exception {
    Path file = builder.writeTo(dir.resolve("trusted_root.json"));
    return KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(file)).build();
  }

  static Bundle bundle(String json) throws Exception {
    return Bundle.from(new StringReader(json));
  }

  /** sigstore-java's own Fulcio matcher (SAN and issuer extraction), exact strings. */
  static VerificationOptions identity(String san, String issuer) {
    FulcioCertificateMatcher matcher =
        new FulcioCertificateMatcher() {
          @Override
          public StringMatcher getIssuer() {
            return StringMatcher.string(issuer);
          }

          @Override
          public StringMatcher getSubjectAlternativeName() {
            return StringMatcher.string(san);
          }

          @Override
          public Map<String, StringMatcher> getOidRawStrings() {
            return Map.of();
          }

          @Override
          public Map<String, StringMatcher> getOidDerAsn1Strings() {
            return Map.of();
          }

          @Override
          public Map<String, byte[]> getOidBytes() {
            return Map.of();
          }
        };
    return () -> List.of(matcher);
  }

  static byte[] read(Path file) throws Exception {
    return Files.readAllBytes(file);
  }
}
