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

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// Report is the document `prodready check -o json|yaml` prints (and `status -o json|yaml`). Its
// shape is a stable contract, documented in docs/cli.md: fields are only ever added.
type Report struct {
	// Results holds one entry per evaluated workload (per ProductionReadiness targeting it).
	Results []Result `json:"results"`
	// Errors lists input that could not be read or is invalid; any entry makes the exit code 2.
	Errors []InputError `json:"errors"`
	// Fleet is the fleet summary of `status -A` and `status --by` (per namespace or label value).
	Fleet []GroupSummary `json:"fleet,omitempty"`
	// Dangling lists related objects that target or select no workload of the input (check
	// only); warnings that make the exit code 1 only with --fail-on dangling.
	Dangling []DanglingObject `json:"dangling,omitempty"`

	// custom holds the custom checks (ReadinessProfile spec.customChecks) the results name, for
	// the renderers that describe checks (SARIF rules, JUnit failure texts).
	custom map[string]customCheck
}

// customCheck is a custom check as evaluated: its compiled Meta and the profile defining it.
type customCheck struct {
	check       *checks.Check
	profile     string
	enforcement v1alpha1.Enforcement
}

// addCustom records the custom checks of a policy.
func (r *Report) addCustom(pol *checks.Policy) {
	for _, e := range pol.Entries {
		if _, builtin := checks.Lookup(e.Check.ID); builtin {
			continue
		}
		if r.custom == nil {
			r.custom = map[string]customCheck{}
		}
		if _, seen := r.custom[e.Check.ID]; !seen {
			r.custom[e.Check.ID] = customCheck{check: e.Check, profile: pol.Profile, enforcement: e.Enforcement}
		}
	}
}

// lookupCheck finds a check of the report: a built-in one, or a custom one of an evaluated
// profile. docs is where it is documented.
func (r *Report) lookupCheck(id string) (c *checks.Check, docs string, ok bool) {
	if c, ok := checks.Lookup(id); ok {
		return c, checkDocURL + id + ".md", true
	}
	if cc, ok := r.custom[id]; ok {
		return cc.check, customCheckDocs(cc.profile, id), true
	}
	return nil, "", false
}

// customCheckDocs says how to read a custom check's documentation.
func customCheckDocs(profile, id string) string {
	return fmt.Sprintf("prodready explain --profile %s --profile-file PROFILE.yaml %s (custom check of ReadinessProfile %q)", profile, id, profile)
}

// Result is the verdict on one workload. The check results use the ProductionReadiness status
// types, so the words are those the operator writes.
type Result struct {
	Workload WorkloadRef `json:"workload"`
	// Source is where the workload was read (check only).
	Source *Location `json:"source,omitempty"`
	// Readiness is the name of the ProductionReadiness that configured the evaluation, empty
	// when --profile was used.
	Readiness string `json:"readiness"`
	// Profile is the profile evaluated.
	Profile string `json:"profile"`
	// Ready is true when every Required check passes (checks.Report.Verdict().Ready()).
	Ready bool `json:"ready"`
	// Reason is the Ready condition's reason: ChecksPassed, ChecksFailed, RolloutInProgress,
	// RolloutFailed (and, from a cluster, TargetNotFound or InvalidSpec).
	Reason string `json:"reason"`
	// Message is the Ready condition's message.
	Message string `json:"message,omitempty"`
	// Promotable is the promotion verdict the operator wrote (status only).
	Promotable *bool                  `json:"promotable,omitempty"`
	Summary    v1alpha1.Summary       `json:"summary"`
	Checks     []v1alpha1.CheckResult `json:"checks"`
}

// WorkloadRef names a workload.
type WorkloadRef struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
}

// String is "Kind namespace/name".
func (w WorkloadRef) String() string {
	return w.Kind + " " + w.Namespace + "/" + w.Name
}

// Location is a file and line.
type Location struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// InputError is input that could not be read or is invalid. Line is 0 when the error concerns
// a whole file.
type InputError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// String is "file:line: message".
func (e InputError) String() string {
	switch {
	case e.File == "":
		return e.Message
	case e.Line == 0:
		return e.File + ": " + e.Message
	}
	return e.File + ":" + itoa(e.Line) + ": " + e.Message
}

// failing reports whether a result counts against --fail-on.
func (r *Result) failing(failOn string) bool {
	switch failOn {
	case failOnNone:
		return false
	case failOnAdvisory:
		return !r.Ready || r.Summary.Warnings > 0 || r.Summary.Errors > 0
	}
	return !r.Ready
}
