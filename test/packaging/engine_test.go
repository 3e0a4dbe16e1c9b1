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
	"fmt"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/snapshot"
)

// evaluation is the engine's verdict on one workload of a set of manifests.
type evaluation struct {
	report  *checks.Report
	verdict checks.Verdict
}

// loadManifests files documents into an offline snapshot set, failing on any bad document.
func loadManifests(t *testing.T, namespace string, docs []manifest.Document) *snapshot.Manifests {
	t.Helper()
	m := snapshot.NewManifests(namespace)
	for _, d := range docs {
		if err := m.Add(d); err != nil {
			t.Fatalf("adding %s to the snapshot: %v", d.Source, err)
		}
	}
	return m
}

// workload returns the workload of a kind and name.
func workload(t *testing.T, m *snapshot.Manifests, kind, name string) *snapshot.WorkloadDoc {
	t.Helper()
	for i := range m.Workloads {
		if w := &m.Workloads[i]; w.Workload.Kind() == kind && w.Workload.Name() == name {
			return w
		}
	}
	t.Fatalf("no %s %q among the manifests", kind, name)
	return nil
}

// evaluateWith runs the engine on a workload with a ProductionReadiness spec.
func evaluateWith(t *testing.T, m *snapshot.Manifests, w *snapshot.WorkloadDoc, spec *v1alpha1.ProductionReadinessSpec) evaluation {
	t.Helper()
	pol, errs := checks.Resolve(spec, m.ProfileGetter())
	if len(errs) > 0 {
		t.Fatalf("the ProductionReadiness spec for %s is invalid: %v", w.Workload.String(), errs.ToAggregate())
	}
	rep := checks.Evaluate(m.Snapshot(w, time.Now()), pol)
	return evaluation{report: rep, verdict: rep.Verdict()}
}

// evaluateReadiness runs the engine on a workload with the ProductionReadiness of the manifests
// that targets it.
func evaluateReadiness(t *testing.T, m *snapshot.Manifests, w *snapshot.WorkloadDoc) evaluation {
	t.Helper()
	pr, ok := m.ReadinessFor(w)
	if !ok {
		t.Fatalf("no ProductionReadiness among the manifests targets %s", w.Workload.String())
	}
	return evaluateWith(t, m, w, &pr.Object.Spec)
}

// result returns one check's result.
func (e evaluation) result(t *testing.T, id string) v1alpha1.CheckResult {
	t.Helper()
	for _, r := range e.report.Results {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("check %s was not evaluated\n%s", id, e.table())
	return v1alpha1.CheckResult{}
}

// requiredNotPassing lists the Required checks whose result is neither Pass nor Skip.
func (e evaluation) requiredNotPassing() []string {
	var out []string
	for _, r := range e.report.Results {
		if r.Enforcement == v1alpha1.EnforcementRequired && r.Result != v1alpha1.ResultPass && r.Result != v1alpha1.ResultSkip {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out
}

// table renders every result, for failure messages.
func (e evaluation) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "verdict %s: %s\n", e.verdict.Reason, e.verdict.Message)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tENFORCEMENT\tRESULT\tMESSAGE")
	for _, r := range e.report.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Enforcement, r.Result, r.Message)
	}
	_ = tw.Flush()
	return b.String()
}
