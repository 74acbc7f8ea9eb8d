{{/*
The pod template of a one-shot role. Parameters (a dict):
  root  the chart's root context   name  the container name   args  the entrypoint's arguments
  env   environment (a list)        job   the Job's values (resources)
  wait  true: wait for this release's configuration first (not in pre-upgrade hooks, which run
        before the new configure Job exists)
*/}}
{{- define "cortado.jobPod" -}}
metadata:
  labels:
    {{- include "cortado.selectorLabels" (dict "root" .root "component" .name) | nindent 4 }}
spec:
  restartPolicy: Never
  {{- include "cortado.podCommon" .root | nindent 2 }}
  {{- if .wait }}
  initContainers:
    {{- include "cortado.waitConfig" .root | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .name }}
      image: {{ include "cortado.image" .root }}
      imagePullPolicy: {{ .root.Values.image.pullPolicy }}
      args:
        {{- toYaml .args | nindent 8 }}
      {{- with .env }}
      env:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .job.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml .root.Values.securityContext | nindent 8 }}
      volumeMounts:
        {{- include "cortado.volumeMounts" .root | nindent 8 }}
{{- end }}
