{{/* Names, labels and the pieces every pod shares. */}}

{{- define "cortado.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cortado.fullname" -}}
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

{{/* dict "root" $ "component" "backend" */}}
{{- define "cortado.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cortado.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "cortado.labels" -}}
{{ include "cortado.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "cortado.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "cortado.secretName" -}}
{{ include "cortado.fullname" . }}
{{- end }}

{{- define "cortado.claimName" -}}
{{ .Values.persistence.existingClaim | default (printf "%s-sites" (include "cortado.fullname" .)) }}
{{- end }}

{{- define "cortado.dbPort" -}}
{{- if .Values.database.port }}{{ .Values.database.port }}
{{- else if eq .Values.database.type "postgres" }}5432
{{- else if eq .Values.database.type "mariadb" }}3306
{{- end }}
{{- end }}

{{/*
Identifies the configuration the configure Job writes (database, Redis, image). Pods carry it in
CONFIG_STAMP and wait until sites/.config-stamp says it was written, so they never start on a
configuration older than their release's.
*/}}
{{- define "cortado.configStamp" -}}
{{- $db := pick .Values.database "type" "host" "port" }}
{{- $redis := pick .Values.redis "cache" "queue" "existingSecret" }}
{{- list $db $redis (include "cortado.image" .) | toJson | sha256sum | trunc 12 | printf "c%s" }}
{{- end }}

{{/* Environment of the configure Job: frappe_docker's configurator variables. */}}
{{- define "cortado.configureEnv" -}}
{{- if ne .Values.database.type "sqlite" }}
- name: DB_HOST
  value: {{ required "database.host is required" .Values.database.host | quote }}
- name: DB_PORT
  value: {{ include "cortado.dbPort" . | quote }}
{{- end }}
- name: DB_TYPE
  value: {{ .Values.database.type | quote }}
{{- if .Values.redis.existingSecret }}
- name: REDIS_CACHE
  valueFrom:
    secretKeyRef: { name: {{ .Values.redis.existingSecret }}, key: redis-cache }
- name: REDIS_QUEUE
  valueFrom:
    secretKeyRef: { name: {{ .Values.redis.existingSecret }}, key: redis-queue }
{{- else }}
- name: REDIS_CACHE
  value: {{ required "redis.cache is required" .Values.redis.cache | quote }}
- name: REDIS_QUEUE
  value: {{ required "redis.queue is required" .Values.redis.queue | quote }}
{{- end }}
- name: SOCKETIO_PORT
  value: "9000"
{{- end }}

{{/* The database root password, for create-site (from the chart's Secret or an existing one). */}}
{{- define "cortado.dbRootEnv" -}}
{{- if .Values.database.rootUsername }}
- name: DB_ROOT_USERNAME
  value: {{ .Values.database.rootUsername | quote }}
{{- end }}
{{- if or .Values.database.existingSecret .Values.database.rootPassword }}
- name: DB_ROOT_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret | default (include "cortado.secretName" .) }}
      key: db-root-password
{{- end }}
{{- end }}

{{/* Pod-level settings every pod shares. */}}
{{- define "cortado.podCommon" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: sites
    persistentVolumeClaim:
      claimName: {{ include "cortado.claimName" . }}
  # The root filesystem is read-only; Node and tools may still want a scratch folder.
  - name: tmp
    emptyDir: {}
{{- end }}

{{- define "cortado.volumeMounts" -}}
- name: sites
  mountPath: /home/cortado/bench/sites
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Init container: wait until the configure Job wrote this release's configuration. */}}
{{- define "cortado.waitConfig" -}}
- name: wait-config
  image: {{ include "cortado.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  args: [wait-config]
  env:
    - name: CONFIG_STAMP
      value: {{ include "cortado.configStamp" . | quote }}
  resources:
    requests: { cpu: 10m, memory: 32Mi }
    limits: { memory: 64Mi }
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  volumeMounts:
    {{- include "cortado.volumeMounts" . | nindent 4 }}
{{- end }}
