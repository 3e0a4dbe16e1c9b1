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
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

func init() { register(&securityHostPath) }

var securityHostPath = Check{
	Meta: Meta{
		ID:       "security-host-path",
		Title:    "Pods mount no hostPath volumes",
		Category: CategorySecurity,
		Description: "The pod template has no `hostPath` volume, except under a prefix listed in param " +
			"`allowedPaths` (matched on path-segment boundaries after cleaning: `/var/log` allows " +
			"`/var/log/app` but not `/var/logs`). A violation is reported for each container, native " +
			"sidecars and init containers included, that mounts such a volume, so a container exemption " +
			"covers exactly that container; a hostPath volume no container mounts is reported for the " +
			"workload. Volumes are pod-level: they are judged even when the template lists no containers.",
		Rationale: "A hostPath volume exposes the node's filesystem to the pod: a writable mount of `/`, " +
			"`/etc`, `/var/lib/kubelet` or the container runtime socket is a direct path to root on the " +
			"node. Even read-only mounts leak other pods' data and credentials, and the pod's data is tied " +
			"to one node and lost when it is rescheduled.",
		Remediation: "Replace `hostPath` volumes with `emptyDir` (scratch space), a `configMap`/`secret` volume " +
			"or a PersistentVolumeClaim. Node agents that must read a host directory (e.g. log shippers " +
			"reading `/var/log`) can be allowed with param `allowedPaths: \"/var/log\"`, preferably with " +
			"`readOnly: true` mounts.",
		Params: []ParamSpec{{
			Name: "allowedPaths",
			Type: ParamList,
			Description: "Absolute host path prefixes that hostPath volumes may use, matched on path-segment " +
				"boundaries (no default: every hostPath volume fails).",
		}},
	},
	Run: runSecurityHostPath,
}

func runSecurityHostPath(s *Snapshot, p Params) Outcome {
	containers := s.Workload.AllContainers()
	allowed := p.List("allowedPaths")
	fix := "; use an emptyDir, configMap, secret or PersistentVolumeClaim volume instead"
	if len(allowed) > 0 {
		fix = "; it is not under allowedPaths (" + strings.Join(allowed, ", ") + ")"
	}

	disallowed := map[string]*corev1.HostPathVolumeSource{}
	var names []string // in pod order
	hostPaths := 0
	for _, v := range s.Workload.PodSpec().Volumes {
		if v.HostPath == nil {
			continue
		}
		hostPaths++
		if !hostPathAllowed(v.HostPath.Path, allowed) {
			disallowed[v.Name] = v.HostPath
			names = append(names, v.Name)
		}
	}

	var f Findings
	mounted := map[string]bool{}
	for _, c := range containers {
		seen := map[string]bool{}
		for _, m := range c.VolumeMounts {
			hp, bad := disallowed[m.Name]
			if !bad || seen[m.Name] {
				continue
			}
			seen[m.Name], mounted[m.Name] = true, true
			f.Add(c.Name, "%s mounts hostPath volume %q (path %q)%s", c.Describe(), m.Name, hp.Path, fix)
		}
	}
	for _, name := range names {
		if !mounted[name] {
			f.AddWorkload("the pod has hostPath volume %q (path %q)%s", name, disallowed[name].Path, fix)
		}
	}
	if hostPaths == 0 {
		return f.Result("the pod has no hostPath volumes")
	}
	return f.Result("%s under allowedPaths (%s)", secAll(hostPaths, "hostPath volume", "is", "are"), strings.Join(allowed, ", "))
}

// hostPathAllowed reports whether a host path lies under one of the allowed prefixes, on
// path-segment boundaries: "/var/log" allows "/var/log" and "/var/log/app", not "/var/logs".
func hostPathAllowed(p string, allowed []string) bool {
	p = path.Clean(p)
	for _, a := range allowed {
		a = path.Clean(a)
		if p == a || a == "/" && strings.HasPrefix(p, "/") || strings.HasPrefix(p, a+"/") {
			return true
		}
	}
	return false
}
