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

func init() { register(&securityHostNamespaces) }

var securityHostNamespaces = Check{
	Meta: Meta{
		ID:       "security-host-namespaces",
		Title:    "Pods do not share the node's namespaces",
		Category: CategorySecurity,
		Description: "The pod template sets none of `spec.hostNetwork`, `spec.hostPID` and `spec.hostIPC` to true. " +
			"These are pod-level settings, reported for the workload as a whole. `hostUsers` (user " +
			"namespaces) is a different setting and is not checked. The pod spec is judged even when " +
			"the template lists no containers.",
		Rationale: "hostNetwork lets the pod bind and sniff any port of the node and reach services listening " +
			"on localhost, bypassing NetworkPolicies; hostPID lets it see, trace and signal every process on " +
			"the node, including other pods' secrets in their environment; hostIPC lets it read other " +
			"processes' shared memory. Each turns a container compromise into a node compromise.",
		Remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec; expose ports through a " +
			"Service instead. Node agents that truly need them should run as a dedicated DaemonSet with an " +
			"exemption that records why.",
	},
	Run: runSecurityHostNamespaces,
}

func runSecurityHostNamespaces(s *Snapshot, _ Params) Outcome {
	spec := s.Workload.PodSpec()
	var f Findings
	if spec.HostNetwork {
		f.AddWorkload("the pod sets hostNetwork: true and shares the node's network; remove spec.hostNetwork")
	}
	if spec.HostPID {
		f.AddWorkload("the pod sets hostPID: true and sees every process on the node; remove spec.hostPID")
	}
	if spec.HostIPC {
		f.AddWorkload("the pod sets hostIPC: true and shares the node's IPC namespace; remove spec.hostIPC")
	}
	return f.Result("the pod shares none of the node's network, PID and IPC namespaces")
}
