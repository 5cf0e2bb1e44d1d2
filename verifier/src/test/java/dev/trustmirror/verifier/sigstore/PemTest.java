package dev.trustmirror.verifier.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Pem#blocks}' hand-written scanner against the regular expression it replaced (kept here as
 * the reference): the same blocks, or the same refusal, for well-formed PEM and for seeded random
 * mutants of it (flipped, inserted, deleted characters, truncations), including mutants of the
 * labels, the dashes and the separators.
 */
class PemTest {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final String ALPHABET = "-ABEGINDZ09 az+/=\t\n\r\u000b\f!ÿ";

  @Test
  void findsTheBlocksTheRegularExpressionFound() {
    String pem =
        "\n"
            + block("CERTIFICATE", new byte[300])
            + "\r\n"
            + block("PUBLIC KEY", new byte[91])
            + "  \n";
    Random random = new Random(5);
    int refused = 0;
    int accepted = 0;
    for (int i = 0; i < 4000; i++) {
      String input = i == 0 ? pem : mutate(pem, random, 1 + random.nextInt(3));
      String ours = outcome(input, false);
      assertThat(ours).as("input %s", input).isEqualTo(outcome(input, true));
      if (ours.startsWith("refused")) {
        refused++;
      } else {
        accepted++;
      }
    }
    assertThat(refused).isGreaterThan(100);
    assertThat(accepted).isGreaterThan(100);
  }

  private static String outcome(String text, boolean reference) {
    try {
      List<Pem.Block> blocks =
          reference
              ? regex(text)
              : Pem.blocks(text, MalformedSignatureException.Part.CERTIFICATE, "field");
      StringBuilder out = new StringBuilder();
      for (Pem.Block b : blocks) {
        out.append(b.label()).append(':').append(HexFormat.of().formatHex(b.der())).append(';');
      }
      return out.toString();
    } catch (MalformedSignatureException e) {
      return "refused " + e.rule() + " " + e.getMessage();
    }
  }

  /** The former implementation. */
  private static List<Pem.Block> regex(String text) throws MalformedSignatureException {
    MalformedSignatureException.Part part = MalformedSignatureException.Part.CERTIFICATE;
    List<Pem.Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    int end = 0;
    while (m.find()) {
      blank(text.substring(end, m.start()));
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).strip());
      } catch (IllegalArgumentException e) {
        throw new MalformedSignatureException(
            part,
            MalformedSignatureException.Rule.NOT_PEM,
            "field",
            "a PEM block is not base64",
            e);
      }
      if (der.length == 0) {
        throw new MalformedSignatureException(
            part, MalformedSignatureException.Rule.NOT_PEM, "field", "a PEM block is empty");
      }
      blocks.add(new Pem.Block(m.group(1), der));
      end = m.end();
    }
    blank(text.substring(end));
    if (blocks.isEmpty()) {
      throw new MalformedSignatureException(
          part, MalformedSignatureException.Rule.NOT_PEM, "field", "it holds no PEM block");
    }
    return blocks;
  }

  private static void blank(String between) throws MalformedSignatureException {
    if (!between.isBlank()) {
      throw new MalformedSignatureException(
          MalformedSignatureException.Part.CERTIFICATE,
          MalformedSignatureException.Rule.NOT_PEM,
          "field",
          "it holds text outside PEM blocks");
    }
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----";
  }

  private static String mutate(String input, Random random, int times) {
    StringBuilder out = new StringBuilder(input);
    for (int k = 0; k < times && out.length() > 0; k++) {
      int at = random.nextInt(out.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(4)) {
        case 0 -> out.setCharAt(at, c);
        case 1 -> out.insert(at, c);
        case 2 -> out.deleteCharAt(at);
        default -> out.setLength(at);
      }
    }
    return out.toString();
  }
}
