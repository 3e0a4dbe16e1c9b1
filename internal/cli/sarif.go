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
	"encoding/gob"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the subset
// code-scanning tools read.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// projectURL is the project's home; check docs live under docs/checks/ in the repository.
	projectURL  = "https://github.com/prodready/prodready"
	checkDocURL = projectURL + "/blob/main/docs/checks/"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifMarkdown      `json:"help"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMarkdown struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	// Level follows the default profile: Required → error, Advisory → warning, else none.
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Category string   `json:"category"`
	Tags     []string `json:"tags"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// SARIF levels.
const (
	sarifError   = "error"
	sarifWarning = "warning"
	sarifNone    = "none"
)

// sarifWriter streams the SARIF log: one run whose rules are the catalogue (then the custom
// checks of the evaluated profiles, by id) and whose results are the Fail (error) and Warn
// (warning) check results, located at the workload's file and line. Checks that could not be
// evaluated (Error) and input errors are tool notifications of the invocation.
//
// The rules and the invocation precede the results in the document, and a custom check's
// ruleIndex is known only once every profile was evaluated: results and notifications are
// spooled as they are produced, one compact JSON object a line, and written by close.
type sarifWriter struct {
	w io.Writer
	// results holds the sarifResults of the checks (ruleIndex set by close), notes the
	// notifications of the checks that could not be evaluated.
	results, notes     *spool
	resultEnc, noteEnc *gob.Encoder
	nResults, nNotes   int
}

func (s *sarifWriter) result(_ *Report, r *Result) error {
	loc := sarifWorkloadLocation(r)
	for _, c := range r.Checks {
		res, note := sarifOfCheck(r, c, loc)
		switch {
		case res != nil:
			if s.results == nil {
				s.results = newSpool()
				s.resultEnc = gob.NewEncoder(s.results)
			}
			s.nResults++
			if err := s.resultEnc.Encode(*res); err != nil {
				return err
			}
		case note != nil:
			if s.notes == nil {
				s.notes = newSpool()
				s.noteEnc = gob.NewEncoder(s.notes)
			}
			s.nNotes++
			if err := s.noteEnc.Encode(*note); err != nil {
				return err
			}
		}
	}
	return nil
}

// sarifOfCheck is what a check result of a workload (at loc) becomes: a result for Fail (error)
// and Warn (warning), with its rule index left for the rules, a tool notification for a check
// that could not be evaluated (Error), nothing otherwise.
func sarifOfCheck(r *Result, c v1alpha1.CheckResult, loc sarifLocation) (*sarifResult, *sarifNotification) {
	msg := sarifText{Text: r.Workload.String() + ": " + c.Message}
	switch c.Result {
	case v1alpha1.ResultFail, v1alpha1.ResultWarn:
		level := sarifError
		if c.Result == v1alpha1.ResultWarn {
			level = sarifWarning
		}
		return &sarifResult{RuleID: c.ID, Level: level, Message: msg, Locations: []sarifLocation{loc}}, nil
	case v1alpha1.ResultError:
		return nil, &sarifNotification{Level: sarifError, Message: sarifText{Text: "check " + c.ID + " could not be evaluated: " + msg.Text}, Locations: []sarifLocation{loc}}
	}
	return nil, nil
}

// sarifRules are the rules of a report's run, with each rule's index by check id: the catalogue,
// then the custom checks of the evaluated ReadinessProfiles, by id.
func sarifRules(rep *Report) ([]sarifRule, map[string]int) {
	all := checks.All()
	rules := make([]sarifRule, 0, len(all))
	index := make(map[string]int, len(all))
	for i, c := range all {
		rules = append(rules, sarifRuleFor(c, checks.BuiltinEnforcement(checks.DefaultProfile, c.ID), checkDocURL+c.ID+".md"))
		index[c.ID] = i
	}
	custom := make([]string, 0, len(rep.custom))
	for id := range rep.custom {
		custom = append(custom, id)
	}
	sort.Strings(custom)
	for _, id := range custom {
		cc := rep.custom[id]
		index[id] = len(rules)
		rules = append(rules, sarifRuleFor(cc.check, cc.enforcement, customCheckDocs(cc.profile, id)))
	}
	return rules, index
}

func (s *sarifWriter) close(rep *Report) error {
	rules, index := sarifRules(rep)
	if len(rep.Dangling) > 0 {
		rules = append(rules, danglingRule)
	}
	var inputNotes []sarifNotification
	for _, e := range rep.Errors {
		n := sarifNotification{Level: sarifError, Message: sarifText{Text: e.Message}}
		if e.File != "" && e.File != stdinName {
			n.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalAt(e.File, e.Line)}}
		}
		inputNotes = append(inputNotes, n)
	}

	out := &sarifOut{w: s.w}
	out.str("{\n  \"$schema\": ")
	out.value("  ", sarifSchema)
	out.str(",\n  \"version\": ")
	out.value("  ", sarifVersion)
	out.str(",\n  \"runs\": [\n    {\n      \"tool\": ")
	out.value("      ", sarifTool{Driver: sarifDriver{Name: "prodready", Version: cliVersion(), InformationURI: projectURL, Rules: rules}})
	out.str(",\n      \"invocations\": [\n        {\n          \"executionSuccessful\": ")
	out.value("          ", len(rep.Errors) == 0)
	if s.nNotes+len(inputNotes) > 0 {
		out.str(",\n          \"toolExecutionNotifications\": [")
		item := out.items("            ")
		out.fail(readSpooled(s.notes, s.nNotes, func(dec *gob.Decoder) error {
			var n sarifNotification
			if err := dec.Decode(&n); err != nil {
				return fmt.Errorf("reading back the spooled notifications: %w", err)
			}
			item(n)
			return out.err
		}))
		for _, n := range inputNotes {
			item(n)
		}
		out.str("\n          ]")
	}
	out.str("\n        }\n      ],\n      \"results\": [")
	item := out.items("        ")
	out.fail(readSpooled(s.results, s.nResults, func(dec *gob.Decoder) error {
		var r sarifResult
		if err := dec.Decode(&r); err != nil {
			return fmt.Errorf("reading back the spooled results: %w", err)
		}
		r.RuleIndex = index[r.RuleID]
		item(r)
		return out.err
	}))
	for _, d := range rep.Dangling {
		loc := sarifLocation{LogicalLocations: []sarifLogical{{Name: d.Name, FullyQualifiedName: d.Namespace + "/" + d.Kind + "/" + d.Name, Kind: "object"}}}
		if d.Source.File != "" && d.Source.File != stdinName {
			loc.PhysicalLocation = sarifPhysicalAt(d.Source.File, d.Source.Line)
		}
		item(sarifResult{RuleID: danglingRule.ID, RuleIndex: len(rules) - 1, Level: sarifWarning,
			Message: sarifText{Text: d.String() + ": " + d.Message}, Locations: []sarifLocation{loc}})
	}
	if out.n > 0 {
		out.str("\n      ")
	}
	out.str("]\n    }\n  ]\n}\n")
	return out.err
}

func (s *sarifWriter) discard() {
	s.results.discard()
	s.notes.discard()
}

// readSpooled calls next n times with a decoder of the gob stream spooled in sp (gob keeps
// every string byte for byte).
func readSpooled(sp *spool, n int, next func(*gob.Decoder) error) error {
	if n == 0 {
		return nil
	}
	r, err := sp.reader()
	if err != nil {
		return err
	}
	dec := gob.NewDecoder(r)
	for range n {
		if err := next(dec); err != nil {
			return err
		}
	}
	return nil
}

// sarifOut writes the SARIF document piece by piece, keeping the first error.
type sarifOut struct {
	w   io.Writer
	err error
	n   int // items written by the current items function
}

func (o *sarifOut) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

func (o *sarifOut) str(s string) {
	if o.err == nil {
		_, o.err = io.WriteString(o.w, s)
	}
}

// value writes v as writeJSON would at the depth of prefix.
func (o *sarifOut) value(prefix string, v any) {
	if o.err != nil {
		return
	}
	b, err := newIndentedJSON(prefix).encode(v)
	if err != nil {
		o.err = err
		return
	}
	_, o.err = o.w.Write(b)
}

// items returns a function writing the elements of an array, at the depth of prefix, after
// its opening bracket; o.n counts them.
func (o *sarifOut) items(prefix string) func(v any) {
	o.n = 0
	enc := newIndentedJSON(prefix)
	return func(v any) {
		if o.err != nil {
			return
		}
		b, err := enc.encode(v)
		if err != nil {
			o.err = err
			return
		}
		sep := ",\n" + prefix
		if o.n == 0 {
			sep = "\n" + prefix
		}
		o.n++
		o.str(sep)
		if o.err == nil {
			_, o.err = o.w.Write(b)
		}
	}
}

// danglingRule is the SARIF rule of dangling related objects (not a check: it judges the input
// as a whole, offline only).
var danglingRule = sarifRule{
	ID:               "dangling-object",
	Name:             "DanglingObject",
	ShortDescription: sarifText{Text: "Related objects target or select a workload of the input"},
	FullDescription: sarifText{Text: "An HPA or ScaledObject whose scaleTargetRef names no workload of the input, or a Service, " +
		"PodDisruptionBudget or NetworkPolicy whose selector selects no pods of the input's workloads, protects or routes to nothing."},
	Help: sarifMarkdown{Text: "Fix the name or selector, or remove the object.",
		Markdown: "**How to fix**\n\nFix the name or selector, or remove the object.\n\n[Documentation](" + projectURL + "/blob/main/docs/cli.md#dangling-related-objects)"},
	HelpURI:              projectURL + "/blob/main/docs/cli.md#dangling-related-objects",
	DefaultConfiguration: sarifConfiguration{Level: sarifWarning},
	Properties:           sarifRuleProps{Category: "input", Tags: []string{"prodready", "input"}},
}

// sarifRuleFor describes a check; enforcement gives its default level, docs where to read more
// (a URL for a built-in check; how to run explain for a custom one).
func sarifRuleFor(c *checks.Check, enforcement v1alpha1.Enforcement, docs string) sarifRule {
	help := strings.TrimSpace(c.Remediation)
	level := sarifNone
	switch enforcement {
	case v1alpha1.EnforcementRequired:
		level = sarifError
	case v1alpha1.EnforcementAdvisory:
		level = sarifWarning
	}
	rule := sarifRule{
		ID:                   c.ID,
		Name:                 pascalCase(c.ID),
		ShortDescription:     sarifText{Text: c.Title},
		FullDescription:      sarifText{Text: strings.TrimSpace(c.Description)},
		Help:                 sarifMarkdown{Text: help, Markdown: "**How to fix**\n\n" + help + "\n\n[Documentation](" + docs + ")"},
		HelpURI:              docs,
		DefaultConfiguration: sarifConfiguration{Level: level},
		Properties:           sarifRuleProps{Category: string(c.Category), Tags: []string{"prodready", string(c.Category)}},
	}
	if !strings.HasPrefix(docs, "https://") {
		rule.Help.Markdown = "**How to fix**\n\n" + help + "\n\nDocumentation: `" + docs + "`"
		rule.HelpURI = ""
		rule.Properties.Tags = append(rule.Properties.Tags, "custom")
	}
	return rule
}

// sarifWorkloadLocation locates a workload: its file and line (when it was read from a file)
// and its logical name.
func sarifWorkloadLocation(r *Result) sarifLocation {
	loc := sarifLocation{LogicalLocations: []sarifLogical{{
		Name:               r.Workload.Name,
		FullyQualifiedName: r.Workload.Namespace + "/" + r.Workload.Kind + "/" + r.Workload.Name,
		Kind:               "object",
	}}}
	if r.Source != nil && r.Source.File != stdinName {
		loc.PhysicalLocation = sarifPhysicalAt(r.Source.File, r.Source.Line)
	}
	return loc
}

func sarifPhysicalAt(file string, line int) *sarifPhysical {
	p := &sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(file)}}
	if line > 0 {
		p.Region = &sarifRegion{StartLine: line}
	}
	return p
}

// sarifURI turns a path into a URI reference: relative paths stay relative (code scanning
// resolves them against the repository root), absolute ones become file:// URIs.
func sarifURI(path string) string {
	slashed := filepath.ToSlash(filepath.Clean(path))
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(slashed, "/") {
			slashed = "/" + slashed // Windows drive letters
		}
		return "file://" + escapePath(slashed)
	}
	return escapePath(strings.TrimPrefix(slashed, "./"))
}

// escapePath percent-encodes each segment of a slash-separated path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// pascalCase turns "probe-readiness" into "ProbeReadiness" (SARIF rule names).
func pascalCase(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
