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
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// hostPathVol adds volumes to a snapshot's pod spec: name → host path ("" for an emptyDir).
func hostPathVol(s *Snapshot, vols ...[2]string) *Snapshot {
	return secSpec(s, func(p *corev1.PodSpec) {
		for _, v := range vols {
			vol := corev1.Volume{Name: v[0]}
			if v[1] == "" {
				vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
			} else {
				vol.HostPath = &corev1.HostPathVolumeSource{Path: v[1]}
			}
			p.Volumes = append(p.Volumes, vol)
		}
	})
}

// hostPathMount mounts volumes into a container at /mnt/<name>.
func hostPathMount(names ...string) func(*corev1.Container) {
	return func(c *corev1.Container) {
		for _, n := range names {
			c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: n, MountPath: "/mnt/" + n})
		}
	}
}

func TestSecurityHostPath(t *testing.T) {
	logs := [2]string{"logs", "/var/log"}
	runCases(t, &securityHostPath, []checkCase{
		{name: "no volumes", snap: deploy(ctr("api")), want: v1alpha1.ResultPass, msg: []string{"no hostPath volumes"}},
		{name: "emptyDir only", snap: hostPathVol(deploy(ctr("api", hostPathMount("tmp"))), [2]string{"tmp", ""}), want: v1alpha1.ResultPass},
		{name: "mounted hostPath", snap: hostPathVol(deploy(ctr("api"), ctr("shipper", hostPathMount("logs", "logs"))), logs), want: v1alpha1.ResultFail,
			msg: []string{`container "shipper" mounts hostPath volume "logs" (path "/var/log")`, "emptyDir"}, notMsg: []string{`container "api"`}},
		{name: "each mounting container reported", snap: hostPathVol(deploy(ctr("api", hostPathMount("sock")), ctr("worker", hostPathMount("sock"))), [2]string{"sock", "/var/run/docker.sock"}),
			want: v1alpha1.ResultFail, msg: []string{`container "api" mounts hostPath volume "sock"`, `container "worker" mounts`}},
		{name: "unmounted hostPath reported for the pod", snap: hostPathVol(deploy(ctr("api")), [2]string{"root", "/"}), want: v1alpha1.ResultFail,
			msg: []string{`the pod has hostPath volume "root" (path "/")`}},
		{name: "init container", snap: withInit(hostPathVol(deploy(ctr("api")), logs), ctr("chown", hostPathMount("logs"))), want: v1alpha1.ResultFail,
			msg: []string{`init container "chown" mounts hostPath volume "logs"`}, notMsg: []string{"the pod has"}},
		{name: "native sidecar", snap: withInit(hostPathVol(deploy(ctr("api")), logs), ctr("shipper", asSidecar, hostPathMount("logs"))), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "shipper" mounts`}},
		{name: "allowedPaths exact", snap: hostPathVol(deploy(ctr("shipper", hostPathMount("logs"))), logs), params: map[string]string{"allowedPaths": "/var/log"},
			want: v1alpha1.ResultPass, msg: []string{"the hostPath volume is under allowedPaths (/var/log)"}},
		{name: "allowedPaths below, trailing slash", snap: hostPathVol(deploy(ctr("shipper", hostPathMount("app"))), [2]string{"app", "/var/log/app/"}),
			params: map[string]string{"allowedPaths": "/var/log/"}, want: v1alpha1.ResultPass},
		{name: "allowedPaths segment boundary", snap: hostPathVol(deploy(ctr("shipper", hostPathMount("logs"))), [2]string{"logs", "/var/logs"}),
			params: map[string]string{"allowedPaths": "/var/log"}, want: v1alpha1.ResultFail, msg: []string{`path "/var/logs"`, "not under allowedPaths (/var/log)"}},
		{name: "allowedPaths does not allow parent", snap: hostPathVol(deploy(ctr("shipper", hostPathMount("var"))), [2]string{"var", "/var"}),
			params: map[string]string{"allowedPaths": "/var/log"}, want: v1alpha1.ResultFail},
		{name: "allowedPaths dot-dot escape", snap: hostPathVol(deploy(ctr("shipper", hostPathMount("etc"))), [2]string{"etc", "/var/log/../../etc"}),
			params: map[string]string{"allowedPaths": "/var/log"}, want: v1alpha1.ResultFail},
		{name: "allowedPaths several, one volume outside", snap: hostPathVol(deploy(ctr("agent", hostPathMount("logs", "proc"))), logs, [2]string{"proc", "/proc"}),
			params: map[string]string{"allowedPaths": "/var/log,/sys"}, want: v1alpha1.ResultFail, msg: []string{`"proc"`}, notMsg: []string{`"logs"`}},
		{name: "allowedPaths root allows all", snap: hostPathVol(deploy(ctr("agent", hostPathMount("etc"))), [2]string{"etc", "/etc"}),
			params: map[string]string{"allowedPaths": "/"}, want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(hostPathVol(deploy(ctr("agent", hostPathMount("logs"))), logs)), want: v1alpha1.ResultFail},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultPass},
		{name: "no containers: volumes are still judged", snap: hostPathVol(deploy(), [2]string{"root", "/"}), want: v1alpha1.ResultFail,
			msg: []string{`the pod has hostPath volume "root"`}},
		{name: "no containers and no volumes", snap: deploy(), want: v1alpha1.ResultPass, notMsg: []string{"no containers"}},
	})
}

func TestSecurityHostPathContainerExemption(t *testing.T) {
	s := hostPathVol(deploy(ctr("api"), ctr("shipper", hostPathMount("logs"))), [2]string{"logs", "/var/log"})
	got := evalCheck(t, &securityHostPath, s, nil, v1alpha1.Exemption{Checks: []string{"security-host-path"}, Containers: []string{"shipper"}, Reason: "reads node logs"})
	wantPassExempted(t, got, "shipper")
}
