{{/*
One role as a Deployment. Parameters (a dict):
  root       the chart's root context ($)
  component  the name suffix and app.kubernetes.io/component label (backend, worker-short, ...)
  args       the entrypoint's arguments: the role first ([backend], [worker, --queue, short,default])
  values     the role's values (replicaCount, resources, autoscaling, extraEnv, nodeSelector, ...)
  port       the HTTP port probed on /health; none for workers and the scheduler (probed by command)
  env        extra environment (a list), before values.extraEnv
  singleton  true: exactly one replica, replaced with Recreate (the scheduler)
  drain      true: sleep a few seconds before stopping, so the router's DNS view drops the pod first
*/}}
{{- define "cortado.deployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $role := first .args -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "cortado.fullname" $root }}-{{ .component }}
  labels:
    {{- include "cortado.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  {{- if .singleton }}
  replicas: 1
  strategy:
    type: Recreate
  {{- else if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "cortado.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "cortado.selectorLabels" (dict "root" $root "component" .component) | nindent 8 }}
      {{- with $v.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- include "cortado.podCommon" $root | nindent 6 }}
      initContainers:
        {{- include "cortado.waitConfig" $root | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ include "cortado.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            {{- toYaml .args | nindent 12 }}
          {{- $env := concat (.env | default list) ($v.extraEnv | default list) }}
          {{- with $env }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- if .port }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
          startupProbe:
            httpGet: { path: /health, port: http }
            {{- toYaml $root.Values.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet: { path: /health, port: http }
            {{- toYaml $root.Values.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet: { path: /health, port: http }
            {{- toYaml $root.Values.probes.readiness | nindent 12 }}
          {{- else }}
          livenessProbe:
            exec:
              command: [cortado-healthcheck, {{ $role }}]
            {{- toYaml $root.Values.probes.command | nindent 12 }}
          {{- end }}
          {{- if .drain }}
          lifecycle:
            preStop:
              exec:
                command: [sleep, "5"]
          {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "cortado.volumeMounts" $root | nindent 12 }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/* An HPA for one role when its values enable autoscaling. dict "root" $ "component" "backend" "values" ... */}}
{{- define "cortado.hpa" -}}
{{- if .values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "cortado.fullname" .root }}-{{ .component }}
  labels:
    {{- include "cortado.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "cortado.fullname" .root }}-{{ .component }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}
