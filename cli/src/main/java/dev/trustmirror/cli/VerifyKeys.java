package dev.trustmirror.cli;

import dev.trustmirror.verifier.sigstore.InvalidPolicyException;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Reads {@code --key PEM} files: an unreadable file is an I/O error, a bad key a usage error. */
final class VerifyKeys {
  /** Largest key file read: a PEM public key is under 1 KiB (RSA 4096: about 800 bytes). */
  private static final int MAX_BYTES = 64 * 1024;

  private VerifyKeys() {}

  /** "Tried to read FILE but failed because ...": the JDK's messages are only the path. */
  static IOException unreadable(Path file, IOException e) {
    String why =
        e instanceof NoSuchFileException
            ? "it does not exist"
            : e instanceof AccessDeniedException ? "access is denied" : e.toString();
    return new IOException("Tried to read " + file + " but failed because " + why, e);
  }

  static List<VerificationKey> read(List<Path> files, CommandLine cl) throws IOException {
    List<VerificationKey> keys = new ArrayList<>();
    for (Path file : files) {
      byte[] pem;
      try (var in = Files.newInputStream(file)) {
        pem = in.readNBytes(MAX_BYTES + 1);
      } catch (IOException e) {
        throw unreadable(file, e);
      }
      if (pem.length > MAX_BYTES) {
        throw new CommandLine.ParameterException(
            cl, "The key " + file + " is larger than " + MAX_BYTES + " bytes: not a public key");
      }
      try {
        keys.add(VerificationKey.parse(pem, file.getFileName().toString()));
      } catch (InvalidPolicyException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
    }
    return keys;
  }
}
