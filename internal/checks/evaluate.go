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
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prodready/prodready/api/v1alpha1"
)

// MaxMessageLength bounds a check's message (the CRD's maxLength for status.checks[].message).
const MaxMessageLength = 1024

// Report is the result of evaluating a snapshot against a policy.
type Report struct {
	// Results holds one result per evaluated (not Disabled) check, in catalogue order.
	Results []v1alpha1.CheckResult
	// Summary counts the results.
	Summary v1alpha1.Summary
	// NextChange is the earliest future exemption expiry: the verdict may change then without
	// any object changing. Zero when there is none.
	NextChange time.Time
}

// Evaluate runs every enabled check of the policy over the snapshot. It never panics: a check
// that panics reports Error, and the others still run.
func Evaluate(s *Snapshot, pol *Policy) *Report {
	// The checks share what several of them select (PDBs, Services) through a copy of the
	// snapshot: the caller's is not written, and the next Evaluate starts afresh.
	shared := *s
	shared.selected = &selections{}
	s = &shared
	r := &Report{Results: make([]v1alpha1.CheckResult, 0, len(pol.Entries))}
	for i := range pol.Entries {
		e := &pol.Entries[i]
		if e.Enforcement == v1alpha1.EnforcementDisabled {
			continue
		}
		res := evaluateOne(s, pol, e, r)
		r.Results = append(r.Results, res)
	}
	r.Summary = summarize(r.Results)
	return r
}

func evaluateOne(s *Snapshot, pol *Policy, e *Entry, r *Report) v1alpha1.CheckResult {
	c := e.Check
	res := v1alpha1.CheckResult{ID: c.ID, Category: string(c.Category), Enforcement: e.Enforcement}

	ex := exemptionsFor(pol.Exemptions, c.ID, s, r)
	if ex.whole != nil {
		res.Result = v1alpha1.ResultSkip
		res.Message = truncate(joinNonEmpty("; ", "exempted: "+describeExemption(ex.whole), strings.Join(ex.notes, "; ")))
		return res
	}
	if p := s.Workload.RefProblem; p != "" {
		// The pod template could not be read: nothing about it can be judged, and an empty
		// template must not pass for one.
		res.Result = v1alpha1.ResultError
		res.Message = truncate(p)
		return res
	}
	if ok, why := c.AppliesTo(s.Workload.WorkloadKind); !ok {
		res.Result = v1alpha1.ResultSkip
		res.Message = fmt.Sprintf("does not apply to a %s: %s", s.Workload.Kind(), why)
		return res
	}

	out := run(c, s, e.Params)
	notes := []string{out.message}
	switch out.state {
	case statePass:
		res.Result = v1alpha1.ResultPass
	case stateSkip:
		res.Result = v1alpha1.ResultSkip
	case statePending:
		res.Result = v1alpha1.ResultPending
	case stateError:
		res.Result = v1alpha1.ResultError
	case stateViolation:
		kept, dropped := filterExempted(out.findings, ex.containers)
		msgs := make([]string, len(kept))
		for i, f := range kept {
			msgs[i] = f.Message
		}
		notes = append([]string{summarizeFindings(msgs, findingsBudget)}, notes...)
		for name, exm := range dropped {
			notes = append(notes, fmt.Sprintf("container %q exempted: %s", name, describeExemption(exm)))
		}
		switch {
		case len(kept) > 0 && e.Enforcement == v1alpha1.EnforcementRequired:
			res.Result = v1alpha1.ResultFail
		case len(kept) > 0:
			res.Result = v1alpha1.ResultWarn
		default:
			res.Result = v1alpha1.ResultPass
			notes[0] = "passes apart from exempted containers"
		}
	}
	notes = append(notes, ex.notes...)
	res.Message = truncate(joinNonEmpty("; ", notes...))
	return res
}

// run calls a check, turning a panic into an Error result so one faulty check cannot stop the
// evaluation of the others.
func run(c *Check, s *Snapshot, p Params) (out Outcome) {
	defer func() {
		if rec := recover(); rec != nil {
			out = Errorf("internal error in check %q: %v", c.ID, rec)
		}
	}()
	return c.Run(s, p)
}

type appliedExemptions struct {
	whole      *v1alpha1.Exemption
	containers map[string]*v1alpha1.Exemption
	notes      []string
}

// exemptionsFor collects the exemptions naming a check: the first active whole-workload one,
// the active per-container ones, and notes for expired ones and unknown containers. It records
// the earliest future expiry in the report.
func exemptionsFor(list []v1alpha1.Exemption, id string, s *Snapshot, r *Report) appliedExemptions {
	var out appliedExemptions
	var known []string // the pod template's container names, listed when first needed
	for i := range list {
		ex := &list[i]
		if !slices.Contains(ex.Checks, id) {
			continue
		}
		if ex.Expires != nil && !s.Now.Before(ex.Expires.Time) {
			out.notes = append(out.notes, fmt.Sprintf("exemption expired at %s and no longer applies (%s)",
				ex.Expires.UTC().Format(time.RFC3339), ex.Reason))
			continue
		}
		if ex.Expires != nil && (r.NextChange.IsZero() || ex.Expires.Time.Before(r.NextChange)) {
			r.NextChange = ex.Expires.Time
		}
		if len(ex.Containers) == 0 {
			if out.whole == nil {
				out.whole = ex
			}
			continue
		}
		if known == nil {
			known = s.Workload.ContainerNames()
		}
		for _, name := range ex.Containers {
			if !slices.Contains(known, name) {
				out.notes = append(out.notes, fmt.Sprintf("warning: exemption names container %q, which the pod template does not have", name))
				continue
			}
			if out.containers == nil {
				out.containers = map[string]*v1alpha1.Exemption{}
			}
			if _, dup := out.containers[name]; !dup {
				out.containers[name] = ex
			}
		}
	}
	return out
}

func filterExempted(findings []Finding, exempt map[string]*v1alpha1.Exemption) (kept []Finding, dropped map[string]*v1alpha1.Exemption) {
	for _, f := range findings {
		if ex, ok := exempt[f.Container]; ok && f.Container != "" {
			if dropped == nil {
				dropped = map[string]*v1alpha1.Exemption{}
			}
			dropped[f.Container] = ex
			continue
		}
		kept = append(kept, f)
	}
	return kept, dropped
}

func describeExemption(ex *v1alpha1.Exemption) string {
	if ex.Expires != nil {
		return fmt.Sprintf("%s (until %s)", ex.Reason, ex.Expires.UTC().Format(time.RFC3339))
	}
	return ex.Reason
}

func summarize(results []v1alpha1.CheckResult) v1alpha1.Summary {
	var sum v1alpha1.Summary
	for _, r := range results {
		if r.Enforcement == v1alpha1.EnforcementRequired {
			sum.Required++
		}
		switch r.Result {
		case v1alpha1.ResultPass:
			sum.Passed++
		case v1alpha1.ResultFail:
			sum.Failed++
		case v1alpha1.ResultWarn:
			sum.Warnings++
		case v1alpha1.ResultSkip:
			sum.Skipped++
		case v1alpha1.ResultError:
			sum.Errors++
		case v1alpha1.ResultPending:
			sum.Pending++
		}
	}
	applicable := int32(len(results)) - sum.Skipped
	sum.Score = 100
	if applicable > 0 {
		sum.Score = int32(math.Round(100 * float64(sum.Passed) / float64(applicable)))
	}
	sum.Ratio = fmt.Sprintf("%d/%d", sum.Passed, applicable)
	return sum
}

// findingsBudget is the part of a message the violations may take, leaving room for notes.
const findingsBudget = MaxMessageLength * 3 / 4

// summarizeFindings joins violation messages with "; ", keeping whole ones only: when they do
// not all fit in budget bytes, it says how many there are, lists those that fit and counts the
// rest ("12 violations: a; b; and 10 more"), so a message is never cut in the middle of a
// finding. truncate stays the last bound.
func summarizeFindings(msgs []string, budget int) string {
	all := strings.Join(msgs, "; ")
	if len(all) <= budget || len(msgs) < 2 {
		return all
	}
	head := fmt.Sprintf("%d violations: ", len(msgs))
	var b strings.Builder
	b.WriteString(head)
	shown := 0
	for _, m := range msgs {
		rest := fmt.Sprintf("; and %d more", len(msgs)-shown-1)
		if b.Len()+len(m)+len(rest)+2 > budget && shown > 0 {
			break
		}
		if shown > 0 {
			b.WriteString("; ")
		}
		b.WriteString(m)
		shown++
	}
	if shown < len(msgs) {
		fmt.Fprintf(&b, "; and %d more", len(msgs)-shown)
	}
	return b.String()
}

// truncate bounds a message to MaxMessageLength bytes on a rune boundary.
func truncate(msg string) string { return Truncate(msg, MaxMessageLength) }

// TruncationMark ends a message Truncate cut.
const TruncationMark = " …(truncated)"

// Truncate bounds a message to limit bytes, cut on a rune boundary and marked: the one rule
// for bounding messages (statuses, conditions, admission warnings, events, custom checks).
func Truncate(msg string, limit int) string {
	if len(msg) <= limit {
		return msg
	}
	cut := limit - len(TruncationMark)
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + TruncationMark
}
