package dev.trustmirror.bundles;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * The detached signature {@code manifest.json.sig}: ECDSA P-256 with SHA-256 over the exact bytes
 * of {@code manifest.json}, DER-encoded, so that {@code openssl dgst -sha256 -verify pub.pem
 * -signature manifest.json.sig manifest.json} checks it. The nonce is derived from the key and the
 * message (RFC 6979), so signing the same manifest twice gives the same bytes and a signed bundle
 * stays reproducible.
 */
final class ManifestSignature {
  private ManifestSignature() {}

  static byte[] sign(byte[] manifest, PrivateKey key) {
    try {
      ECPrivateKeyParameters params =
          (ECPrivateKeyParameters) PrivateKeyFactory.createKey(key.getEncoded());
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, params);
      BigInteger[] rs =
          signer.generateSignature(MessageDigest.getInstance("SHA-256").digest(manifest));
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
          .getEncoded();
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("Tried to sign the manifest but failed: " + e, e);
    }
  }

  /** True when {@code signature} is a valid signature of {@code manifest} by {@code key}. */
  static boolean verify(byte[] manifest, byte[] signature, PublicKey key) {
    try {
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(key);
      v.update(manifest);
      return v.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed DER signature is a bad signature, not an error of ours.
      return false;
    }
  }
}
