package dev.trustmirror.verifier.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.admission.PullAuth;
import dev.trustmirror.verifier.registry.Credentials;
import dev.trustmirror.verifier.registry.RegistryConfigException;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.text.UntrustedText;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading pull Secrets as the kubelet does: {@code kubernetes.io/dockerconfigjson} ({@code
 * .dockerconfigjson}, a Docker {@code config.json}) and the legacy {@code kubernetes.io/dockercfg}
 * ({@code .dockercfg}, the bare auths map). A Secret that cannot be used is skipped (logged at
 * debug), never an error: pure, no I/O.
 */
final class PullSecrets {
  static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
  static final String DOCKER_CFG = "kubernetes.io/dockercfg";

  private static final System.Logger LOG = System.getLogger(ClusterReads.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private PullSecrets() {}

  /** The credentials of one pull Secret; empty (logged) when it cannot be used. */
  static Optional<RegistryCredentials> credentials(Secret secret, String namespace, String name) {
    String source = "Secret " + UntrustedText.of(namespace) + "/" + UntrustedText.of(name);
    String type = secret.getType();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    try {
      if (DOCKER_CONFIG_JSON.equals(type)) {
        Optional<byte[]> json = present(data, ".dockerconfigjson", source);
        if (json.isPresent()) {
          return Optional.of(RegistryCredentials.parseDockerConfig(json.get(), source));
        }
      } else if (DOCKER_CFG.equals(type)) {
        Optional<byte[]> cfg = present(data, ".dockercfg", source);
        if (cfg.isPresent()) {
          return Optional.of(RegistryCredentials.parseDockerConfig(wrapLegacy(cfg.get()), source));
        }
      } else {
        skip(source, "its type is " + UntrustedText.of(type) + ", not " + DOCKER_CONFIG_JSON);
      }
    } catch (RegistryConfigException e) {
      skip(source, e.getMessage());
    }
    return Optional.empty();
  }

  /** A legacy {@code .dockercfg} (the bare auths map) as a {@code config.json}. */
  private static byte[] wrapLegacy(byte[] cfg) throws RegistryConfigException {
    JsonNode auths;
    try {
      auths = JSON.readTree(cfg);
    } catch (IOException e) {
      auths = null;
    }
    if (auths == null || !auths.isObject()) {
      // let the parser of config.json refuse it with its typed rule
      return cfg;
    }
    ObjectNode config = JSON.createObjectNode();
    config.set("auths", auths);
    try {
      return JSON.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a tree just read always writes
    }
  }

  private static Optional<byte[]> present(Map<String, String> data, String key, String source) {
    String value = data.get(key);
    if (value == null) {
      skip(source, "it has no " + key);
      return Optional.empty();
    }
    return decode(value, key + " of " + source);
  }

  static Optional<byte[]> decode(String base64, String what) {
    try {
      return Optional.of(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      skip(what, "it is not base64");
      return Optional.empty();
    }
  }

  private static void skip(String what, String why) {
    LOG.log(Level.DEBUG, () -> "Skipped " + what + " because " + why);
  }

  /** The pod's pull secrets, then its service account's, at most {@code max}. */
  static List<String> names(PullAuth auth, Optional<ServiceAccount> account, int max) {
    Set<String> names = new LinkedHashSet<>(auth.pullSecrets());
    account
        .map(ServiceAccount::getImagePullSecrets)
        .ifPresent(
            refs -> {
              for (LocalObjectReference ref : refs) {
                if (ref != null && ref.getName() != null && !ref.getName().isEmpty()) {
                  names.add(ref.getName());
                }
              }
            });
    if (names.size() > max) {
      LOG.log(Level.DEBUG, () -> "Read only the first " + max + " pull secrets in " + auth);
      return List.copyOf(names).subList(0, max);
    }
    return List.copyOf(names);
  }

  /** The first Secret naming a registry wins; unusable Secrets are skipped. */
  static RegistryCredentials merge(
      PullAuth auth, List<String> names, List<Optional<Secret>> secrets) {
    Map<String, Credentials> merged = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      secrets
          .get(i)
          .flatMap(s -> PullSecrets.credentials(s, auth.namespace(), name))
          .ifPresent(
              rc -> {
                for (String registry : rc.registries()) {
                  rc.find(registry).ifPresent(c -> merged.putIfAbsent(registry, c));
                }
              });
    }
    return merged.isEmpty() ? RegistryCredentials.none() : RegistryCredentials.of(merged);
  }
}
