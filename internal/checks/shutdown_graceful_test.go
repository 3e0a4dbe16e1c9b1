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
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

// sgSleep gives a container a preStop sleep action.
func sgSleep(seconds int64) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: seconds}}}
	}
}

// sgExec gives a container a preStop exec hook.
func sgExec(cmd ...string) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: cmd}}}
	}
}

// sgServed puts a Service "web" targeting port "http" in front of a snapshot.
func sgServed(s *Snapshot) *Snapshot {
	return netWithServices(s, netSvc("web", map[string]string{"app": "web"}, netSvcPort("http", 80, intstr.FromString("http"))))
}

// sgGrace sets the pod's terminationGracePeriodSeconds.
func sgGrace(n int64, s *Snapshot) *Snapshot {
	s.Workload.PodSpec().TerminationGracePeriodSeconds = &n
	return s
}

func TestShutdownGraceful(t *testing.T) {
	http := netCtrPort("http", 8080)
	httpGet := func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/drain", Port: intstr.FromInt32(8080)}}}
	}
	tcpOnly := func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(8080)}}}
	}
	postStartOnly := func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PostStart: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}}}
	}
	runCases(t, &shutdownGraceful, []checkCase{
		{name: "no Service", snap: deploy(ctr("api", http)), want: v1alpha1.ResultSkip, msg: []string{"no Service selects the pods; nothing to drain"}},
		{name: "no containers", snap: sgServed(deploy()), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "sleep action, default grace", snap: sgServed(deploy(ctr("api", http, sgSleep(5)))), want: v1alpha1.ResultPass,
			msg: []string{"1 serving container has a preStop hook", "terminationGracePeriodSeconds (unset, 30) outlasts the longest preStop sleep (5s)"}},
		{name: "no preStop", snap: sgServed(deploy(ctr("api", http))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" serves Service "web" but has no lifecycle.preStop hook`}},
		{name: "long grace period alone is not enough", snap: sgGrace(120, sgServed(deploy(ctr("api", http)))), want: v1alpha1.ResultFail,
			msg: []string{"no lifecycle.preStop hook"}},
		{name: "postStart only", snap: sgServed(deploy(ctr("api", http, postStartOnly))), want: v1alpha1.ResultFail, msg: []string{"no lifecycle.preStop hook"}},
		{name: "tcpSocket preStop does not count", snap: sgServed(deploy(ctr("api", http, tcpOnly))), want: v1alpha1.ResultFail,
			msg: []string{"tcpSocket is never run"}},
		{name: "httpGet preStop", snap: sgServed(deploy(ctr("api", http, httpGet))), want: v1alpha1.ResultPass},
		{name: "exec preStop without sleep", snap: sgServed(deploy(ctr("api", http, sgExec("nginx", "-s", "quit")))), want: v1alpha1.ResultPass},
		{name: "only the serving container needs a hook", snap: sgServed(deploy(ctr("api", http, sgSleep(5)), ctr("worker"))), want: v1alpha1.ResultPass,
			notMsg: []string{"worker"}},
		{name: "serving sidecar needs a hook", snap: sgServed(withInit(deploy(ctr("api", sgSleep(5))), ctr("proxy", asSidecar, http))),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy" serves Service "web"`}, notMsg: []string{`container "api"`}},
		{name: "no declared port: every regular container serves", snap: netWithServices(deploy(ctr("api"), ctr("worker", sgSleep(3))),
			netSvc("web", map[string]string{"app": "web"}, netSvcPort("http", 80, intstr.FromInt32(8080)))),
			want: v1alpha1.ResultFail, msg: []string{`container "api" serves Service "web"`, "every regular container is taken to serve"}, notMsg: []string{`container "worker" serves`}},
		{name: "no declared port: sidecars are not assumed to serve", snap: withInit(netWithServices(deploy(ctr("api", sgSleep(3))),
			netSvc("web", map[string]string{"app": "web"}, netSvcPort("http", 80, intstr.FromInt32(8080)))), ctr("proxy", asSidecar)),
			want: v1alpha1.ResultPass},
		{name: "two Services target the container", snap: netWithServices(sgServed(deploy(ctr("api", http))),
			netSvc("web-canary", map[string]string{"app": "web"}, netSvcPort("http", 80, intstr.FromInt32(8080)))),
			want: v1alpha1.ResultFail, msg: []string{`Services "web", "web-canary"`}},
		{name: "sleep equal to grace period", snap: sgGrace(10, sgServed(deploy(ctr("api", http, sgSleep(10))))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" preStop hook sleeps 10s but terminationGracePeriodSeconds 10`, "SIGKILL arrives before preStop finishes"}},
		{name: "sleep above default grace period", snap: sgServed(deploy(ctr("api", http, sgSleep(45)))), want: v1alpha1.ResultFail,
			msg: []string{"sleeps 45s but terminationGracePeriodSeconds (unset, 30)"}},
		{name: "sleep below grace period", snap: sgGrace(15, sgServed(deploy(ctr("api", http, sgSleep(10))))), want: v1alpha1.ResultPass},
		{name: "exec sleep above grace period", snap: sgGrace(10, sgServed(deploy(ctr("api", http, sgExec("/bin/sleep", "20"))))), want: v1alpha1.ResultFail,
			msg: []string{"sleeps 20s"}},
		{name: "busybox sleep", snap: sgGrace(10, sgServed(deploy(ctr("api", http, sgExec("busybox", "sleep", "15"))))), want: v1alpha1.ResultFail,
			msg: []string{"sleeps 15s"}},
		{name: "shell sleep with suffix", snap: sgServed(deploy(ctr("api", http, sgExec("/bin/sh", "-c", "sleep 1m && nginx -s quit")))), want: v1alpha1.ResultFail,
			msg: []string{"sleeps 60s"}},
		{name: "shell sleeps add up", snap: sgGrace(20, sgServed(deploy(ctr("api", http, sgExec("sh", "-ec", "sleep 10; kill -TERM 1; sleep 10"))))),
			want: v1alpha1.ResultFail, msg: []string{"sleeps 20s"}},
		{name: "shell fractional sleep rounds up", snap: sgGrace(5, sgServed(deploy(ctr("api", http, sgExec("bash", "-c", "sleep 4.5"))))),
			want: v1alpha1.ResultFail, msg: []string{"sleeps 5s"}},
		{name: "shell short sleep", snap: sgServed(deploy(ctr("api", http, sgExec("sh", "-c", "sleep 5")))), want: v1alpha1.ResultPass,
			msg: []string{"longest preStop sleep (5s)"}},
		{name: "word containing sleep is not a sleep", snap: sgGrace(5, sgServed(deploy(ctr("api", http, sgExec("sh", "-c", "/app/nosleep 100"))))),
			want: v1alpha1.ResultPass},
		{name: "sleep infinity", snap: sgServed(deploy(ctr("api", http, sgExec("sleep", "infinity")))), want: v1alpha1.ResultFail,
			msg: []string{"sleeps forever"}},
		{name: "non-serving container's sleep is checked too", snap: sgGrace(5, sgServed(deploy(ctr("api", http, sgSleep(2)), ctr("worker", sgSleep(30))))),
			want: v1alpha1.ResultFail, msg: []string{`container "worker" preStop hook sleeps 30s`}},
		{name: "grace period 0", snap: sgGrace(0, sgServed(deploy(ctr("api", http, sgSleep(5))))), want: v1alpha1.ResultFail,
			msg: []string{"terminationGracePeriodSeconds is 0"}, notMsg: []string{"sleeps 5s"}},
		{name: "minGracePeriodSeconds met", snap: sgGrace(60, sgServed(deploy(ctr("api", http, sgSleep(5))))),
			params: map[string]string{"minGracePeriodSeconds": "60"}, want: v1alpha1.ResultPass},
		{name: "minGracePeriodSeconds against the default", snap: sgServed(deploy(ctr("api", http, sgSleep(5)))),
			params: map[string]string{"minGracePeriodSeconds": "45"}, want: v1alpha1.ResultFail,
			msg: []string{"terminationGracePeriodSeconds (unset, 30) is below minGracePeriodSeconds 45"}},
		{name: "statefulset", snap: sgServed(statefulSet(deploy(ctr("db", http)))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: sgServed(daemonSet(deploy(ctr("agent", http, sgSleep(3))))), want: v1alpha1.ResultPass},
	})
}

func TestShutdownGracefulContainerExemption(t *testing.T) {
	s := sgServed(withInit(deploy(ctr("api", netCtrPort("http", 8080), sgSleep(5))), ctr("proxy", asSidecar, netCtrPort("http", 8080))))
	got := evalCheck(t, &shutdownGraceful, s, nil, v1alpha1.Exemption{Checks: []string{"shutdown-graceful"}, Containers: []string{"proxy"}, Reason: "mesh drains itself"})
	wantPassExempted(t, got, "proxy")
}

func TestPreStopSleepSeconds(t *testing.T) {
	for _, tc := range []struct {
		cmd     []string
		want    int64
		forever bool
	}{
		{cmd: []string{"sleep", "5"}, want: 5},
		{cmd: []string{"sleep", "1m", "30"}, want: 90},
		{cmd: []string{"sleep", "2h"}, want: 7200},
		{cmd: []string{"sleep", "0.2s"}, want: 1},
		{cmd: []string{"sleep"}, want: 0},
		{cmd: []string{"sleep", "nan"}, want: 0},
		{cmd: []string{"/bin/sh", "-c", "echo draining; sleep 7"}, want: 7},
		{cmd: []string{"sh", "-c", "sleep 3 && sleep 4"}, want: 7},
		{cmd: []string{"sh", "-c", "(sleep 2)"}, want: 2},
		{cmd: []string{"sh", "script.sh"}, want: 0},
		{cmd: []string{"sh", "-c", "sleep inf"}, forever: true},
		{cmd: []string{"python", "-c", "import time; time.sleep(5)"}, want: 0},
		{cmd: nil, want: 0},
	} {
		c := ctr("api", sgExec(tc.cmd...))
		got, forever := preStopSleepSeconds(&c)
		if got != tc.want || forever != tc.forever {
			t.Errorf("%q: got %d forever=%v, want %d forever=%v", tc.cmd, got, forever, tc.want, tc.forever)
		}
	}
}
