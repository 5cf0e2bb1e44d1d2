package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The small targets a new repository starts with, shaped like Sigstore's. */
final class SampleTargets {

  private SampleTargets() {}

  static Map<String, TargetFile> topLevel() {
    Map<String, TargetFile> targets = new LinkedHashMap<>();
    targets.put(
        "trusted_root.json",
        new TargetFile(
            utf8(
                "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
                    + "\"tlogs\":[],\"certificateAuthorities\":[],\"ctlogs\":[],"
                    + "\"timestampAuthorities\":[]}\n"),
            Optional.empty()));
    targets.put(
        "rekor.pub",
        new TargetFile(
            utf8("-----BEGIN PUBLIC KEY-----\ntest rekor key\n-----END PUBLIC KEY-----\n"),
            Optional.of(sigstoreCustom("Rekor", "https://rekor.example.test"))));
    targets.put(
        "fulcio.crt.pem",
        new TargetFile(
            utf8("-----BEGIN CERTIFICATE-----\ntest fulcio ca\n-----END CERTIFICATE-----\n"),
            Optional.of(sigstoreCustom("Fulcio", "https://fulcio.example.test"))));
    return targets;
  }

  static TargetFile delegatedKeys(RepoOptions options) {
    return new TargetFile(
        utf8("{\"keys\":[{\"keyId\":\"" + options.delegatedRole() + "-test\"}]}\n"),
        Optional.empty());
  }

  /** A {@code custom} object as Sigstore writes it: {@code {"sigstore": {status, uri, usage}}}. */
  static ObjectNode sigstoreCustom(String usage, String uri) {
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.putObject("sigstore").put("status", "Active").put("uri", uri).put("usage", usage);
    return custom;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
