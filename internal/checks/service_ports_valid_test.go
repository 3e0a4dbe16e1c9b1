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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Builders shared by the network, shutdown and metrics tests.

// netSvc is a ClusterIP Service in namespace "shop" with a selector and ports.
func netSvc(name string, selector map[string]string, ports ...corev1.ServicePort) corev1.Service {
	return corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: map[string]string{"app": name}},
		Spec:       corev1.ServiceSpec{Selector: selector, Ports: ports},
	}
}

// netSvcPort is a Service port; target may be the zero IntOrString (unset).
func netSvcPort(name string, port int32, target intstr.IntOrString) corev1.ServicePort {
	return corev1.ServicePort{Name: name, Port: port, TargetPort: target}
}

// netWithServices adds Services to a snapshot.
func netWithServices(s *Snapshot, svcs ...corev1.Service) *Snapshot {
	s.Services = append(s.Services, svcs...)
	return s
}

// netCtrPort declares a TCP container port.
func netCtrPort(name string, port int32) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Ports = append(c.Ports, corev1.ContainerPort{Name: name, ContainerPort: port})
	}
}

// netCtrPortProto declares a container port with a protocol.
func netCtrPortProto(name string, port int32, proto corev1.Protocol) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Ports = append(c.Ports, corev1.ContainerPort{Name: name, ContainerPort: port, Protocol: proto})
	}
}

func TestServicePortsValid(t *testing.T) {
	web := map[string]string{"app": "web"}
	unset := intstr.IntOrString{}
	udp := func(p corev1.ServicePort) corev1.ServicePort { p.Protocol = corev1.ProtocolUDP; return p }
	runCases(t, &servicePortsValid, []checkCase{
		{name: "no Service", snap: deploy(ctr("api", netCtrPort("http", 8080))), want: v1alpha1.ResultSkip, msg: []string{"no Service selects the pods"}},
		{name: "Service selecting other pods is ignored",
			snap: netWithServices(deploy(ctr("api")), netSvc("other", map[string]string{"app": "other"}, netSvcPort("http", 80, intstr.FromInt32(9)))),
			want: v1alpha1.ResultSkip},
		{name: "Service without selector is ignored",
			snap: netWithServices(deploy(ctr("api")), netSvc("manual", nil, netSvcPort("http", 80, intstr.FromInt32(9)))),
			want: v1alpha1.ResultSkip},
		{name: "numeric target declared",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080))), netSvc("web", web, netSvcPort("http", 80, intstr.FromInt32(8080)))),
			want: v1alpha1.ResultPass, msg: []string{`all 1 port of Service "web"`}},
		{name: "named target declared",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080))), netSvc("web", web, netSvcPort("http", 80, intstr.FromString("http")))),
			want: v1alpha1.ResultPass},
		{name: "unset target means the port number",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080))), netSvc("web", web, netSvcPort("http", 8080, unset))),
			want: v1alpha1.ResultPass},
		{name: "unset target with a different port fails",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080))), netSvc("web", web, netSvcPort("http", 80, unset))),
			want: v1alpha1.ResultFail, msg: []string{`Service "web" port "http" (80/TCP) targets port 80/TCP`, "ports[].containerPort"}},
		{name: "numeric target not declared",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080))), netSvc("web", web, netSvcPort("", 80, intstr.FromInt32(9090)))),
			want: v1alpha1.ResultFail, msg: []string{`Service "web" port 80/TCP targets port 9090/TCP`}},
		{name: "container declares no ports",
			snap: netWithServices(deploy(ctr("api")), netSvc("web", web, netSvcPort("http", 80, intstr.FromInt32(8080)))),
			want: v1alpha1.ResultFail, msg: []string{"targets port 8080/TCP"}},
		{name: "named target not declared",
			snap: netWithServices(deploy(ctr("api", netCtrPort("web", 8080))), netSvc("web", web, netSvcPort("http", 80, intstr.FromString("http")))),
			want: v1alpha1.ResultFail, msg: []string{`targets port "http"/TCP`, "ports[].name"}},
		{name: "numeric target matching only a port name is not a name lookup",
			snap: netWithServices(deploy(ctr("api", netCtrPort("8080", 9000))), netSvc("web", web, netSvcPort("http", 80, intstr.FromInt32(8080)))),
			want: v1alpha1.ResultFail},
		{name: "protocol mismatch",
			snap: netWithServices(deploy(ctr("dns", netCtrPort("dns", 53))), netSvc("web", web, udp(netSvcPort("dns", 53, intstr.FromString("dns"))))),
			want: v1alpha1.ResultFail, msg: []string{`targets port "dns"/UDP`, "only with another protocol"}},
		{name: "protocol match UDP",
			snap: netWithServices(deploy(ctr("dns", netCtrPortProto("dns", 53, corev1.ProtocolUDP))), netSvc("web", web, udp(netSvcPort("dns", 53, intstr.FromInt32(53))))),
			want: v1alpha1.ResultPass},
		{name: "port in second container",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080)), ctr("metrics", netCtrPort("metrics", 9090))),
				netSvc("web", web, netSvcPort("http", 80, intstr.FromString("http")), netSvcPort("metrics", 9090, intstr.FromString("metrics")))),
			want: v1alpha1.ResultPass, msg: []string{"all 2 ports"}},
		{name: "port on a native sidecar",
			snap: netWithServices(withInit(deploy(ctr("api")), ctr("proxy", asSidecar, netCtrPort("https", 8443))),
				netSvc("web", web, netSvcPort("https", 443, intstr.FromString("https")))),
			want: v1alpha1.ResultPass},
		{name: "port on a plain init container does not count",
			snap: netWithServices(withInit(deploy(ctr("api")), ctr("migrate", netCtrPort("https", 8443))),
				netSvc("web", web, netSvcPort("https", 443, intstr.FromString("https")))),
			want: v1alpha1.ResultFail},
		{name: "two Services, one broken",
			snap: netWithServices(deploy(ctr("api", netCtrPort("http", 8080))),
				netSvc("web", web, netSvcPort("http", 80, intstr.FromString("http"))),
				netSvc("web-admin", web, netSvcPort("admin", 81, intstr.FromString("admin")))),
			want: v1alpha1.ResultFail, msg: []string{`Service "web-admin" port "admin"`}, notMsg: []string{`Service "web" `}},
		{name: "Service without ports",
			snap: netWithServices(deploy(ctr("api")), netSvc("web", web)),
			want: v1alpha1.ResultPass, msg: []string{"all 0 ports"}},
		{name: "statefulset", snap: netWithServices(statefulSet(deploy(ctr("db", netCtrPort("pg", 5432)))), netSvc("web", web, netSvcPort("pg", 5432, unset))),
			want: v1alpha1.ResultPass},
		{name: "daemonset", snap: netWithServices(daemonSet(deploy(ctr("agent"))), netSvc("web", web, netSvcPort("m", 9100, unset))),
			want: v1alpha1.ResultFail},
		{name: "no containers", snap: netWithServices(deploy(), netSvc("web", web, netSvcPort("http", 80, unset))),
			want: v1alpha1.ResultFail},
	})
}
