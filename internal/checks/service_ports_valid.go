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
	"k8s.io/apimachinery/pkg/util/intstr"
)

func init() { register(&servicePortsValid) }

var servicePortsValid = Check{
	Meta: Meta{
		ID:       "service-ports-valid",
		Title:    "Services target ports the containers declare",
		Category: CategoryNetwork,
		Requires: []Capability{CapLongRunning},
		Description: "For every Service whose `spec.selector` selects the pod template labels (otherwise " +
			"Skip), every `spec.ports[].targetPort` (unset = the same number as `port`) is declared by a " +
			"container or native sidecar: a number must equal some `ports[].containerPort` and a name " +
			"some `ports[].name`, with the same protocol (unset = TCP) in both cases, as the endpoints " +
			"controller resolves them.",
		Rationale: "A Service whose named targetPort matches no container port gets no endpoints for that " +
			"port, and one aimed at an undeclared number sends traffic where nothing may be listening: " +
			"both fail only at request time, typically after a container port was renamed or " +
			"renumbered. Declared ports also document what the pod serves and are what probes, " +
			"NetworkPolicies and monitors refer to.",
		Remediation: "Make each Service port's `targetPort` name or number a port the container declares, " +
			"e.g. `ports: [{name: http, containerPort: 8080}]` in the container and `targetPort: http` in " +
			"the Service, and keep the protocols (TCP/UDP/SCTP) the same.",
		Needs: []string{"Service"},
	},
	Run: runServicePortsValid,
}

func runServicePortsValid(s *Snapshot, _ Params) Outcome {
	services := s.ServicesSelecting()
	if len(services) == 0 {
		return Skip("no Service selects the pods")
	}
	containers := s.Workload.Containers()
	var f Findings
	ports := 0
	for _, svc := range services {
		for i := range svc.Spec.Ports {
			ports++
			checkServicePort(&f, svc, &svc.Spec.Ports[i], containers)
		}
	}
	return f.Result("all %d %s of %s %s target ports the containers declare", ports, plural(ports, "port"),
		plural(len(services), "Service"), quoteList(objectNames(services)))
}

func checkServicePort(f *Findings, svc *corev1.Service, sp *corev1.ServicePort, containers []Container) {
	target := serviceTargetPort(sp)
	proto := portProtocol(sp.Protocol)
	otherProto := false
	for _, c := range containers {
		switch matchContainerPort(c.Container, target, proto) {
		case portDeclared:
			return
		case portOtherProtocol:
			otherProto = true
		}
	}
	what := "no container declares it in ports[].containerPort"
	if target.Type == intstr.String {
		what = "no container declares a port with that name in ports[].name"
	}
	if otherProto {
		what = "the containers declare it only with another protocol"
	}
	f.AddWorkload("Service %q %s targets %s/%s, but %s; declare it or fix targetPort",
		svc.Name, describeServicePort(sp), netDescribeTarget(target), proto, what)
}
