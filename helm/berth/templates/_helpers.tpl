{{/* Names and labels, in the shape of Helm's own `helm create` chart. */}}
{{- define "berth.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "berth.fullname" -}}
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

{{- define "berth.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "berth.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: berth
{{- end }}

{{- define "berth.selectorLabels" -}}
app.kubernetes.io/name: {{ include "berth.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: include "berth.componentLabels" (list . "api") */}}
{{- define "berth.componentLabels" -}}
{{ include "berth.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "berth.componentSelector" -}}
{{ include "berth.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "berth.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "berth.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "berth.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret holding the master key, session secret and admin password. */}}
{{- define "berth.secretName" -}}
{{- default (printf "%s-secrets" (include "berth.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "berth.databaseSecretName" -}}
{{- default (printf "%s-secrets" (include "berth.fullname" .)) .Values.postgresql.existingSecret }}
{{- end }}

{{- define "berth.redisSecretName" -}}
{{- default (printf "%s-secrets" (include "berth.fullname" .)) .Values.redis.existingSecret }}
{{- end }}

{{/*
Refuse to render rather than invent a secret: a master key generated on install would be
replaced on the next upgrade (Helm keeps no state of its own), and every secret encrypted
with it would be lost.
*/}}
{{- define "berth.validate" -}}
{{- if not .Values.secrets.existingSecret }}
{{- if not .Values.secrets.masterKey }}
{{- fail "secrets.masterKey is required (or secrets.existingSecret): generate one with `python -m api.cli generate-master-key` and keep it; the chart never generates it, since a new key on an upgrade would make every stored secret unreadable" }}
{{- end }}
{{- if lt (len .Values.secrets.sessionSecret) 32 }}
{{- fail "secrets.sessionSecret is required and must be at least 32 characters (or set secrets.existingSecret)" }}
{{- end }}
{{- if not .Values.secrets.adminPassword }}
{{- fail "secrets.adminPassword is required (or secrets.existingSecret): the migration Job creates the first admin with it" }}
{{- end }}
{{- end }}
{{- if and (not .Values.postgresql.url) (not .Values.postgresql.existingSecret) }}
{{- fail "postgresql.url or postgresql.existingSecret is required: Berth uses an external PostgreSQL" }}
{{- end }}
{{- if and (not .Values.redis.url) (not .Values.redis.existingSecret) }}
{{- fail "redis.url or redis.existingSecret is required: Berth uses an external Redis" }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) }}
{{- fail "ingress.host is required when ingress.enabled is true (e.g. infra.example.com)" }}
{{- end }}
{{- end }}

{{/* The environment every Berth container gets (API, worker, scheduler, migrations). */}}
{{- define "berth.env" -}}
- name: BERTH_ENV
  value: production
- name: BERTH_LOG_FORMAT
  value: json
- name: BERTH_LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: BERTH_JOBS__PERIODIC
  value: scheduler
- name: BERTH_SERVERS__REGISTER_LOCAL_DOCKER
  value: "false"
- name: BERTH_FORWARDED_ALLOW_IPS
  value: {{ .Values.config.forwardedAllowIps | quote }}
- name: BERTH_DATABASE__URL
  valueFrom:
    secretKeyRef:
      name: {{ include "berth.databaseSecretName" . }}
      key: {{ ternary .Values.postgresql.existingSecretKey "database-url" (ne .Values.postgresql.existingSecret "") }}
- name: BERTH_REDIS__URL
  valueFrom:
    secretKeyRef:
      name: {{ include "berth.redisSecretName" . }}
      key: {{ ternary .Values.redis.existingSecretKey "redis-url" (ne .Values.redis.existingSecret "") }}
- name: BERTH_SECURITY__MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "berth.secretName" . }}
      key: master-key
- name: BERTH_SECURITY__SESSION_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "berth.secretName" . }}
      key: session-secret
- name: BERTH_SECURITY__PREVIOUS_MASTER_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "berth.secretName" . }}
      key: previous-master-keys
      optional: true
{{- with .Values.config.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Pod-level settings shared by every Berth pod. */}}
{{- define "berth.podSpecCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "berth.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{/* Pods restart when the chart-managed secret changes. */}}
{{- define "berth.secretChecksum" -}}
{{- if not .Values.secrets.existingSecret }}
checksum/secrets: {{ include (print $.Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}
