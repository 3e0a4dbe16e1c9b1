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

package controller

import (
	"encoding/json"
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
)

// The status patch against the cache's copy, whose Pass results are compacted away, sends the
// new list whole when it changed (or its removal), and leaves it out when it did not: applied
// to what the API server holds, it always gives the new list.
func TestStatusPatchBase(t *testing.T) {
	pass := func(id, msg string) v1alpha1.CheckResult {
		return v1alpha1.CheckResult{ID: id, Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPass, Message: msg}
	}
	warn := v1alpha1.CheckResult{ID: "spread-zones", Enforcement: v1alpha1.EnforcementAdvisory, Result: v1alpha1.ResultWarn, Message: "no spread"}
	allPass := []v1alpha1.CheckResult{pass("pdb-present", "PDB web"), pass("probe-readiness", "ok")}
	mixed := []v1alpha1.CheckResult{pass("pdb-present", "PDB web"), warn}
	for _, tc := range []struct {
		name          string
		stored, next  []v1alpha1.CheckResult
		summary       bool // the rest of the status changes too
		compact       bool
		wantListInPat bool
	}{
		{name: "all passed, then no results (target gone)", stored: allPass, next: nil, summary: true, compact: true, wantListInPat: true},
		{name: "the new list is the old one's results that do not pass", stored: mixed, next: []v1alpha1.CheckResult{warn}, summary: true, compact: true, wantListInPat: true},
		{name: "a Pass message changed", stored: mixed, next: []v1alpha1.CheckResult{pass("pdb-present", "PDB web-2"), warn}, compact: true, wantListInPat: true},
		{name: "unchanged list, other status fields changed", stored: mixed, next: mixed, summary: true, compact: true, wantListInPat: false},
		{name: "not compacted, unchanged list", stored: mixed, next: mixed, summary: true, wantListInPat: false},
		{name: "not compacted, changed", stored: mixed, next: allPass, wantListInPat: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			server := &v1alpha1.ProductionReadiness{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
				Status: v1alpha1.ProductionReadinessStatus{ObservedGeneration: 1, Checks: tc.stored}}
			before := server.DeepCopy() // the cache's copy
			if tc.compact {
				before.Status.CompactChecks()
			}
			after := before.DeepCopy()
			after.Status.SetChecks(tc.next)
			if tc.summary {
				after.Status.Summary = &v1alpha1.Summary{Required: 1}
			}
			data, err := client.MergeFrom(statusPatchBase(before, after.Status.Checks)).Data(after)
			if err != nil {
				t.Fatal(err)
			}
			var patch map[string]map[string]json.RawMessage
			if err := json.Unmarshal(data, &patch); err != nil {
				t.Fatalf("%s: %v", data, err)
			}
			_, inPatch := patch["status"]["checks"]
			if inPatch != tc.wantListInPat {
				t.Errorf("checks in the patch %v, want %v: %s", inPatch, tc.wantListInPat, data)
			}
			// Applied to the server's object, the patch gives the new list.
			got := server.Status.Checks
			if raw, ok := patch["status"]["checks"]; ok {
				got = nil
				if err := json.Unmarshal(raw, &got); err != nil {
					t.Fatal(err)
				}
			}
			if len(got) != len(tc.next) || (len(got) > 0 && !reflect.DeepEqual(got, tc.next)) {
				t.Errorf("the server would hold %+v, want %+v (patch %s)", got, tc.next, data)
			}
		})
	}
}
