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

func TestProbePortsExist(t *testing.T) {
	num := intstr.FromInt32
	name := intstr.FromString
	http := pbPort("http", 8080)
	onHost := func(p *corev1.Probe, host string) *corev1.Probe {
		if p.HTTPGet != nil {
			p.HTTPGet.Host = host
		}
		if p.TCPSocket != nil {
			p.TCPSocket.Host = host
		}
		return p
	}
	proto := func(name string, n int32, p corev1.Protocol) func(*corev1.Container) {
		return func(c *corev1.Container) {
			c.Ports = append(c.Ports, corev1.ContainerPort{Name: name, ContainerPort: n, Protocol: p})
		}
	}
	udp := func(name string, n int32) func(*corev1.Container) { return proto(name, n, corev1.ProtocolUDP) }
	runCases(t, &probePortsExist, []checkCase{
		{name: "named port declared", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name("http"))), pbLive(pbHTTP("/livez", name("http"))))),
			want: v1alpha1.ResultPass, msg: []string{"all 2 probe ports"}},
		{name: "numbered port declared", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", num(8080))))), want: v1alpha1.ResultPass,
			msg: []string{"the probe port is declared by its container"}},
		{name: "tcpSocket on a port declared for UDP", snap: deploy(ctr("dns", udp("dns", 53), pbReady(pbTCP(num(53))))), want: v1alpha1.ResultFail,
			msg: []string{`container "dns" readinessProbe.tcpSocket.port 53 is declared with protocol UDP, but the probe connects over TCP`}},
		{name: "named port declared for UDP", snap: deploy(ctr("dns", udp("dns", 53), pbLive(pbTCP(name("dns"))))), want: v1alpha1.ResultFail,
			msg: []string{"livenessProbe.tcpSocket.port dns is declared with protocol UDP"}},
		{name: "grpc on an SCTP port", snap: deploy(ctr("api", proto("sig", 9090, corev1.ProtocolSCTP), pbReady(pbGRPC(9090)))), want: v1alpha1.ResultFail,
			msg: []string{"protocol SCTP"}},
		{name: "port declared for UDP and TCP", snap: deploy(ctr("dns", udp("dns", 53), proto("dns-tcp", 53, corev1.ProtocolTCP), pbReady(pbTCP(num(53))))),
			want: v1alpha1.ResultPass},
		{name: "explicit TCP", snap: deploy(ctr("api", proto("http", 8080, corev1.ProtocolTCP), pbReady(pbHTTP("/readyz", name("http"))))), want: v1alpha1.ResultPass},
		{name: "numbered port declared without a name", snap: deploy(ctr("api", pbPort("", 8080), pbReady(pbTCP(num(8080))))), want: v1alpha1.ResultPass},
		{name: "named port not declared", snap: deploy(ctr("api", pbPort("web", 8080), pbReady(pbHTTP("/readyz", name("http"))))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" readinessProbe.httpGet.port "http" names no port of the container`, "can never succeed"}},
		{name: "numbered port not declared", snap: deploy(ctr("api", http, pbLive(pbHTTP("/livez", num(8081))))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" livenessProbe.httpGet.port 8081 is not declared`, "declare it in ports (containerPort: 8081)"}},
		{name: "no ports at all", snap: deploy(ctr("api", pbReady(pbTCP(num(5432))))), want: v1alpha1.ResultFail,
			msg: []string{"readinessProbe.tcpSocket.port 5432"}},
		{name: "httpGet port zero", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", num(0))))), want: v1alpha1.ResultFail,
			msg: []string{"readinessProbe.httpGet.port is not set"}},
		{name: "httpGet port empty string", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name(""))))), want: v1alpha1.ResultFail,
			msg: []string{"readinessProbe.httpGet.port is not set"}},
		{name: "port out of range", snap: deploy(ctr("api", pbPort("big", 70000), pbReady(pbHTTP("/readyz", num(70000))))), want: v1alpha1.ResultFail,
			msg: []string{"70000 is not a valid port"}},
		{name: "startup probe checked too", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name("http"))), pbStart(pbTCP(num(9000))))),
			want: v1alpha1.ResultFail, msg: []string{"startupProbe.tcpSocket.port 9000"}, notMsg: []string{"readinessProbe"}},
		{name: "grpc port declared", snap: deploy(ctr("api", pbPort("grpc", 9090), pbReady(pbGRPC(9090)))), want: v1alpha1.ResultPass},
		{name: "grpc port not declared", snap: deploy(ctr("api", http, pbLive(pbGRPC(9090)))), want: v1alpha1.ResultFail,
			msg: []string{"livenessProbe.grpc.port 9090 is not declared"}},
		{name: "grpc port zero", snap: deploy(ctr("api", http, pbLive(pbGRPC(0)))), want: v1alpha1.ResultFail,
			msg: []string{"livenessProbe.grpc.port is not set"}},
		{name: "numbered port on another host need not be declared", snap: deploy(ctr("api", pbLive(onHost(pbTCP(num(6379)), "redis.internal")))),
			want: v1alpha1.ResultPass},
		{name: "named port on another host must still resolve", snap: deploy(ctr("api", pbLive(onHost(pbHTTP("/", name("admin")), "10.0.0.1")))),
			want: v1alpha1.ResultFail, msg: []string{`"admin" names no port`}},
		{name: "digit string treated as a number", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name("8080"))))), want: v1alpha1.ResultPass},
		{name: "port declared by another container only", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name("http")))),
			ctr("worker", pbReady(pbHTTP("/readyz", name("http"))))), want: v1alpha1.ResultFail,
			msg: []string{`container "worker"`}, notMsg: []string{`container "api"`}},
		{name: "native sidecar probe port not declared", snap: withInit(deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name("http"))))),
			ctr("proxy", asSidecar, pbReady(pbHTTP("/healthz/ready", num(15021))))), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" readinessProbe.httpGet.port 15021`}},
		{name: "every violation of a container is reported", snap: deploy(ctr("api", pbReady(pbHTTP("/readyz", name("http"))), pbLive(pbHTTP("/livez", name("http"))))),
			want: v1alpha1.ResultFail, msg: []string{"readinessProbe.httpGet.port", "livenessProbe.httpGet.port"}},
		{name: "exec probes only", snap: deploy(ctr("api", pbReady(pbExec("true")), pbLive(pbExec("true")))), want: v1alpha1.ResultSkip,
			msg: []string{"no container has an httpGet, tcpSocket or grpc probe"}},
		{name: "exec probe beside a network probe", snap: deploy(ctr("api", http, pbReady(pbHTTP("/readyz", name("http"))), pbLive(pbExec("true")))),
			want: v1alpha1.ResultPass, msg: []string{"the probe port is declared"}},
		{name: "no probes", snap: deploy(ctr("api", http)), want: v1alpha1.ResultSkip},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", pbReady(pbTCP(name("postgres")))))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", pbPort("metrics", 9100), pbLive(pbHTTP("/", name("metrics")))))), want: v1alpha1.ResultPass},
	})
}

func TestProbePortsExistContainerExemption(t *testing.T) {
	s := withInit(deploy(ctr("api", pbPort("http", 8080), pbReady(pbHTTP("/readyz", intstr.FromString("http"))))),
		ctr("proxy", asSidecar, pbReady(pbHTTP("/healthz/ready", intstr.FromInt32(15021)))))
	got := evalCheck(t, &probePortsExist, s, nil, v1alpha1.Exemption{Checks: []string{"probe-ports-exist"}, Containers: []string{"proxy"}, Reason: "injected mesh sidecar"})
	wantPassExempted(t, got, "proxy")
}

func TestContainerDeclaresPort(t *testing.T) {
	c := &corev1.Container{Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}, {ContainerPort: 9090}}}
	for _, tc := range []struct {
		port intstr.IntOrString
		want bool
	}{
		{intstr.FromString("http"), true},
		{intstr.FromString("HTTP"), false},
		{intstr.FromString("metrics"), false},
		{intstr.FromInt32(8080), true},
		{intstr.FromInt32(9090), true},
		{intstr.FromInt32(9091), false},
		{intstr.FromString("9090"), true},
		{intstr.FromInt32(0), false},
		{intstr.FromString(""), false},
	} {
		if got := containerDeclaresPort(c, tc.port); got != tc.want {
			t.Errorf("containerDeclaresPort(%s) = %v, want %v", tc.port.String(), got, tc.want)
		}
	}
	if containerDeclaresPort(nil, intstr.FromInt32(8080)) {
		t.Errorf("nil container declares a port")
	}
}
