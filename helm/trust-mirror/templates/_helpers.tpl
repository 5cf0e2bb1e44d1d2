{{/*
Names, labels and the pieces every workload shares. Components: sync-agent, mirror-server,
webhook; "crds", "monitoring" and "tls" label the objects that belong to none of them.
*/}}

{{- define "trust-mirror.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* RELEASE-trust-mirror, or RELEASE when it already contains the chart name. */}}
{{- define "trust-mirror.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of a component's objects: (dict "ctx" $ "component" "sync-agent") */}}
{{- define "trust-mirror.componentName" -}}
{{- printf "%s-%s" (include "trust-mirror.fullname" .ctx | trunc (int (sub 62 (len .component)))) .component | trimSuffix "-" }}
{{- end }}

{{- define "trust-mirror.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels: (dict "ctx" $ "component" "webhook") */}}
{{- define "trust-mirror.labels" -}}
helm.sh/chart: {{ include "trust-mirror.chart" .ctx }}
{{ include "trust-mirror.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: trust-mirror
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The labels a component's Service, PDB and NetworkPolicy select its pods by. */}}
{{- define "trust-mirror.selectorLabels" -}}
app.kubernetes.io/name: {{ include "trust-mirror.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "trust-mirror.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "trust-mirror.trustRootName" -}}
{{- default (include "trust-mirror.fullname" .) .Values.trustRoot.name }}
{{- end }}

{{- define "trust-mirror.leaseName" -}}
{{- default (include "trust-mirror.componentName" (dict "ctx" . "component" "sync-agent")) .Values.syncAgent.leaderElection.leaseName }}
{{- end }}

{{/* The ConfigMap the chart makes from pinnedRoot.content. */}}
{{- define "trust-mirror.pinnedRootConfigMap" -}}
{{- printf "%s-pinned-root" (include "trust-mirror.fullname" . | trunc 51 | trimSuffix "-") }}
{{- end }}

{{/*
The pinned root as a volume, checked: exactly one source. Every component mounts it at
/etc/trust-mirror/root and passes --root /etc/trust-mirror/root/root.json.
*/}}
{{- define "trust-mirror.pinnedRootVolume" -}}
{{- $p := .Values.pinnedRoot }}
{{- $given := 0 }}
{{- range (list $p.content $p.existingConfigMap $p.existingSecret) }}{{ if . }}{{ $given = add1 $given }}{{ end }}{{ end }}
{{- if eq (int $given) 0 }}
{{- fail "pinnedRoot: no pinned root given. trust-mirror never trusts on first use: set pinnedRoot.content (--set-file pinnedRoot.content=1.root.json), pinnedRoot.existingConfigMap or pinnedRoot.existingSecret" }}
{{- end }}
{{- if gt (int $given) 1 }}
{{- fail "pinnedRoot: give only one of pinnedRoot.content, pinnedRoot.existingConfigMap and pinnedRoot.existingSecret" }}
{{- end -}}
- name: pinned-root
{{- if $p.existingSecret }}
  secret:
    secretName: {{ $p.existingSecret }}
    items:
      - key: {{ $p.key }}
        path: root.json
{{- else }}
  configMap:
    name: {{ default (include "trust-mirror.pinnedRootConfigMap" .) $p.existingConfigMap }}
    items:
      - key: {{ if $p.existingConfigMap }}{{ $p.key }}{{ else }}root.json{{ end }}
        path: root.json
{{- end }}
{{- end }}

{{/* A CA or key file from an existing ConfigMap or Secret: (dict "name" "ca" "ref" $ref "path" "ca.crt" "what" "syncAgent.source.ca") */}}
{{- define "trust-mirror.fileVolume" -}}
{{- if and .ref.configMap .ref.secret }}
{{- fail (printf "%s: give configMap or secret, not both" .what) }}
{{- end -}}
- name: {{ .name }}
{{- if .ref.secret }}
  secret:
    secretName: {{ .ref.secret }}
{{- else }}
  configMap:
    name: {{ .ref.configMap }}
{{- end }}
    items:
      - key: {{ .ref.key }}
        path: {{ .path }}
{{- end }}

{{/* Pod-level security context: the restricted Pod Security Standard. */}}
{{- define "trust-mirror.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security context: the restricted Pod Security Standard. */}}
{{- define "trust-mirror.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Environment of every container: the pod's identity and the JVM flags. (dict "ctx" $ "values" .Values.webhook) */}}
{{- define "trust-mirror.env" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: JAVA_TOOL_OPTIONS
  value: {{ .values.javaToolOptions | quote }}
{{- end }}

{{/*
Pod spec fields every component shares: service account, pull secrets, security context,
scheduling and spreading. (dict "ctx" $ "component" "webhook" "values" .Values.webhook)
*/}}
{{- define "trust-mirror.podScheduling" -}}
{{- $ctx := .ctx -}}
serviceAccountName: {{ include "trust-mirror.componentName" . }}
automountServiceAccountToken: true
enableServiceLinks: false
terminationGracePeriodSeconds: {{ .values.terminationGracePeriodSeconds }}
securityContext:
  {{- include "trust-mirror.podSecurityContext" $ctx | nindent 2 }}
{{- with $ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .values.affinity }}
affinity:
  {{- toYaml .values.affinity | nindent 2 }}
{{- else if and $ctx.Values.spread.enabled (gt (int .values.replicas) 1) }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: {{ $ctx.Values.spread.topologyKey }}
          labelSelector:
            matchLabels:
              {{- include "trust-mirror.selectorLabels" . | nindent 14 }}
{{- end }}
{{- if and $ctx.Values.spread.enabled (gt (int .values.replicas) 1) }}
topologySpreadConstraints:
  - maxSkew: {{ $ctx.Values.spread.maxSkew }}
    topologyKey: {{ $ctx.Values.spread.topologyKey }}
    whenUnsatisfiable: {{ $ctx.Values.spread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "trust-mirror.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/* Pod template metadata: labels and annotations. (dict "ctx" $ "component" … "values" …) */}}
{{- define "trust-mirror.podMetadata" -}}
labels:
  {{- include "trust-mirror.labels" . | nindent 2 }}
  {{- with .values.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- with .values.podAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Whether the chart installs the TrustRoot CRD: "true" or "". */}}
{{- define "trust-mirror.installTrustRootCrd" -}}
{{- $install := .Values.crds.trustRoot.install }}
{{- if eq (toString $install) "true" }}true
{{- else if eq (toString $install) "auto" }}
{{- $existing := lookup "apiextensions.k8s.io/v1" "CustomResourceDefinition" "" "trustroots.policy.sigstore.dev" }}
{{- $ours := and $existing (eq (dig "metadata" "annotations" "meta.helm.sh/release-name" "" $existing) .Release.Name) (eq (dig "metadata" "annotations" "meta.helm.sh/release-namespace" "" $existing) .Release.Namespace) }}
{{- if or $ours (not (.Capabilities.APIVersions.Has "policy.sigstore.dev/v1alpha1/TrustRoot")) }}true{{ end }}
{{- end }}
{{- end }}

{{- define "trust-mirror.webhookTlsSecret" -}}
{{- default (printf "%s-tls" (include "trust-mirror.componentName" (dict "ctx" . "component" "webhook"))) .Values.webhook.tls.secretName }}
{{- end }}

{{/* What the API server sends to the webhook: Pods and the pod templates of workloads. */}}
{{- define "trust-mirror.webhookRules" -}}
- apiGroups: [""]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  resources: ["pods", "pods/ephemeralcontainers"]
  scope: Namespaced
- apiGroups: ["apps"]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  resources: ["deployments", "replicasets", "statefulsets", "daemonsets"]
  scope: Namespaced
- apiGroups: ["batch"]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  resources: ["jobs", "cronjobs"]
  scope: Namespaced
{{- end }}

{{/* Never kube-system, never the release's own namespace (the webhook must be able to start). */}}
{{- define "trust-mirror.webhookNamespaceSelector" -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
      {{- toYaml (uniq (concat (list "kube-system" .Release.Namespace) .Values.webhook.excludeNamespaces)) | nindent 6 }}
  {{- with .Values.webhook.namespaceSelectorExpressions }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/* TrustRoot schema pieces, shared by two fields each. */}}
{{- define "trust-mirror.sigstoreCertificateAuthority" -}}
type: object
properties:
  certChain:
    description: The chain in PEM, the root (self-signed) last.
    type: string
  subject:
    type: object
    properties:
      commonName:
        type: string
      organization:
        type: string
  uri:
    type: string
{{- end }}

{{- define "trust-mirror.sigstoreTransparencyLog" -}}
type: object
properties:
  baseURL:
    type: string
  hashAlgorithm:
    type: string
  publicKey:
    description: The log's public key, PEM.
    type: string
{{- end }}

{{/* The TCP port the sync agent's source (or its proxy) is reached on; empty for a bundle. */}}
{{- define "trust-mirror.sourcePort" -}}
{{- $src := .Values.syncAgent.source }}
{{- if ne $src.type "bundle" }}
{{- $u := urlParse (default $src.url $src.proxy) }}
{{- if regexMatch ":[0-9]+$" $u.host }}
{{- regexFind "[0-9]+$" $u.host }}
{{- else }}
{{- get (dict "https" "443" "http" "80" "git+https" "443" "git+http" "80" "git" "9418") $u.scheme | default "443" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Egress every component needs: the cluster DNS and the API server. */}}
{{- define "trust-mirror.baseEgress" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    - namespaceSelector:
        {{- toYaml $np.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $np.dns.podSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
- ports:
    {{- range $np.apiServer.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- if $np.apiServer.cidrs }}
  to:
    {{- range $np.apiServer.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  {{- end }}
{{- end }}

{{/* Ingress to /metrics (port 9090) from the monitoring namespace. */}}
{{- define "trust-mirror.metricsIngress" -}}
{{- $m := .Values.networkPolicy.metrics -}}
- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $m.namespace }}
      {{- with $m.podSelector }}
      podSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
  ports:
    - port: metrics
      protocol: TCP
{{- end }}
