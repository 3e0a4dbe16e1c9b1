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

// Command gencorpus writes a manifest corpus for measuring the CLI at fleet scale (and the
// peers of hack/compare-peers.sh): N namespaces × W Deployments, one container each, optionally
// with a Service, a PodDisruptionBudget and an HPA per Deployment.
//
//	go run ./hack/gencorpus -namespaces 100 -workloads 1000 > fleet.yaml          # 100k Deployments
//	go run ./hack/gencorpus -namespaces 1 -workloads 20000 -services > one-ns.yaml # 20k + 20k Services
//	go run ./hack/gencorpus -namespaces 100 -workloads 100 -services -pdbs -hpas -dir corpus/
//
// Without -dir the corpus is one multi-document YAML stream on standard output; with -dir it is
// one file per namespace (DIR/NAMESPACE.yaml). The output is deterministic.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

type options struct {
	namespaces, workloads int
	services, pdbs, hpas  bool
}

func main() {
	var o options
	dir := ""
	flag.IntVar(&o.namespaces, "namespaces", 100, "number of namespaces (app-0, app-1, …)")
	flag.IntVar(&o.workloads, "workloads", 100, "Deployments per namespace")
	flag.BoolVar(&o.services, "services", false, "a Service per Deployment, selecting its pods")
	flag.BoolVar(&o.pdbs, "pdbs", false, "a PodDisruptionBudget per Deployment")
	flag.BoolVar(&o.hpas, "hpas", false, "a HorizontalPodAutoscaler per Deployment")
	flag.StringVar(&dir, "dir", "", "write one file per namespace into this directory instead of standard output")
	flag.Parse()
	if o.namespaces < 1 || o.workloads < 0 {
		fmt.Fprintln(os.Stderr, "gencorpus: -namespaces must be at least 1 and -workloads not negative")
		os.Exit(2)
	}
	if err := run(o, dir); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(o options, dir string) error {
	if dir == "" {
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		for n := range o.namespaces {
			if err := namespace(w, o, n); err != nil {
				return err
			}
		}
		return w.Flush()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for n := range o.namespaces {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("app-%d.yaml", n)))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		err = namespace(w, o, n)
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// namespace writes the objects of namespace app-n.
func namespace(w io.Writer, o options, n int) error {
	ns := fmt.Sprintf("app-%d", n)
	for i := range o.workloads {
		name := fmt.Sprintf("svc-%d", i)
		if _, err := fmt.Fprintf(w, deployment, name, ns, i%7, i); err != nil {
			return err
		}
		if o.services {
			if _, err := fmt.Fprintf(w, service, name, ns); err != nil {
				return err
			}
		}
		if o.pdbs {
			if _, err := fmt.Fprintf(w, pdb, name, ns); err != nil {
				return err
			}
		}
		if o.hpas {
			if _, err := fmt.Fprintf(w, hpa, name, ns); err != nil {
				return err
			}
		}
	}
	return nil
}

// deployment is a realistic Deployment (name, namespace, team number, build number): the
// recommended labels, one container with probes, resources, env (a Secret reference among
// them), a security context. Its name is the %[1]s label value everywhere.
const deployment = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  namespace: %[2]s
  labels:
    app.kubernetes.io/name: %[1]s
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/version: "1.4.%[4]d"
    team: team-%[3]d
  annotations:
    deployment.kubernetes.io/revision: "3"
spec:
  replicas: 2
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%%, maxUnavailable: 0}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: %[1]s
        app.kubernetes.io/part-of: shop
        team: team-%[3]d
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: registry.example.com/shop/%[1]s:1.4.%[4]d
        ports:
        - {name: http, containerPort: 8080}
        - {name: metrics, containerPort: 9090}
        env:
        - {name: LOG_LEVEL, value: info}
        - {name: PORT, value: "8080"}
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: %[1]s-db, key: password}
        readinessProbe:
          httpGet: {path: /readyz, port: http}
          periodSeconds: 5
        livenessProbe:
          httpGet: {path: /livez, port: http}
          periodSeconds: 10
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 256Mi}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
`

const service = `---
apiVersion: v1
kind: Service
metadata:
  name: %[1]s
  namespace: %[2]s
  labels: {app.kubernetes.io/name: %[1]s}
spec:
  selector: {app.kubernetes.io/name: %[1]s}
  ports:
  - {name: http, port: 80, targetPort: http}
`

const pdb = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app.kubernetes.io/name: %[1]s}}
`

const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %[1]s}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`
