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
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// statusOptions are the flags of `prodready status`.
type statusOptions struct {
	namespace     string
	allNamespaces bool
	output        string
	// by is --by: group the fleet summary by this workload label instead of the namespace.
	by   string
	kube kubeFlags
}

func newStatusCommand(env *Env) *cobra.Command {
	o := &statusOptions{}
	name := displayName(env.Binary)
	cmd := &cobra.Command{
		Use:   "status [NAME]...",
		Short: "Show the verdicts of ProductionReadiness objects in a cluster",
		Long: `Read ProductionReadiness objects from the cluster of the kubeconfig and print their verdict
(NAMESPACE/NAME, TARGET, READY, REASON, PASSED), followed by the checks that do not pass, with
their messages. Names restrict the output to those objects.

With --all-namespaces (or --by), a fleet summary comes first: per namespace (or per value of
the --by workload label, e.g. team), the workloads, how many are Ready and not Ready, and the
checks failing most often.`,
		Example: strings.ReplaceAll(`  # Verdicts in the current namespace
  NAME status

  # Every namespace of the staging cluster, as JSON
  NAME status -A --context staging -o json

  # The fleet by team: workloads, Ready, not Ready and top failing checks per team label
  NAME status -A --by team`, "NAME", name),
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd, env, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.namespace, "namespace", "n", "", "namespace to read (default the kubeconfig context's namespace)")
	fs.BoolVarP(&o.allNamespaces, "all-namespaces", "A", false, "read every namespace")
	fs.StringVarP(&o.output, "output", "o", formatTable, "output format: table, json or yaml")
	fs.StringVar(&o.by, "by", "", "group the fleet summary by this workload label (e.g. team) instead of the namespace")
	o.kube.addFlags(fs)
	return cmd
}

func (o *statusOptions) run(cmd *cobra.Command, env *Env, names []string) error {
	if !oneOf(o.output, []string{formatTable, formatJSON, formatYAML}) {
		return usageErrorf("--output %q: want table, json or yaml", o.output)
	}
	if o.allNamespaces && o.namespace != "" {
		return usageErrorf("--namespace and --all-namespaces cannot be combined")
	}
	c, ns, err := o.kube.newClient()
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	if o.namespace != "" {
		ns = o.namespace
	}
	var opts []client.ListOption
	if !o.allNamespaces {
		opts = append(opts, client.InNamespace(ns))
	}
	var list v1alpha1.ProductionReadinessList
	if err := c.List(cmd.Context(), &list, opts...); err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("listing ProductionReadiness: %w", err)}
	}
	items := filterByName(list.Items, names)
	sort.Slice(items, func(i, j int) bool {
		if items[i].Namespace != items[j].Namespace {
			return items[i].Namespace < items[j].Namespace
		}
		return items[i].Name < items[j].Name
	})
	rep := &Report{Results: make([]Result, 0, len(items)), Errors: []InputError{}}
	for i := range items {
		rep.Results = append(rep.Results, statusResult(&items[i]))
	}
	heading := "NAMESPACE"
	if o.allNamespaces || o.by != "" {
		group := func(pr *v1alpha1.ProductionReadiness) string { return pr.Namespace }
		if o.by != "" {
			listNS := ns
			if o.allNamespaces {
				listNS = ""
			}
			if group, err = workloadLabelGroup(cmd.Context(), c, listNS, o.by); err != nil {
				return &exitError{code: ExitError, err: err}
			}
			heading = strings.ToUpper(o.by)
		}
		rep.Fleet = summarize(items, group)
	}
	switch o.output {
	case formatJSON:
		return writeJSON(env.Out, rep)
	case formatYAML:
		return writeYAML(env.Out, rep)
	}
	if len(items) == 0 {
		where := fmt.Sprintf("in namespace %q", ns)
		if o.allNamespaces {
			where = "in any namespace"
		}
		fmt.Fprintf(env.Err, "No ProductionReadiness found %s.\n", where)
		return nil
	}
	if rep.Fleet != nil {
		if err := writeFleetSummary(env.Out, heading, rep.Fleet); err != nil {
			return err
		}
	}
	return writeStatusTable(env.Out, items, rep)
}

func filterByName(items []v1alpha1.ProductionReadiness, names []string) []v1alpha1.ProductionReadiness {
	if len(names) == 0 {
		return items
	}
	out := items[:0:0]
	for _, it := range items {
		if oneOf(it.Name, names) {
			out = append(out, it)
		}
	}
	return out
}

// statusResult converts a ProductionReadiness's status to the result shape of `check`.
func statusResult(pr *v1alpha1.ProductionReadiness) Result {
	ref := pr.Spec.TargetRef
	apiVersion := ref.APIVersion
	if k, ok := checks.LookupKind(ref.Kind); ok && apiVersion == "" {
		apiVersion = k.APIVersion() // the kind's served version, as the CRD defaults it
	}
	r := Result{
		Workload:   WorkloadRef{APIVersion: apiVersion, Kind: ref.Kind, Namespace: pr.Namespace, Name: ref.Name},
		Readiness:  pr.Name,
		Profile:    checks.ProfileName(&pr.Spec),
		Promotable: &pr.Status.Promotable,
		Checks:     pr.Status.Checks,
	}
	if r.Checks == nil {
		r.Checks = []v1alpha1.CheckResult{}
	}
	if pr.Status.Summary != nil {
		r.Summary = *pr.Status.Summary
	}
	if cond := readyCondition(pr); cond != nil {
		r.Ready = cond.Status == metav1.ConditionTrue
		r.Reason = cond.Reason
		r.Message = cond.Message
	}
	return r
}

// readyCondition is the verdict shown: the Ready condition of the object's current generation
// (a Ready written for an older spec is no verdict, as for kubectl wait and the promotion gate).
func readyCondition(pr *v1alpha1.ProductionReadiness) *metav1.Condition {
	if pr.Status.ObservedGeneration < 0 {
		return nil
	}
	return pr.CurrentReady()
}

// writeStatusTable prints one row per ProductionReadiness, then the checks that do not pass.
func writeStatusTable(w io.Writer, items []v1alpha1.ProductionReadiness, rep *Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "NAMESPACE/NAME\tTARGET\tREADY\tREASON\tPASSED")
	for i := range items {
		pr, r := &items[i], &rep.Results[i]
		ready, reason, passed := "Unknown", "NotReconciled", "-"
		if cond := readyCondition(pr); cond != nil {
			ready, reason = string(cond.Status), cond.Reason
		}
		if pr.Status.Summary != nil && pr.Status.Summary.Ratio != "" {
			passed = pr.Status.Summary.Ratio
		}
		fmt.Fprintf(tw, "%s/%s\t%s/%s\t%s\t%s\t%s\n", escapeControl(pr.Namespace), escapeControl(pr.Name), escapeControl(r.Workload.Kind),
			escapeControl(r.Workload.Name), escapeControl(ready), escapeControl(reason), escapeControl(passed))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	p := &printer{w: w}
	for i := range items {
		pr, r := &items[i], &rep.Results[i]
		failing := failingChecks(r.Checks)
		showMessage := r.Reason != "" && r.Reason != v1alpha1.ReasonChecksPassed && r.Reason != v1alpha1.ReasonChecksFailed
		if len(failing) == 0 && !showMessage {
			continue
		}
		p.printf("\n%s/%s:\n", escapeControl(pr.Namespace), escapeControl(pr.Name))
		if showMessage {
			p.printf("  %s: %s\n", escapeControl(r.Reason), escapeControl(r.Message))
		}
		p.checkLines("  ", failing)
	}
	return p.err
}

// failingChecks returns the checks that fail, warn or could not be evaluated, worst first.
func failingChecks(all []v1alpha1.CheckResult) []v1alpha1.CheckResult {
	return checksWith(all, v1alpha1.ResultFail, v1alpha1.ResultError, v1alpha1.ResultWarn)
}
