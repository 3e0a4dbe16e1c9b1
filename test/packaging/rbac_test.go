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

package packaging

import (
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

// checkUserRoles: the roles aggregated into the built-in admin and edit roles may write
// ProductionReadiness objects (ReadinessPolicy floors make that safe) but never a
// ReadinessPolicy or ReadinessProfile; the platform role, aggregated nowhere, writes both.
func checkUserRoles(t *testing.T, r rendered, platformRole string) {
	t.Helper()
	editCreatesPR := false
	for _, u := range r.all("ClusterRole") {
		var cr rbacv1.ClusterRole
		decode(t, u, &cr)
		aggregated := cr.Labels["rbac.authorization.k8s.io/aggregate-to-edit"] == "true" || cr.Labels["rbac.authorization.k8s.io/aggregate-to-admin"] == "true"
		isPlatform := cr.Name == platformRole
		if isPlatform && len(cr.Labels) > 0 {
			for k := range cr.Labels {
				if strings.HasPrefix(k, "rbac.authorization.k8s.io/aggregate-to-") {
					t.Errorf("ClusterRole %s is aggregated (%s): the platform role must be bound explicitly", cr.Name, k)
				}
			}
		}
		for _, res := range []string{"readinesspolicies", "readinessprofiles"} {
			for _, verb := range []string{"create", "update", "patch", "delete"} {
				allows := ruleAllows(cr.Rules, res, verb, "")
				if aggregated && allows {
					t.Errorf("ClusterRole %s, aggregated into admin/edit, may %s %s", cr.Name, verb, res)
				}
				if isPlatform && !allows {
					t.Errorf("platform ClusterRole %s may not %s %s", cr.Name, verb, res)
				}
			}
		}
		if aggregated && cr.Labels["rbac.authorization.k8s.io/aggregate-to-edit"] == "true" && ruleAllows(cr.Rules, "productionreadinesses", "create", "") {
			editCreatesPR = true
		}
	}
	if !editCreatesPR {
		t.Error("no ClusterRole aggregated into edit may create productionreadinesses")
	}
	if !r.has("ClusterRole", platformRole) {
		t.Errorf("no platform ClusterRole %s", platformRole)
	}
}
