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

// Package checks is prodready's check engine: a pure library that evaluates a Snapshot of a
// workload and its surroundings against a resolved Policy. It reads no cluster, no clock and no
// globals beyond the registry built at init time; the same code runs in the operator, the CLI
// and the admission webhook.
//
// Every check lives in its own file (<id with underscores>.go) with its Meta, its Run function,
// a table test beside it and pass/fail fixtures under testdata/<id>/.
package checks

import (
	"fmt"
	"slices"
	"strings"
)

// Category groups checks in docs and output.
type Category string

// Categories, in the order docs list them.
const (
	CategoryRollout       Category = "rollout"
	CategoryHealth        Category = "health"
	CategoryResources     Category = "resources"
	CategoryImages        Category = "images"
	CategorySecrets       Category = "secrets"
	CategoryAvailability  Category = "availability"
	CategoryScaling       Category = "scaling"
	CategorySecurity      Category = "security"
	CategoryNetwork       Category = "network"
	CategoryConfig        Category = "config"
	CategoryObservability Category = "observability"
	CategoryHygiene       Category = "hygiene"
)

// Meta describes a check. It is the single source of the check's documentation: docs/checks/<id>.md
// and `prodready explain` are generated from it.
type Meta struct {
	// ID is stable kebab-case, never renamed or reused.
	ID string
	// Title is a short imperative sentence ("Containers have a readiness probe").
	Title string
	// Category groups the check.
	Category Category
	// Description says exactly what the check verifies and when it does not apply.
	Description string
	// Rationale says why it matters in production.
	Rationale string
	// Remediation says how to fix a failure.
	Remediation string
	// Requires lists the capabilities a workload kind needs for the check to apply (a replica
	// count, long-running pods); kinds without them report Skip with the reason.
	Requires []Capability
	// Kinds restricts the check to named kinds (statefulset-headless-service); empty means every
	// kind with the required capabilities. Prefer Requires: it says why.
	Kinds []string
	// Params the check accepts.
	Params []ParamSpec
	// Rollout marks the check that reports the workload's rollout: its Pending result makes the
	// verdict Reconciling and its Fail makes it RolloutFailed.
	Rollout bool
	// Needs names the related kinds the check reads, for docs and for offline runs.
	Needs []string
}

// AppliesTo reports whether the check applies to a workload kind; when it does not, the reason
// says why, for the Skip message.
func (m *Meta) AppliesTo(k *WorkloadKind) (ok bool, reason string) {
	if k == nil {
		return false, "no workload"
	}
	if len(m.Kinds) > 0 && !slices.Contains(m.Kinds, k.Kind) {
		return false, fmt.Sprintf("the check is for %s only", strings.Join(m.Kinds, ", "))
	}
	for _, c := range m.Requires {
		if !k.Has(c) {
			return false, "it " + capabilityReasons[c]
		}
	}
	return true, ""
}

// AppliesToKinds lists the registered kinds the check applies to, for docs.
func (m *Meta) AppliesToKinds() []string {
	var out []string
	for _, k := range Kinds() {
		if ok, _ := m.AppliesTo(k); ok {
			out = append(out, k.Kind)
		}
	}
	return out
}

// Check is a Meta plus its pure evaluation.
type Check struct {
	Meta
	// Run evaluates the check. It must not mutate the snapshot, read a clock or block.
	Run func(s *Snapshot, p Params) Outcome
}

// state is what a check's Run found, before enforcement turns a violation into Fail or Warn.
type state int

const (
	statePass state = iota
	stateViolation
	stateSkip
	statePending
	stateError
)

// Finding is one violation, attributed to a container when it is about one (so container
// exemptions can drop it).
type Finding struct {
	// Container is the container's name, or empty for the workload as a whole.
	Container string
	// Message names the object and field and says what to change.
	Message string
}

// Outcome is the result of Run.
type Outcome struct {
	state    state
	message  string
	findings []Finding
}

// Pass reports success with a message saying what was verified.
func Pass(format string, args ...any) Outcome {
	return Outcome{state: statePass, message: fmt.Sprintf(format, args...)}
}

// Skip reports that the check does not apply; the message says why.
func Skip(format string, args ...any) Outcome {
	return Outcome{state: stateSkip, message: fmt.Sprintf(format, args...)}
}

// Pending reports that the check waits for the workload to settle.
func Pending(format string, args ...any) Outcome {
	return Outcome{state: statePending, message: fmt.Sprintf(format, args...)}
}

// Errorf reports that the check could not be evaluated.
func Errorf(format string, args ...any) Outcome {
	return Outcome{state: stateError, message: fmt.Sprintf(format, args...)}
}

// Violation reports a single workload-level violation.
func Violation(format string, args ...any) Outcome {
	return Outcome{state: stateViolation, findings: []Finding{{Message: fmt.Sprintf(format, args...)}}}
}

// Findings collects violations while a check walks the workload.
type Findings struct {
	list []Finding
	// notes are added to the message whatever the result (e.g. objects ignored and why).
	notes []string
}

// Add records a violation of a container.
func (f *Findings) Add(container, format string, args ...any) {
	f.list = append(f.list, Finding{Container: container, Message: fmt.Sprintf(format, args...)})
}

// AddWorkload records a violation of the workload as a whole.
func (f *Findings) AddWorkload(format string, args ...any) {
	f.list = append(f.list, Finding{Message: fmt.Sprintf(format, args...)})
}

// Note records a remark that accompanies any result.
func (f *Findings) Note(format string, args ...any) {
	f.notes = append(f.notes, fmt.Sprintf(format, args...))
}

// NoteAll records remarks already written out, such as the notes of PDBsSelecting.
func (f *Findings) NoteAll(notes []string) { f.notes = append(f.notes, notes...) }

// Len is the number of violations so far.
func (f *Findings) Len() int { return len(f.list) }

// Result is a violation outcome when anything was added, otherwise Pass with the message.
func (f *Findings) Result(passFormat string, args ...any) Outcome {
	if len(f.list) > 0 {
		return Outcome{state: stateViolation, findings: f.list, message: strings.Join(f.notes, "; ")}
	}
	return Outcome{state: statePass, message: joinNonEmpty("; ", fmt.Sprintf(passFormat, args...), strings.Join(f.notes, "; "))}
}

func joinNonEmpty(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// quoteList renders names as "a", "b" for messages.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// plural returns word with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// byCount picks the form of a word for n things: one ("fails", "it", "capability") when n is 1,
// else many ("fail", "them", "capabilities").
func byCount(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// objectNames lists the names of Kubernetes objects, in order, for messages.
func objectNames[T interface{ GetName() string }](objects []T) []string {
	names := make([]string, len(objects))
	for i, o := range objects {
		names[i] = o.GetName()
	}
	return names
}
