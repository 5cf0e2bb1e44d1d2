package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The containers/image signature file reader, with hostile input. */
class SignatureLayerTest {

  @Test
  void roundTripsTheContainersImageForm() {
    SignatureLayer layer =
        new SignatureLayer(
            SignatureLayer.MEDIA_TYPE,
            "payload".getBytes(StandardCharsets.UTF_8),
            Map.of(SignatureLayer.SIGNATURE, "c2ln", SignatureLayer.BUNDLE, "{}"));

    byte[] file = layer.toContainersImageFormat();

    assertThat(new String(file, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("\0sigstore-json\n");
    assertThat(SignatureLayer.fromContainersImageFormat(file))
        .usingRecursiveComparison()
        .isEqualTo(layer);
    assertThat(layer.annotations().keySet())
        .containsExactly(SignatureLayer.SIGNATURE, SignatureLayer.BUNDLE);
  }

  @Test
  void describesItselfAsAnOciLayerDescriptor() {
    byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
    SignatureLayer layer =
        new SignatureLayer(
            SignatureLayer.MEDIA_TYPE, payload, Map.of(SignatureLayer.SIGNATURE, "c2ln"));

    var descriptor = layer.descriptor();

    assertThat(descriptor.get("mediaType").asText()).isEqualTo(SignatureLayer.MEDIA_TYPE);
    assertThat(descriptor.get("size").asLong()).isEqualTo(7);
    assertThat(descriptor.get("digest").asText()).isEqualTo("sha256:" + Sha256.hex(payload));
    assertThat(descriptor.at("/annotations/dev.cosignproject.cosign~1signature").asText())
        .isEqualTo("c2ln");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|MISSING_PREFIX|''",
        "{\"mimeType\":\"x\"}|MISSING_PREFIX|''",
        "\\0sigstore-json\\n|INVALID_JSON|''",
        "\\0sigstore-json\\n{|INVALID_JSON|''",
        "\\0sigstore-json\\n[]|INVALID_JSON|''",
        "\\0sigstore-json\\n{\"payload\":\"\",\"annotations\":{}}|MISSING_FIELD|mimeType",
        "\\0sigstore-json\\n{\"mimeType\":7,\"payload\":\"\",\"annotations\":{}}|MISSING_FIELD|mimeType",
        "\\0sigstore-json\\n{\"mimeType\":\"m\",\"annotations\":{}}|MISSING_FIELD|payload",
        "\\0sigstore-json\\n{\"mimeType\":\"m\",\"payload\":\"%%%\",\"annotations\":{}}|INVALID_BASE64|payload",
        "\\0sigstore-json\\n{\"mimeType\":\"m\",\"payload\":\"\"}|MISSING_FIELD|annotations",
        "\\0sigstore-json\\n{\"mimeType\":\"m\",\"payload\":\"\",\"annotations\":[]}|MISSING_FIELD|annotations",
        "\\0sigstore-json\\n{\"mimeType\":\"m\",\"payload\":\"\",\"annotations\":{\"k\":1}}|MISSING_FIELD|annotations.k",
      })
  void refusesMalformedFilesWithTypedReasons(
      String file, MalformedSignatureException.Reason reason, String field) {
    byte[] bytes = file.replace("\\0", "\0").replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);

    MalformedSignatureException e =
        catchThrowableOfType(
            MalformedSignatureException.class,
            () -> SignatureLayer.fromContainersImageFormat(bytes));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.field()).isEqualTo(field);
  }
}
