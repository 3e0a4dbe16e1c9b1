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
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/prodready/prodready/internal/checks"
)

// --fail-on values.
const (
	failOnRequired = "required"
	failOnAdvisory = "advisory"
	failOnNone     = "none"
)

// checkOptions are the flags of `prodready check`.
type checkOptions struct {
	files         []string
	stdinFilename string
	profile       string
	namespace     string
	output        string
	noColor       bool
	verbose       bool
	failOn        string
	cluster       bool
	allowEmpty    bool
	// policyFiles (--policy) hold ReadinessPolicy objects; namespaceLabels (--namespace-labels)
	// label the input's namespaces that have no Namespace object in the input.
	policyFiles     []string
	namespaceLabels []string
	kube            kubeFlags
}

func newCheckCommand(env *Env) *cobra.Command {
	o := &checkOptions{}
	name := displayName(env.Binary)
	cmd := &cobra.Command{
		Use:   "check [-f FILE|DIR|-]... [FILE|DIR]...",
		Short: "Evaluate the workloads of manifests",
		Long: `Evaluate every workload of the input: Deployments, StatefulSets, DaemonSets, Argo Rollouts,
CronJobs and Jobs, in every API version (a removed one, such as extensions/v1beta1, is still
evaluated and fails api-version-served). Workload-shaped documents of other kinds (a bare Pod,
a ReplicaSet) are named in a warning; an input with no workload exits 2 unless --allow-empty.

The input is multi-document YAML or JSON (List kinds included): files, directories (walked
recursively for .yaml, .yml and .json) or standard input (-f -), such as the output of
helm template or kustomize build. Each workload is evaluated with the ProductionReadiness of
the input that targets it (its profile, check overrides and exemptions; a ReadinessProfile
of the input that it names is used), or with --profile when none does.

Related objects (PodDisruptionBudgets, HorizontalPodAutoscalers, Services, NetworkPolicies,
ServiceAccounts, Secrets, ConfigMaps) come from the same input; a check that needs an object
the input does not hold reports Skip and says so. With --cluster they are read from the
cluster of the current kubeconfig instead (objects of the input win over cluster objects of
the same name); the workloads still come from the input.

Exit codes: 0 every Required check passes; 1 a Required check fails (--fail-on advisory: or
an Advisory check warns; --fail-on none: never); 2 usage error, unreadable or malformed input,
an invalid ProductionReadiness or ReadinessProfile, or an unreachable cluster. Malformed
documents are reported with their file and line and the rest of the input is still evaluated.

Related objects that relate to no workload of the input (an HPA whose scaleTargetRef names no
workload; a Service, PodDisruptionBudget or NetworkPolicy that selects no pods) are reported as
dangling, in every output format; they change the exit code only with --fail-on dangling
(e.g. --fail-on required,dangling). Not with --cluster, where they may target cluster workloads.`,
		Example: strings.ReplaceAll(`  # Evaluate a directory of manifests
  NAME check -f deploy/

  # Evaluate kustomize output with the strict profile, listing every check
  kustomize build overlays/prod | NAME check -f - --profile strict -v

  # SARIF for GitHub code scanning, JUnit for GitLab test reports
  NAME check -f deploy/ -o sarif > prodready.sarif
  NAME check -f deploy/ -o junit > prodready.xml

  # Look up the Secrets, PDBs, HPAs... of the current cluster
  NAME check -f deploy/app.yaml --cluster --context staging`, "NAME", name),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.files = append(o.files, args...)
			return o.run(cmd, env)
		},
	}
	fs := cmd.Flags()
	fs.StringSliceVarP(&o.files, "filename", "f", nil, "file, directory or - (standard input) to read; repeatable")
	fs.StringVar(&o.stdinFilename, "stdin-filename", "", "name to report standard input under, e.g. the path of the chart it was rendered from (default <stdin>)")
	fs.StringVarP(&o.profile, "profile", "p", checks.DefaultProfile, "profile for workloads no ProductionReadiness of the input targets: baseline, production, strict or the name of a ReadinessProfile")
	fs.StringVarP(&o.namespace, "namespace", "n", "default", "namespace of objects that have none")
	fs.StringVarP(&o.output, "output", "o", formatTable, "output format: table, json, yaml, sarif or junit")
	fs.BoolVar(&o.noColor, "no-color", false, "never colour the table (it is coloured only on a terminal, and never when NO_COLOR is set)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "list every check in the table, passing and skipped ones too")
	fs.StringVar(&o.failOn, "fail-on", failOnRequired, "exit 1 when: required (a Required check fails), advisory (also when an Advisory check warns), none (never); add dangling (e.g. required,dangling) to exit 1 also on dangling related objects")
	fs.BoolVar(&o.cluster, "cluster", false, "read related objects and ReadinessProfiles from the cluster of the kubeconfig")
	fs.StringSliceVar(&o.policyFiles, "policy", nil, "file or directory of ReadinessPolicy (and ReadinessProfile) objects whose floor applies to the namespaces they select; repeatable. Policies in the input apply too")
	fs.StringSliceVar(&o.namespaceLabels, "namespace-labels", nil, "labels (k=v, comma-separated or repeated) of the input's namespaces that no Namespace object of the input describes, for matching ReadinessPolicies")
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "exit 0 when the input holds no workload to evaluate (default: exit 2)")
	o.kube.addFlags(fs)
	return cmd
}

func (o *checkOptions) validate() error {
	if len(o.files) == 0 {
		return usageErrorf("no input: give -f FILE, -f DIR or -f - for standard input")
	}
	stdin := 0
	for _, f := range o.files {
		if f == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageErrorf("standard input (-f -) can be read only once")
	}
	if !oneOf(o.output, checkFormats) {
		return usageErrorf("--output %q: want one of %s", o.output, strings.Join(checkFormats, ", "))
	}
	if _, _, err := parseFailOn(o.failOn); err != nil {
		return err
	}
	if (o.kube.context != "" || o.kube.kubeconfig != "") && !o.cluster {
		return usageErrorf("--context and --kubeconfig need --cluster")
	}
	return nil
}

func (o *checkOptions) run(cmd *cobra.Command, env *Env) error {
	if err := o.validate(); err != nil {
		return err
	}
	nsLabels, err := parseLabels(o.namespaceLabels)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	ld := newLoader(o.namespace, env.In, o.stdinFilename)
	ld.ctx = ctx
	ld.load(o.files)
	if len(o.policyFiles) > 0 {
		ld.loadPolicies(o.policyFiles)
	}
	ld.finish()
	// The report is written as it is produced (stream.go), through a buffer flushed at the end.
	out := bufio.NewWriterSize(env.Out, 64<<10)
	ro := renderOptions{color: o.useColor(env), verbose: o.verbose}
	rw := newReportWriter(o.output, out, ro)
	defer rw.discard()
	ev := &evaluator{set: ld.set, profileSources: ld.profiles, now: env.Now(), profile: o.profile, namespaceLabels: nsLabels,
		out: rw, afterWorkload: env.afterWorkload}
	ev.report.Errors = ld.errors
	if o.cluster {
		c, _, err := o.kube.newClient()
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
		ev.cluster = newClusterReader(c)
	}
	if err := ev.run(ctx); err != nil {
		return err
	}
	interrupted := ev.interrupted || ld.interrupted || ctx.Err() != nil
	rep := &ev.report
	for _, d := range ld.set.NotEvaluated {
		ev.warnings = append(ev.warnings, fmt.Sprintf("%s: %s %q not evaluated: %s", d.Source, d.Kind, d.Name, d.Reason))
	}
	if len(ld.set.Workloads) == 0 && len(rep.Errors) == 0 && !o.allowEmpty && !interrupted {
		rep.Errors = append(rep.Errors, InputError{Message: fmt.Sprintf("no workload to evaluate in the input (evaluated kinds: %s); pass --allow-empty to accept that",
			strings.Join(checks.KindNames(), ", "))})
	}
	if !o.cluster && !interrupted {
		// With --cluster the input's Services, PDBs and HPAs may target cluster workloads;
		// an interrupted run stops at once (dangling objects are a judgement on the whole input).
		if dangling := danglingOf(ld.set); len(dangling) > 0 {
			rep.Dangling = dangling
		}
	}
	if rep.Errors == nil {
		rep.Errors = []InputError{}
	}
	sortErrors(rep.Errors)
	err = ev.writeErr
	if err == nil {
		err = rw.close(rep)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("writing the report: %w", err)}
	}
	for _, w := range ev.warnings {
		fmt.Fprintf(env.Err, "warning: %s\n", escapeControl(w))
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(env.Err, "error: %s\n", escapeControl(e.String()))
	}
	if interrupted {
		msg := fmt.Sprintf("interrupted: %d of %d workloads evaluated", ev.evaluated, len(ld.set.Workloads))
		if ld.interrupted {
			msg += " (the input was not read to the end)"
		}
		fmt.Fprintln(env.Err, msg)
		return &exitError{code: ExitInterrupted}
	}
	return o.exit(rep, &ev.count)
}

// parseLabels parses --namespace-labels: k=v items with valid label keys and values.
func parseLabels(items []string) (map[string]string, error) {
	out := map[string]string{}
	for _, it := range items {
		k, v, ok := strings.Cut(it, "=")
		if !ok || k == "" {
			return nil, usageErrorf("--namespace-labels %q: want key=value", it)
		}
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return nil, usageErrorf("--namespace-labels %q: key %q: %s", it, k, strings.Join(errs, "; "))
		}
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return nil, usageErrorf("--namespace-labels %q: value %q: %s", it, v, strings.Join(errs, "; "))
		}
		out[k] = v
	}
	return out, nil
}

// exit maps the report (its errors and dangling objects) and the results counted to the exit
// code.
func (o *checkOptions) exit(rep *Report, count *tally) error {
	if len(rep.Errors) > 0 {
		return &exitError{code: ExitError}
	}
	level, dangling, _ := parseFailOn(o.failOn)
	if dangling && len(rep.Dangling) > 0 {
		return &exitError{code: ExitFailed}
	}
	if count.failing(level) {
		return &exitError{code: ExitFailed}
	}
	return nil
}

// parseFailOn reads --fail-on: one of required, advisory and none, optionally with dangling
// (comma-separated, in any order); dangling alone means required,dangling.
func parseFailOn(v string) (level string, dangling bool, err error) {
	level = failOnRequired
	levels := 0
	for _, part := range strings.Split(v, ",") {
		switch part = strings.TrimSpace(part); part {
		case failOnDangling:
			if dangling {
				return "", false, usageErrorf("--fail-on %q: dangling is given twice", v)
			}
			dangling = true
		case failOnRequired, failOnAdvisory, failOnNone:
			level = part
			levels++
		default:
			return "", false, usageErrorf("--fail-on %q: want required, advisory or none, optionally with dangling (e.g. required,dangling)", v)
		}
	}
	if levels > 1 {
		return "", false, usageErrorf("--fail-on %q: give one of required, advisory and none", v)
	}
	return level, dangling, nil
}

// useColor colours the table on a terminal only, unless --no-color, NO_COLOR or TERM=dumb.
func (o *checkOptions) useColor(env *Env) bool {
	if o.noColor || o.output != formatTable || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return env.IsTerminal != nil && env.IsTerminal(env.Out)
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}
