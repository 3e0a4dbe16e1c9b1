/*
Copyright 2026 The prodready Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package cli

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// marker stands for a value that must never reach any output (a Secret's value, a time or a
// quantity a decoder would quote in its error).
const marker = "MRKR-7f3a-never-printed"

// markerTemplates are documents of every kind the CLI reads, with a value in every position the
// test plants the marker in. Names, kinds and apiVersions are left alone (names are printed).
var markerTemplates = map[string]string{
	"Deployment": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
  creationTimestamp: "2026-03-02T09:00:00Z"
  labels: {app: web, team: shop}
  annotations: {note: hello}
spec:
  replicas: 2
  minReadySeconds: 5
  progressDeadlineSeconds: 600
  revisionHistoryLimit: 3
  selector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [web]}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: web, tier: web}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 30
      priorityClassName: high
      securityContext: {runAsNonRoot: true, runAsUser: 1000}
      containers:
      - name: app
        image: registry.example.com/web:1.0.0
        ports:
        - {name: http, containerPort: 8080, protocol: TCP}
        env:
        - {name: PLAIN, value: hello}
        - name: FROM_SECRET
          valueFrom:
            secretKeyRef: {name: db, key: password, optional: false}
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
          initialDelaySeconds: 1
          periodSeconds: 10
        livenessProbe:
          tcpSocket: {port: http}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {memory: 128Mi}
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false}
      volumes:
      - name: cfg
        configMap: {name: cfg, defaultMode: 420}
`,
	"StatefulSet": `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: NAME}
spec:
  replicas: 3
  serviceName: db
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: db}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: db, image: "db:1.0", ports: [{containerPort: 5432}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`,
	"DaemonSet": `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: NAME}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: false
      containers:
      - {name: agent, image: "agent:1.0"}
`,
	"CronJob": `apiVersion: batch/v1
kind: CronJob
metadata: {name: NAME}
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 60
  jobTemplate:
    spec:
      backoffLimit: 3
      template:
        spec:
          restartPolicy: Never
          containers:
          - {name: job, image: "job:1.0", env: [{name: TOKEN, value: hello}]}
`,
	"Job": `apiVersion: batch/v1
kind: Job
metadata: {name: NAME}
spec:
  backoffLimit: 2
  activeDeadlineSeconds: 600
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - {name: job, image: "job:1.0"}
`,
	"Rollout": `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: NAME}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  strategy:
    canary:
      steps: [{setWeight: 20}, {pause: {duration: 60}}]
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: "web:1.0"}
`,
	"ProductionReadiness": `apiVersion: readiness.prodready.io/v1alpha1
kind: ProductionReadiness
metadata: {name: NAME}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  profile: production
  checks:
  - {id: replicas-minimum, enforcement: Required, params: {min: "2"}}
  exemptions:
  - checks: [resources-limits]
    containers: [app]
    reason: set by the mesh
    expires: "2027-01-31T00:00:00Z"
  promotion: {enabled: true}
`,
	"ReadinessProfile": `apiVersion: readiness.prodready.io/v1alpha1
kind: ReadinessProfile
metadata: {name: NAME}
spec:
  basedOn: production
  checks:
  - {id: priority-class, enforcement: Advisory}
`,
	"PodDisruptionBudget": `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: NAME}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
`,
	"HorizontalPodAutoscaler": `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: NAME}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
`,
	"Service": `apiVersion: v1
kind: Service
metadata: {name: NAME}
spec:
  type: ClusterIP
  clusterIP: None
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http, protocol: TCP}
`,
	"NetworkPolicy": `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: NAME}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: shop}}}]
    ports: [{port: 8080, protocol: TCP}]
`,
	"ServiceAccount": `apiVersion: v1
kind: ServiceAccount
metadata: {name: NAME}
automountServiceAccountToken: false
imagePullSecrets: [{name: registry}]
`,
	"Secret": `apiVersion: v1
kind: Secret
metadata: {name: NAME}
type: Opaque
data: {password: aHVudGVyMg==}
stringData: {token: hunter2}
`,
	"ConfigMap": `apiVersion: v1
kind: ConfigMap
metadata: {name: NAME}
data: {config.yaml: "a: 1"}
binaryData: {blob: aGVsbG8=}
`,
	"ServiceMonitor": `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: NAME}
spec:
  selector:
    matchLabels: {app: web}
    matchExpressions: [{key: tier, operator: In, values: [web]}]
  endpoints: [{port: http, interval: 30s}]
`,
}

// secretPositions are the leaves whose valid values are never printed: Secret and ConfigMap
// values, env literals and annotations.
var secretPositions = map[string][]string{
	"Deployment": {"metadata.annotations.note", "spec.template.spec.containers[0].env[0].value"},
	"Secret":     {"data.password", "stringData.token"},
	"CronJob":    {"spec.jobTemplate.spec.template.spec.containers[0].env[0].value"},
	"ConfigMap":  {"data.config.yaml", "binaryData.blob"},
}

// malformedAt are YAML fragments that make a document fail to parse or decode whatever field
// they replace: each carries the marker where a library would quote it.
var malformedAt = []string{
	"{~: " + marker + "}",                    // a null key
	"{18446744073709551615: " + marker + "}", // a key too large for JSON
	"{[" + marker + "]: x}",                  // a sequence as a key
	"{? {k: " + marker + "} : x}",            // a mapping as a key
	"!!int " + marker,                        // a tag that does not fit
	"!!float " + marker,                      // a tag that does not fit
	"!!binary " + marker + "*",               // invalid base64
	"*" + marker,                             // an unknown alias
	"\"" + marker + "\\q\"",                  // an unknown escape
	"\"" + marker,                            // an unterminated string
	"[" + marker,                             // an unterminated sequence
	marker + ": [" + marker,                  // an unterminated sequence in a mapping
	"|\n\t" + marker,                         // a tab as indentation
	"!<tag:" + marker + "> x",                // a verbatim tag
	"!" + marker + "! x",                     // an undefined tag handle
}

// intOrString are the leaves that take a string as well as a number: the marker there is a
// valid value, printed by checks that report it (not a decoder's error).
var intOrString = []string{"maxSurge", "maxUnavailable", "minAvailable", "port", "targetPort"}

// leaves lists the dotted paths of the scalar leaves of a decoded document.
func leaves(prefix string, v any, out *[]string) {
	switch n := v.(type) {
	case map[string]any:
		for k, c := range n {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			leaves(p, c, out)
		}
	case []any:
		for i, c := range n {
			leaves(fmt.Sprintf("%s[%d]", prefix, i), c, out)
		}
	default:
		*out = append(*out, prefix)
	}
}

// setLeaf replaces the leaf at path in a decoded document.
func setLeaf(v any, path string, value any) {
	var walk func(cur any, rest string)
	walk = func(cur any, rest string) {
		switch n := cur.(type) {
		case map[string]any:
			// Keys may hold dots (config.yaml): take the longest key that prefixes rest.
			best := ""
			for k := range n {
				if (rest == k || strings.HasPrefix(rest, k+".") || strings.HasPrefix(rest, k+"[")) && len(k) > len(best) {
					best = k
				}
			}
			tail := strings.TrimPrefix(strings.TrimPrefix(rest, best), ".")
			if tail == "" {
				n[best] = value
				return
			}
			walk(n[best], tail)
		case []any:
			var i int
			var tail string
			_, _ = fmt.Sscanf(rest, "[%d]", &i)
			if j := strings.Index(rest, "]"); j >= 0 {
				tail = strings.TrimPrefix(rest[j+1:], ".")
			}
			if tail == "" {
				n[i] = value
				return
			}
			walk(n[i], tail)
		}
	}
	walk(v, path)
}

// skipped are the positions the marker is not planted in: identity (printed by design).
func skipped(path string) bool {
	switch path {
	case "apiVersion", "kind", "metadata.name":
		return true
	}
	return false
}

// markerDocuments builds, for one kind, the documents with the marker planted: a valid value in
// the secret positions, a string in every typed (non-string) position, and every malformed
// fragment in every position.
func markerDocuments(t *testing.T, kind string) []string {
	t.Helper()
	tmpl := markerTemplates[kind]
	var base map[string]any
	if err := yaml.Unmarshal([]byte(tmpl), &base); err != nil {
		t.Fatalf("%s template: %v", kind, err)
	}
	var paths []string
	leaves("", base, &paths)
	sort.Strings(paths)
	n := 0
	render := func(path string, value any, raw string) string {
		n++
		var doc map[string]any
		_ = yaml.Unmarshal([]byte(tmpl), &doc)
		setLeaf(doc, "metadata.name", fmt.Sprintf("m%d", n))
		setLeaf(doc, path, value)
		out, err := yaml.Marshal(doc)
		if err != nil {
			t.Fatalf("%s %s: %v", kind, path, err)
		}
		s := string(out)
		if raw != "" {
			s = strings.Replace(s, "'@@LEAF@@'", raw, 1)
			if !strings.Contains(s, raw) {
				t.Fatalf("%s %s: placeholder not found in\n%s", kind, path, out)
			}
		}
		return s
	}
	var docs []string
	for _, p := range secretPositions[kind] {
		docs = append(docs, render(p, marker, ""))
	}
	for _, p := range paths {
		if skipped(p) {
			continue
		}
		if typed(base, p) {
			docs = append(docs, render(p, marker, ""))
		}
		for _, frag := range malformedAt {
			docs = append(docs, render(p, "@@LEAF@@", frag))
		}
	}
	return docs
}

// typed reports a leaf whose value is not a string (a number or a boolean), or a time or
// quantity: a string there fails to decode. Fields that take a string too are left out.
func typed(base map[string]any, path string) bool {
	last := path[strings.LastIndex(path, ".")+1:]
	for _, f := range intOrString {
		if last == f {
			return false
		}
	}
	switch last {
	case "creationTimestamp", "expires", "cpu", "memory", "storage":
		return true
	}
	switch probeOriginal(base, path).(type) {
	case string, nil:
		return false
	}
	return true
}

// probeOriginal reads the leaf at path.
func probeOriginal(v any, path string) any {
	var out any
	var walk func(cur any, prefix string)
	walk = func(cur any, prefix string) {
		switch n := cur.(type) {
		case map[string]any:
			for k, c := range n {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(c, p)
			}
		case []any:
			for i, c := range n {
				walk(c, fmt.Sprintf("%s[%d]", prefix, i))
			}
		default:
			if prefix == path {
				out = n
			}
		}
	}
	walk(v, "")
	return out
}

// TestMarkerNeverPrinted plants the marker in every position of every kind of document, in
// valid and malformed documents, and asserts it appears in no output format, verbose or not, on
// standard output or standard error.
func TestMarkerNeverPrinted(t *testing.T) {
	kinds := make([]string, 0, len(markerTemplates))
	for k := range markerTemplates {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	total := 0
	for _, kind := range kinds {
		docs := markerDocuments(t, kind)
		total += len(docs)
		// The workload the related objects and the ProductionReadiness refer to.
		in := yamlDocs(append([]string{good("web")}, docs...)...)
		for _, format := range checkFormats {
			for _, verbose := range []string{"-v=false", "-v=true"} {
				r := runCLI(t, in, "check", "-f", "-", "-o", format, verbose)
				if r.code == ExitOK {
					t.Errorf("%s %s %s: exit 0, want input errors reported", kind, format, verbose)
				}
				for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
					if i := strings.Index(out, "MRKR"); i >= 0 {
						lo, hi := max(0, i-300), min(len(out), i+100)
						t.Errorf("%s -o %s %s: the marker is on %s:\n...%s...", kind, format, verbose, name, out[lo:hi])
					}
				}
			}
		}
	}
	if total < 1000 {
		t.Errorf("only %d documents planted", total)
	}
}
