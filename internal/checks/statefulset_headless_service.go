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

package checks

import (
	corev1 "k8s.io/api/core/v1"
)

func init() { register(&statefulSetHeadlessService) }

var statefulSetHeadlessService = Check{
	Meta: Meta{
		ID:       "statefulset-headless-service",
		Title:    "A StatefulSet's serviceName is a headless Service selecting its pods",
		Category: CategoryNetwork,
		Kinds:    []string{KindStatefulSet},
		Description: "`spec.serviceName` is set and names a Service in the namespace that is headless " +
			"(`clusterIP: None`) and whose `spec.selector` selects the pod template labels. An empty " +
			"serviceName is a violation even though newer Kubernetes versions accept it. When the input " +
			"is a set of manifests without that Service, the check reports Skip (the Service is not in " +
			"the input); in the cluster a missing Service is a violation. Other kinds report Skip.",
		Rationale: "The governing headless Service is what gives each StatefulSet pod its stable DNS name " +
			"(`web-0.web.ns.svc`) that peers, clients and replication rely on. Without it, or with a " +
			"Service that has a cluster IP or selects other pods, the names never resolve: clustered " +
			"databases cannot find their peers and clients cannot reach a particular replica.",
		Remediation: "Create a headless Service selecting the pods and name it in `spec.serviceName`, e.g. " +
			"`kind: Service`, `spec: {clusterIP: None, selector: {app: db}, ports: [{name: db, port: 5432}]}`. " +
			"clusterIP cannot be changed on an existing Service: delete and recreate it.",
		Needs: []string{"Service"},
	},
	Run: runStatefulSetHeadlessService,
}

func runStatefulSetHeadlessService(s *Snapshot, _ Params) Outcome {
	ss := statefulSetOf(&s.Workload) // Meta.Kinds limits the check to StatefulSets
	if ss == nil {
		return Skip("applies to StatefulSets only")
	}
	name := ss.Spec.ServiceName
	if name == "" {
		return Violation("spec.serviceName is empty: the pods get no stable DNS names; create a headless Service selecting them and name it there")
	}
	svc, ok := s.Service(name)
	if !ok {
		if s.Offline {
			return Skip("Service %q (spec.serviceName) is not in the input; run against the cluster (--cluster) to check it", name)
		}
		return Violation("Service %q named by spec.serviceName does not exist; create it as a headless Service (clusterIP: None) selecting the pods", name)
	}
	var f Findings
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		f.AddWorkload("Service %q (spec.serviceName) is of type ExternalName; make it a headless Service (clusterIP: None) selecting the pods", name)
		return f.Result("")
	}
	if svc.Spec.ClusterIP != corev1.ClusterIPNone {
		ip := svc.Spec.ClusterIP
		if ip == "" {
			ip = "unset, so one is allocated"
		}
		f.AddWorkload("Service %q (spec.serviceName) is not headless (clusterIP %s); set clusterIP: None (an existing Service must be recreated)", name, ip)
	}
	switch {
	case len(svc.Spec.Selector) == 0:
		f.AddWorkload("Service %q (spec.serviceName) has no spec.selector, so it publishes no DNS records for the pods; set it to the pod labels", name)
	case !ServiceSelects(svc, s.Workload.PodLabels()):
		f.AddWorkload("Service %q (spec.serviceName) selector %s does not select the pod labels %s; make it match",
			name, labelSetText(svc.Spec.Selector), labelSetText(s.Workload.PodLabels()))
	}
	return f.Result("Service %q is headless and selects the pods", name)
}
