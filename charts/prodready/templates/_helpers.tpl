{{/*
Chart name, truncated to 63 characters (a label value).
*/}}
{{- define "prodready.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: the prefix of every resource name. The release name when it contains the chart
name, else "<release>-<chart>"; truncated so that suffixed names stay valid.
*/}}
{{- define "prodready.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart label value.
*/}}
{{- define "prodready.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of the manager pods. Never change them: a Deployment's selector is immutable.
*/}}
{{- define "prodready.selectorLabels" -}}
app.kubernetes.io/name: {{ include "prodready.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end }}

{{/*
Labels of every object.
*/}}
{{- define "prodready.labels" -}}
helm.sh/chart: {{ include "prodready.chart" . }}
app.kubernetes.io/name: {{ include "prodready.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: prodready
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Labels of the manager Deployment and its pods.
*/}}
{{- define "prodready.controllerLabels" -}}
{{ include "prodready.labels" . }}
app.kubernetes.io/component: controller
{{- end }}

{{/*
The manager's ServiceAccount.
*/}}
{{- define "prodready.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "prodready.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The manager image: repository[:tag][@digest]; the tag defaults to the appVersion.
*/}}
{{- define "prodready.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- $ref := printf "%s:%s" .Values.image.repository $tag }}
{{- with .Values.image.digest }}
{{- $ref = printf "%s@%s" $ref . }}
{{- end }}
{{- $ref }}
{{- end }}

{{/*
Webhook names. The manager's flags get the same values, so they always agree.
*/}}
{{- define "prodready.webhookServiceName" -}}
{{- printf "%s-webhook-service" (include "prodready.fullname" .) }}
{{- end }}

{{- define "prodready.webhookConfigurationName" -}}
{{- printf "%s-validating-webhook-configuration" (include "prodready.fullname" .) }}
{{- end }}

{{- define "prodready.webhookSecretName" -}}
{{- default (printf "%s-webhook-cert" (include "prodready.fullname" .)) .Values.webhook.secretName }}
{{- end }}

{{- define "prodready.webhookCertificateName" -}}
{{- printf "%s-serving-cert" (include "prodready.fullname" .) }}
{{- end }}

{{/*
Effective certificate mode: cert-manager implies external.
*/}}
{{- define "prodready.webhookCertMode" -}}
{{- if .Values.webhook.certManager.enabled }}external{{ else }}{{ .Values.webhook.certMode }}{{ end }}
{{- end }}

{{/*
The webhook server's certificate directory (controller-runtime's default).
*/}}
{{- define "prodready.webhookCertDir" -}}
/tmp/k8s-webhook-server/serving-certs
{{- end }}
