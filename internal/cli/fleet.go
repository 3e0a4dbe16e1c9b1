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

package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// topFailing is how many failing checks a fleet summary row names.
const topFailing = 3

// GroupSummary is one row of the fleet view: the workloads of a namespace (or of a value of the
// --by label), how many are Ready, and the checks failing most often.
type GroupSummary struct {
	// Group is the namespace, or the value of the --by label ("<none>" when unset).
	Group     string `json:"group"`
	Workloads int    `json:"workloads"`
	Ready     int    `json:"ready"`
	NotReady  int    `json:"notReady"`
	// FailingChecks are the most frequent failing Required checks, with the number of workloads
	// failing each (at most 3).
	FailingChecks []v1alpha1.FailingCheck `json:"failingChecks,omitempty"`
}

// NoLabel is the group of workloads without the --by label.
const NoLabel = "<none>"

// summarize groups ProductionReadiness objects by workload: a workload is Ready when every
// object targeting it is. group returns a workload's group.
func summarize(items []v1alpha1.ProductionReadiness, group func(pr *v1alpha1.ProductionReadiness) string) []GroupSummary {
	type workload struct {
		group   string
		ready   bool
		failing map[string]bool
	}
	workloads := map[string]*workload{}
	var order []string
	for i := range items {
		pr := &items[i]
		key := pr.Namespace + "/" + pr.Spec.TargetRef.Kind + "/" + pr.Spec.TargetRef.Name
		w, ok := workloads[key]
		if !ok {
			w = &workload{group: group(pr), ready: true, failing: map[string]bool{}}
			workloads[key] = w
			order = append(order, key)
		}
		if c := pr.CurrentReady(); c == nil || c.Status != metav1.ConditionTrue {
			w.ready = false // a Ready of an older spec does not count
		}
		for _, id := range pr.FailingChecks() {
			w.failing[id] = true
		}
	}
	groups := map[string]*GroupSummary{}
	counts := map[string]map[string]int32{}
	for _, key := range order {
		w := workloads[key]
		g, ok := groups[w.group]
		if !ok {
			g = &GroupSummary{Group: w.group}
			groups[w.group] = g
			counts[w.group] = map[string]int32{}
		}
		g.Workloads++
		if w.ready {
			g.Ready++
		} else {
			g.NotReady++
		}
		for id := range w.failing {
			counts[w.group][id]++
		}
	}
	out := make([]GroupSummary, 0, len(groups))
	for name, g := range groups {
		g.FailingChecks = v1alpha1.MostFailing(counts[name], topFailing)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}

// workloadLabelGroup returns a grouping by the value of a workload label, reading the labels
// of every registered kind's workloads (metadata only, one list per kind) from the cluster.
// Kinds the cluster does not serve are skipped.
func workloadLabelGroup(ctx context.Context, c client.Client, namespace, key string) (func(*v1alpha1.ProductionReadiness) string, error) {
	labels := map[string]string{} // "ns/Kind/name" -> value
	for _, k := range checks.Kinds() {
		list := &metav1.PartialObjectMetadataList{}
		list.SetGroupVersionKind(k.GroupVersionKind().GroupVersion().WithKind(k.Kind + "List"))
		var opts []client.ListOption
		if namespace != "" {
			opts = append(opts, client.InNamespace(namespace))
		}
		if err := c.List(ctx, list, opts...); err != nil {
			if meta.IsNoMatchError(err) {
				continue
			}
			return nil, fmt.Errorf("listing %s: %w", k.Kind, err)
		}
		for _, o := range list.Items {
			if v, ok := o.Labels[key]; ok {
				labels[o.Namespace+"/"+k.Kind+"/"+o.Name] = v
			}
		}
	}
	return func(pr *v1alpha1.ProductionReadiness) string {
		if v, ok := labels[pr.Namespace+"/"+pr.Spec.TargetRef.Kind+"/"+pr.Spec.TargetRef.Name]; ok {
			return v
		}
		return NoLabel
	}, nil
}

// writeFleetSummary prints the fleet view table.
func writeFleetSummary(w io.Writer, heading string, groups []GroupSummary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	fmt.Fprintf(tw, "%s\tWORKLOADS\tREADY\tNOT READY\tTOP FAILING CHECKS\n", heading)
	for _, g := range groups {
		top := make([]string, len(g.FailingChecks))
		for i, f := range g.FailingChecks {
			top[i] = fmt.Sprintf("%s (%d)", f.ID, f.Count)
		}
		failing := strings.Join(top, ", ")
		if failing == "" {
			failing = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", g.Group, g.Workloads, g.Ready, g.NotReady, failing)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w)
	return err
}
