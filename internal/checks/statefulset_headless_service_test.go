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

// shsSnap is a StatefulSet "web" (serviceName "web", pods labelled app: web) with Services.
func shsSnap(svcs ...corev1.Service) *Snapshot {
	return netWithServices(statefulSet(deploy(ctr("db"))), svcs...)
}

// shsHeadless is a headless Service.
func shsHeadless(name string, selector map[string]string) corev1.Service {
	svc := netSvc(name, selector)
	svc.Spec.ClusterIP = corev1.ClusterIPNone
	return svc
}

func TestStatefulSetHeadlessService(t *testing.T) {
	web := map[string]string{"app": "web"}
	offline := func(s *Snapshot) *Snapshot { s.Offline = true; return s }
	serviceName := func(name string, s *Snapshot) *Snapshot { sts(s).Spec.ServiceName = name; return s }
	withIP := func(ip string, svc corev1.Service) corev1.Service { svc.Spec.ClusterIP = ip; return svc }
	runCases(t, &statefulSetHeadlessService, []checkCase{
		{name: "headless Service selecting the pods", snap: shsSnap(shsHeadless("web", web)), want: v1alpha1.ResultPass,
			msg: []string{`Service "web" is headless and selects the pods`}},
		{name: "selector subset of pod labels", snap: func() *Snapshot {
			s := shsSnap(shsHeadless("web", web))
			s.Workload.Template().Labels = map[string]string{"app": "web", "tier": "db"}
			return s
		}(), want: v1alpha1.ResultPass},
		{name: "serviceName empty", snap: serviceName("", shsSnap(shsHeadless("web", web))), want: v1alpha1.ResultFail,
			msg: []string{"spec.serviceName is empty"}},
		{name: "serviceName empty offline is still a violation", snap: offline(serviceName("", shsSnap())), want: v1alpha1.ResultFail},
		{name: "Service missing in the cluster", snap: shsSnap(shsHeadless("other", web)), want: v1alpha1.ResultFail,
			msg: []string{`Service "web" named by spec.serviceName does not exist`}},
		{name: "Service missing offline", snap: offline(shsSnap()), want: v1alpha1.ResultSkip,
			msg: []string{`Service "web" (spec.serviceName) is not in the input`}},
		{name: "Service with a cluster IP", snap: shsSnap(withIP("10.96.0.12", netSvc("web", web))), want: v1alpha1.ResultFail,
			msg: []string{"is not headless (clusterIP 10.96.0.12)", "clusterIP: None"}},
		{name: "Service with clusterIP unset", snap: offline(shsSnap(netSvc("web", web))), want: v1alpha1.ResultFail,
			msg: []string{"unset, so one is allocated"}},
		{name: "headless Service selecting other pods", snap: shsSnap(shsHeadless("web", map[string]string{"app": "db"})), want: v1alpha1.ResultFail,
			msg: []string{"selector {app: db} does not select the pod labels {app: web}"}},
		{name: "headless Service with a wider selector than the labels", snap: shsSnap(shsHeadless("web", map[string]string{"app": "web", "tier": "db"})),
			want: v1alpha1.ResultFail, msg: []string{"does not select the pod labels"}},
		{name: "headless Service without selector", snap: shsSnap(shsHeadless("web", nil)), want: v1alpha1.ResultFail,
			msg: []string{"has no spec.selector"}},
		{name: "not headless and wrong selector: both reported", snap: shsSnap(withIP("10.96.0.12", netSvc("web", map[string]string{"app": "x"}))),
			want: v1alpha1.ResultFail, msg: []string{"not headless", "does not select"}},
		{name: "ExternalName Service", snap: shsSnap(func() corev1.Service {
			svc := netSvc("web", nil)
			svc.Spec.Type = corev1.ServiceTypeExternalName
			svc.Spec.ExternalName = "db.example.com"
			return svc
		}()), want: v1alpha1.ResultFail, msg: []string{"ExternalName"}},
		{name: "deployment does not apply", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip, msg: []string{"does not apply to a Deployment"}},
		{name: "daemonset does not apply", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip},
	})
}
