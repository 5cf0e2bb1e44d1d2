package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Validating and Mutating WebhookConfigurations: they call the webhook's Service over TLS the
 * API server can verify (a caBundle, or cert-manager's injection), never for kube-system or the
 * release's own namespace, for Pods and every workload kind, with the failure policy and timeout of
 * the values.
 */
class WebhookConfigurationIT {
  static final String WEBHOOK = RenderedChart.componentName("webhook");
  static final String SERVICE_DNS = WEBHOOK + "." + ValueSet.NAMESPACE + ".svc";

  /** A webhook of either configuration, reduced to what both kinds share. */
  record Hook(
      String kind,
      String name,
      List<String> reviewVersions,
      String sideEffects,
      String failurePolicy,
      int timeoutSeconds,
      ServiceReference service,
      Optional<String> caBundle,
      List<LabelSelectorRequirement> namespaceExpressions,
      List<RuleWithOperations> rules,
      HasMetadata configuration) {}

  static List<Hook> hooks(RenderedChart chart) {
    List<Hook> hooks = new ArrayList<>();
    for (ValidatingWebhookConfiguration c : chart.all(ValidatingWebhookConfiguration.class)) {
      for (ValidatingWebhook w : c.getWebhooks()) {
        hooks.add(
            new Hook(
                c.getKind(),
                w.getName(),
                w.getAdmissionReviewVersions(),
                w.getSideEffects(),
                w.getFailurePolicy(),
                w.getTimeoutSeconds(),
                w.getClientConfig().getService(),
                Optional.ofNullable(w.getClientConfig().getCaBundle()),
                w.getNamespaceSelector().getMatchExpressions(),
                w.getRules(),
                c));
      }
    }
    for (MutatingWebhookConfiguration c : chart.all(MutatingWebhookConfiguration.class)) {
      for (MutatingWebhook w : c.getWebhooks()) {
        hooks.add(
            new Hook(
                c.getKind(),
                w.getName(),
                w.getAdmissionReviewVersions(),
                w.getSideEffects(),
                w.getFailurePolicy(),
                w.getTimeoutSeconds(),
                w.getClientConfig().getService(),
                Optional.ofNullable(w.getClientConfig().getCaBundle()),
                w.getNamespaceSelector().getMatchExpressions(),
                w.getRules(),
                c));
      }
    }
    return hooks;
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void bothConfigurationsCallTheWebhookServiceOnItsHttpsPort(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    List<Hook> hooks = hooks(chart);
    if (chart.deployment("webhook").isEmpty()) {
      assertThat(hooks).isEmpty();
      return;
    }
    assertThat(hooks)
        .extracting(Hook::kind)
        .containsExactlyInAnyOrder(
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    Service service = chart.get(Service.class, WEBHOOK);
    ServicePort https =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getName().equals("https"))
            .findFirst()
            .orElseThrow();
    for (Hook h : hooks) {
      assertThat(h.name()).as(h.kind()).matches("(validate|mutate)\\.tm\\.trust-mirror\\.dev");
      assertThat(h.reviewVersions()).as(h.kind()).containsExactly("v1");
      assertThat(h.sideEffects()).as(h.kind()).isEqualTo("None");
      assertThat(h.service().getName()).as(h.kind()).isEqualTo(WEBHOOK);
      assertThat(h.service().getNamespace()).as(h.kind()).isEqualTo(ValueSet.NAMESPACE);
      assertThat(h.service().getPort()).as(h.kind()).isEqualTo(https.getPort());
      assertThat(h.service().getPath())
          .as(h.kind())
          .isEqualTo(h.kind().startsWith("Validating") ? "/validate" : "/mutate");
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void kubeSystemAndTheReleaseNamespaceAreNeverSentToTheWebhook(ValueSet values) {
    for (Hook h : hooks(RenderedChart.of(values))) {
      LabelSelectorRequirement exclusion = h.namespaceExpressions().get(0);
      assertThat(exclusion.getKey()).isEqualTo("kubernetes.io/metadata.name");
      assertThat(exclusion.getOperator()).isEqualTo("NotIn");
      assertThat(exclusion.getValues()).as(h.kind()).contains("kube-system", ValueSet.NAMESPACE);
    }
    List<Hook> optIn = hooks(RenderedChart.of(ValueSet.SELF_SIGNED));
    assertThat(optIn)
        .isNotEmpty()
        .allSatisfy(
            h -> {
              assertThat(h.namespaceExpressions().get(0).getValues())
                  .containsExactly("kube-system", ValueSet.NAMESPACE, "istio-system");
              assertThat(h.namespaceExpressions().get(1).getKey())
                  .isEqualTo("trust-mirror.dev/enforce");
              assertThat(h.namespaceExpressions().get(1).getValues()).containsExactly("true");
            });
  }

  @Test
  void failurePolicyAndTimeoutComeFromTheValues() {
    assertThat(hooks(RenderedChart.of(ValueSet.DEFAULTS)))
        .hasSize(2)
        .allSatisfy(
            h -> {
              assertThat(h.failurePolicy()).isEqualTo("Fail");
              assertThat(h.timeoutSeconds()).isEqualTo(10);
            });
    assertThat(hooks(RenderedChart.of(ValueSet.SELF_SIGNED)))
        .hasSize(2)
        .allSatisfy(
            h -> {
              assertThat(h.failurePolicy()).isEqualTo("Ignore");
              assertThat(h.timeoutSeconds()).isEqualTo(5);
            });
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void theWebhookIsToldTheTimeoutTheApiServerWaits(ValueSet values) {
    RenderedChart chart = RenderedChart.of(values);
    for (Hook h : hooks(chart)) {
      Container webhook = Pods.main(chart.deployment("webhook").orElseThrow());
      assertThat(Pods.argument(webhook, "--timeout")).contains(h.timeoutSeconds() + "s");
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void podsAndEveryWorkloadKindAreSentOnCreateAndUpdate(ValueSet values) {
    Set<String> expected =
        Set.of(
            "/v1/pods",
            "/v1/pods/ephemeralcontainers",
            "apps/v1/deployments",
            "apps/v1/replicasets",
            "apps/v1/statefulsets",
            "apps/v1/daemonsets",
            "batch/v1/jobs",
            "batch/v1/cronjobs");
    for (Hook h : hooks(RenderedChart.of(values))) {
      Set<String> covered = new TreeSet<>();
      for (RuleWithOperations r : h.rules()) {
        assertThat(r.getOperations()).as(h.kind()).containsExactlyInAnyOrder("CREATE", "UPDATE");
        assertThat(r.getScope()).isEqualTo("Namespaced");
        for (String group : r.getApiGroups()) {
          for (String version : r.getApiVersions()) {
            for (String resource : r.getResources()) {
              covered.add(group + "/" + version + "/" + resource);
            }
          }
        }
      }
      assertThat(covered).as(h.kind()).isEqualTo(expected);
    }
  }

  @Test
  void selfSignedTlsPutsOneGeneratedCaIntoTheSecretAndBothCaBundles() throws Exception {
    RenderedChart chart = RenderedChart.of(ValueSet.SELF_SIGNED);
    Secret secret = chart.get(Secret.class, "admission-tls");
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(mountedTlsSecret(chart)).isEqualTo("admission-tls");

    byte[] ca = decode(secret.getData().get("ca.crt"));
    for (Hook h : hooks(chart)) {
      assertThat(h.caBundle()).as(h.kind()).isPresent();
      assertThat(decode(h.caBundle().get())).as(h.kind()).isEqualTo(ca);
      assertThat(h.configuration().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    X509Certificate caCert = certificate(ca);
    X509Certificate serving = certificate(decode(secret.getData().get("tls.crt")));
    serving.verify(caCert.getPublicKey()); // signed by the CA of the caBundle
    assertThat(caCert.getBasicConstraints()).as("the CA is a CA").isGreaterThanOrEqualTo(0);
    assertThat(dnsNames(serving)).contains(SERVICE_DNS, WEBHOOK + "." + ValueSet.NAMESPACE);
    assertThat(
            Duration.between(serving.getNotBefore().toInstant(), serving.getNotAfter().toInstant())
                .toDays())
        .as("validityDays: 365")
        .isBetween(364L, 366L);
    assertKeyMatches(decode(secret.getData().get("tls.key")), serving);
  }

  @Test
  void certManagerIssuesTheSecretTheWebhookMountsAndInjectsItsCa() {
    RenderedChart chart = RenderedChart.of(ValueSet.CERT_MANAGER);
    assertThat(chart.all(Secret.class)).isEmpty();
    List<GenericKubernetesResource> certificates = chart.generic("Certificate");
    GenericKubernetesResource serving =
        certificates.stream()
            .filter(c -> c.getMetadata().getName().equals(WEBHOOK))
            .findFirst()
            .orElseThrow();

    for (Hook h : hooks(chart)) {
      assertThat(h.caBundle()).as(h.kind()).isEmpty();
      assertThat(h.configuration().getMetadata().getAnnotations())
          .as(h.kind())
          .containsEntry("cert-manager.io/inject-ca-from", ValueSet.NAMESPACE + "/" + WEBHOOK);
    }
    assertThat(serving.<String>get("spec", "secretName")).isEqualTo(mountedTlsSecret(chart));
    assertThat(serving.<List<String>>get("spec", "dnsNames")).contains(SERVICE_DNS);
    // No issuer given: the chart's own chain, self-signed issuer -> CA certificate -> CA issuer
    String issuer = serving.get("spec", "issuerRef", "name");
    GenericKubernetesResource caIssuer =
        chart.generic("Issuer").stream()
            .filter(i -> i.getMetadata().getName().equals(issuer))
            .findFirst()
            .orElseThrow();
    String caSecret = caIssuer.get("spec", "ca", "secretName");
    assertThat(certificates)
        .anySatisfy(
            c -> {
              assertThat(c.<Boolean>get("spec", "isCA")).isTrue();
              assertThat(c.<String>get("spec", "secretName")).isEqualTo(caSecret);
            });
  }

  @Test
  void anExistingSecretIsMountedAndTheGivenCaBecomesTheCaBundle() {
    RenderedChart chart = RenderedChart.of(ValueSet.EXISTING_SECRETS);
    assertThat(chart.all(Secret.class)).isEmpty();
    assertThat(mountedTlsSecret(chart)).isEqualTo("trust-mirror-webhook-serving");
    for (Hook h : hooks(chart)) {
      assertThat(new String(decode(h.caBundle().orElseThrow()), StandardCharsets.UTF_8))
          .startsWith("-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIU");
    }
  }

  private static String mountedTlsSecret(RenderedChart chart) {
    Deployment webhook = chart.deployment("webhook").orElseThrow();
    return Pods.volume(webhook, "tls").orElseThrow().getSecret().getSecretName();
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private static X509Certificate certificate(byte[] pem) throws GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  private static List<String> dnsNames(X509Certificate c) throws GeneralSecurityException {
    List<String> names = new ArrayList<>();
    for (List<?> san : c.getSubjectAlternativeNames()) {
      if (Integer.valueOf(2).equals(san.get(0))) {
        names.add((String) san.get(1));
      }
    }
    return names;
  }

  /** The Secret's key is the private half of the certificate's public key. */
  private static void assertKeyMatches(byte[] pem, X509Certificate cert)
      throws GeneralSecurityException, IOException {
    Object parsed;
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.UTF_8)))) {
      parsed = parser.readObject();
    }
    assertThat(parsed).as("tls.key is a PEM key pair").isInstanceOf(PEMKeyPair.class);
    PrivateKey key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parsed).getPrivate();
    byte[] challenge = "trust-mirror".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(cert.getPublicKey());
    verifier.update(challenge);
    assertThat(verifier.verify(signature)).isTrue();
  }
}
