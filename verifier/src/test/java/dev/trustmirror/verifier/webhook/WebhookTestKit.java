package dev.trustmirror.verifier.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trustmirror.testkit.registry.TestCertificates;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocket;

/**
 * What the webhook server tests share: a test CA and server certificate files, an HTTPS client
 * trusting that CA, real-shaped AdmissionReviews (the admission package's {@code reviews/}
 * resources) with their images replaced, ImageTrustPolicy documents, and a JSON Patch applier for
 * the operations the webhook emits.
 */
final class WebhookTestKit {
  static final ObjectMapper JSON = new ObjectMapper();

  final TestCertificates ca = TestCertificates.newCa("webhook");
  final Path certificate;
  final Path privateKey;
  final HttpClient client;

  WebhookTestKit(Path dir) throws IOException {
    certificate = dir.resolve("tls.crt");
    privateKey = dir.resolve("tls.key");
    TestCertificates.write(ca.issueServer(), certificate, privateKey);
    client =
        HttpClient.newBuilder()
            .sslContext(ca.trustingSslContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** A fresh server certificate from the same CA, written over the served files. */
  TestCertificates.Issued rotate() throws IOException {
    TestCertificates.Issued issued = ca.issueServer();
    TestCertificates.write(issued, certificate, privateKey);
    return issued;
  }

  /** POSTs {@code body} to {@code path} as {@code contentType}. */
  HttpResponse<String> post(URI base, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs an AdmissionReview as the API server does. */
  HttpResponse<String> review(URI base, String path, byte[] body)
      throws IOException, InterruptedException {
    return post(base, path, "application/json", body);
  }

  HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The serial number of the certificate a new TLS handshake with 127.0.0.1:{@code port} sees. */
  BigInteger servedSerial(int port) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) ca.trustingSslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** An AdmissionReview from the admission package's resources, each image mapped. */
  static byte[] review(String name, UnaryOperator<String> images) {
    ObjectNode review = reviewTree(name);
    replaceImages(review.get("request").get("object"), images);
    return bytes(review);
  }

  static ObjectNode reviewTree(String name) {
    try (InputStream in =
        WebhookTestKit.class.getResourceAsStream(
            "/dev/trustmirror/verifier/admission/reviews/" + name)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces every {@code image} member under {@code node}. */
  static void replaceImages(JsonNode node, UnaryOperator<String> images) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("image") && field.getValue().isTextual()) {
          field.setValue(new TextNode(images.apply(field.getValue().textValue())));
        } else {
          replaceImages(field.getValue(), images);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> replaceImages(child, images));
    }
  }

  /** A Pod with one container per image, named c0, c1... */
  static byte[] pod(String... images) {
    ObjectNode review = reviewTree("pod-create.json");
    ObjectNode spec = (ObjectNode) review.at("/request/object/spec");
    spec.remove("initContainers");
    ArrayNode containers = spec.putArray("containers");
    for (int i = 0; i < images.length; i++) {
      containers.addObject().put("name", "c" + i).put("image", images[i]);
    }
    return bytes(review);
  }

  /** An ImageTrustPolicy over {@code glob} whose one authority is the public key {@code pem}. */
  static LoadedPolicy keyPolicy(String name, String failurePolicy, String glob, String pem) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "trust-mirror.dev/v1alpha1");
    root.put("kind", "ImageTrustPolicy");
    root.putObject("metadata").put("name", name).put("generation", 1);
    ObjectNode spec = root.putObject("spec");
    spec.putArray("images").add(glob);
    spec.put("failurePolicy", failurePolicy);
    spec.putArray("authorities")
        .addObject()
        .put("name", "release-key")
        .putArray("keys")
        .addObject()
        .put("data", pem);
    return LoadedPolicy.load(bytes(root));
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies the RFC 6902 operations the webhook emits ({@code test}, {@code replace}) as the API
   * server does; refuses any other operation, a failed test and a path that does not exist.
   */
  static JsonNode applyPatch(JsonNode document, byte[] patch) {
    JsonNode result = document.deepCopy();
    JsonNode operations;
    try {
      operations = JSON.readTree(patch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (JsonNode operation : operations) {
      JsonPointer path = JsonPointer.compile(operation.get("path").textValue());
      JsonNode value = operation.get("value");
      JsonNode current = result.at(path);
      if (current.isMissingNode()) {
        throw new IllegalArgumentException("No value at " + path);
      }
      switch (operation.get("op").textValue()) {
        case "test" -> {
          if (!current.equals(value)) {
            throw new IllegalArgumentException("test failed at " + path + ": " + current);
          }
        }
        case "replace" -> {
          JsonNode parent = result.at(path.head());
          String last = path.last().getMatchingProperty();
          if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
          } else {
            ((ObjectNode) parent).set(last, value);
          }
        }
        default -> throw new IllegalArgumentException("Unexpected operation " + operation);
      }
    }
    return result;
  }
}
