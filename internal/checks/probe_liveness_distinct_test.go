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

func TestProbeLivenessDistinct(t *testing.T) {
	p8080 := intstr.FromInt32(8080)
	both := func(live, ready *corev1.Probe) []func(*corev1.Container) {
		return []func(*corev1.Container){pbLive(live), pbReady(ready)}
	}
	api := func(live, ready *corev1.Probe, more ...func(*corev1.Container)) *Snapshot {
		return deploy(ctr("api", append(both(live, ready), more...)...))
	}
	slow := pbHTTP("/healthz", p8080)
	slow.PeriodSeconds, slow.FailureThreshold, slow.InitialDelaySeconds = 30, 10, 15
	withScheme := func(p *corev1.Probe, s corev1.URIScheme) *corev1.Probe { p.HTTPGet.Scheme = s; return p }
	withHost := func(p *corev1.Probe, h string) *corev1.Probe { p.HTTPGet.Host = h; return p }
	withHeaders := func(p *corev1.Probe, kv ...string) *corev1.Probe {
		for i := 0; i+1 < len(kv); i += 2 {
			p.HTTPGet.HTTPHeaders = append(p.HTTPGet.HTTPHeaders, corev1.HTTPHeader{Name: kv[i], Value: kv[i+1]})
		}
		return p
	}
	grpcSvc := func(port int32, svc *string) *corev1.Probe { p := pbGRPC(port); p.GRPC.Service = svc; return p }

	runCases(t, &probeLivenessDistinct, []checkCase{
		{name: "different http paths", snap: api(pbHTTP("/livez", p8080), pbHTTP("/readyz", p8080)), want: v1alpha1.ResultPass,
			msg: []string{"the container's liveness and readiness probes differ"}},
		{name: "same http path and port", snap: api(pbHTTP("/healthz", p8080), pbHTTP("/healthz", p8080)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" livenessProbe runs the same httpGet /healthz on port 8080 as its readinessProbe`, "/livez"}},
		{name: "same handler different timings is still the same", snap: api(slow, pbHTTP("/healthz", p8080)), want: v1alpha1.ResultFail},
		{name: "named port resolving to the same number", snap: api(pbHTTP("/healthz", intstr.FromString("http")), pbHTTP("/healthz", p8080), pbPort("http", 8080)),
			want: v1alpha1.ResultFail, msg: []string{`port http`}},
		{name: "named port resolving to another number", snap: api(pbHTTP("/healthz", intstr.FromString("admin")), pbHTTP("/healthz", p8080), pbPort("admin", 9090)),
			want: v1alpha1.ResultPass},
		{name: "same path on different ports", snap: api(pbHTTP("/healthz", intstr.FromInt32(9090)), pbHTTP("/healthz", p8080)), want: v1alpha1.ResultPass},
		{name: "empty path is /", snap: api(pbHTTP("", p8080), pbHTTP("/", p8080)), want: v1alpha1.ResultFail},
		{name: "default scheme is HTTP", snap: api(withScheme(pbHTTP("/h", p8080), corev1.URISchemeHTTP), pbHTTP("/h", p8080)), want: v1alpha1.ResultFail},
		{name: "HTTPS differs from HTTP", snap: api(withScheme(pbHTTP("/h", p8080), corev1.URISchemeHTTPS), pbHTTP("/h", p8080)), want: v1alpha1.ResultPass},
		{name: "different host", snap: api(withHost(pbHTTP("/h", p8080), "10.0.0.1"), pbHTTP("/h", p8080)), want: v1alpha1.ResultPass},
		{name: "different headers", snap: api(withHeaders(pbHTTP("/h", p8080), "X-Probe", "live"), withHeaders(pbHTTP("/h", p8080), "X-Probe", "ready")),
			want: v1alpha1.ResultPass},
		{name: "same headers in another order and case, values not shown", snap: api(
			withHeaders(pbHTTP("/h", p8080), "X-A", "1", "Authorization", "Bearer s3cr3t"),
			withHeaders(pbHTTP("/h", p8080), "authorization", "Bearer s3cr3t", "x-a", "1")),
			want: v1alpha1.ResultFail, notMsg: []string{"s3cr3t"}},
		{name: "query string not shown", snap: api(pbHTTP("/h?token=abc", p8080), pbHTTP("/h?token=abc", p8080)),
			want: v1alpha1.ResultFail, notMsg: []string{"abc"}},
		{name: "same exec command, arguments not shown", snap: api(pbExec("check", "--password=hunter2"), pbExec("check", "--password=hunter2")),
			want: v1alpha1.ResultFail, msg: []string{`exec "check"`, "an exec command that checks only the process"}, notMsg: []string{"hunter2", "/livez", "path"}},
		{name: "exec with different arguments", snap: api(pbExec("check", "--live"), pbExec("check", "--ready")), want: v1alpha1.ResultPass},
		{name: "same tcpSocket port", snap: api(pbTCP(p8080), pbTCP(p8080)), want: v1alpha1.ResultFail, msg: []string{"tcpSocket on port 8080"}, notMsg: []string{"/livez"}},
		{name: "tcpSocket versus httpGet on the same port", snap: api(pbTCP(p8080), pbHTTP("/readyz", p8080)), want: v1alpha1.ResultPass},
		{name: "same grpc port, service unset and empty", snap: api(grpcSvc(9090, nil), grpcSvc(9090, ptr(""))), want: v1alpha1.ResultFail,
			msg: []string{"grpc on port 9090", "a grpc probe with service set"}, notMsg: []string{"/livez", "path"}},
		{name: "grpc with different services", snap: api(grpcSvc(9090, ptr("liveness")), grpcSvc(9090, ptr("readiness"))), want: v1alpha1.ResultPass},
		{name: "probes without a handler are not compared", snap: api(&corev1.Probe{}, &corev1.Probe{}), want: v1alpha1.ResultPass},
		{name: "native sidecar with the same probe", snap: withInit(deploy(ctr("api", both(pbHTTP("/livez", p8080), pbHTTP("/readyz", p8080))...)),
			ctr("proxy", append(both(pbTCP(intstr.FromInt32(15000)), pbTCP(intstr.FromInt32(15000))), asSidecar)...)),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy"`}, notMsg: []string{`container "api"`}},
		{name: "only containers with both probes count", snap: deploy(ctr("api", both(pbHTTP("/livez", p8080), pbHTTP("/readyz", p8080))...),
			ctr("worker", pbLive(pbExec("true")))), want: v1alpha1.ResultPass, msg: []string{"the container's liveness and readiness probes differ"}},
		{name: "liveness only", snap: deploy(ctr("api", pbLive(pbHTTP("/livez", p8080)))), want: v1alpha1.ResultSkip,
			msg: []string{"no container has both a liveness and a readiness probe"}},
		{name: "no probes", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip},
		{name: "statefulset", snap: statefulSet(api(pbTCP(intstr.FromInt32(5432)), pbTCP(intstr.FromInt32(5432)))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(api(pbHTTP("/livez", p8080), pbHTTP("/readyz", p8080))), want: v1alpha1.ResultPass},
	})
}
