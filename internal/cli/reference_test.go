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

// The renderers as they were before output was streamed: each builds the whole document from
// a complete Report. TestStreamedOutputIsUnchanged proves the streamed writers print the same
// bytes.

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/prodready/prodready/internal/checks"
)

// renderReportBuffered writes a check report in a format, from the whole Report.
func renderReportBuffered(w io.Writer, format string, rep *Report, o renderOptions) error {
	switch format {
	case formatJSON:
		return writeJSON(w, rep)
	case formatYAML:
		return writeYAML(w, rep)
	case formatSARIF:
		return writeJSON(w, toSARIFBuffered(rep))
	case formatJUnit:
		return writeJUnitBuffered(w, rep)
	}
	return renderTableBuffered(w, rep, o)
}

// toSARIFBuffered converts a report: one run whose rules are the catalogue and whose results are the
// Fail (error) and Warn (warning) check results, located at the workload's file and line.
// Checks that could not be evaluated (Error) and input errors are tool notifications.
func toSARIFBuffered(rep *Report) *sarifLog {
	rules, index := sarifRules(rep)
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: "prodready", Version: cliVersion(), InformationURI: projectURL, Rules: rules}},
		Results: []sarifResult{},
	}
	inv := sarifInvocation{ExecutionSuccessful: len(rep.Errors) == 0}
	for i := range rep.Results {
		r := &rep.Results[i]
		loc := sarifWorkloadLocation(r)
		for _, c := range r.Checks {
			res, note := sarifOfCheck(r, c, loc)
			if res != nil {
				res.RuleIndex = index[c.ID]
				run.Results = append(run.Results, *res)
			}
			if note != nil {
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, *note)
			}
		}
	}
	if len(rep.Dangling) > 0 {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, danglingRule)
		for _, d := range rep.Dangling {
			loc := sarifLocation{LogicalLocations: []sarifLogical{{Name: d.Name, FullyQualifiedName: d.Namespace + "/" + d.Kind + "/" + d.Name, Kind: "object"}}}
			if d.Source.File != "" && d.Source.File != stdinName {
				loc.PhysicalLocation = sarifPhysicalAt(d.Source.File, d.Source.Line)
			}
			run.Results = append(run.Results, sarifResult{RuleID: danglingRule.ID, RuleIndex: len(run.Tool.Driver.Rules) - 1, Level: sarifWarning,
				Message: sarifText{Text: d.String() + ": " + d.Message}, Locations: []sarifLocation{loc}})
		}
	}
	for _, e := range rep.Errors {
		n := sarifNotification{Level: sarifError, Message: sarifText{Text: e.Message}}
		if e.File != "" && e.File != stdinName {
			n.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalAt(e.File, e.Line)}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// writeJUnitBuffered writes the report as JUnit XML: Fail, Warn and Pending are failures, Error is an
// error, Skip is skipped; every message is included. Input errors form a last suite.
func writeJUnitBuffered(w io.Writer, rep *Report) error {
	doc := junitSuites{Name: "prodready"}
	for i := range rep.Results {
		doc.addBuffered(junitSuiteFor(rep, &rep.Results[i]))
	}
	if len(rep.Dangling) > 0 {
		s := junitSuite{Name: "prodready dangling related objects"}
		for _, d := range rep.Dangling {
			text := fmt.Sprintf("%s: %s (%s:%d)", d.String(), d.Message, d.Source.File, d.Source.Line)
			s.Cases = append(s.Cases, junitCase{Name: d.String(), Classname: "prodready.dangling", File: d.Source.File, Line: d.Source.Line,
				Failure: &junitMessage{Message: d.Message, Type: "Dangling", Text: text}})
			s.Tests++
			s.Failures++
		}
		doc.addBuffered(s)
	}
	if len(rep.Errors) > 0 {
		s := junitSuite{Name: "prodready input"}
		for _, e := range rep.Errors {
			c := junitCase{Name: e.String(), Classname: "prodready.input", File: e.File, Line: e.Line,
				Error: &junitMessage{Message: e.Message, Type: "InputError", Text: e.String()}}
			s.Cases = append(s.Cases, c)
			s.Tests++
			s.Errors++
		}
		doc.addBuffered(s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding JUnit XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (d *junitSuites) addBuffered(s junitSuite) {
	d.Suites = append(d.Suites, s)
	d.Tests += s.Tests
	d.Failures += s.Failures
	d.Errors += s.Errors
	d.Skipped += s.Skipped
}

// renderTableBuffered writes the human report: per workload a header line, the checks that did not
// pass with their messages (every check with verbose) and a summary line.
func renderTableBuffered(w io.Writer, rep *Report, o renderOptions) error {
	p := &printer{w: w, color: o.color}
	if len(rep.Results) == 0 {
		p.printf("No workload (%s) found in the input.\n", strings.Join(checks.KindNames(), ", "))
	}
	for i := range rep.Results {
		if i > 0 {
			p.printf("\n")
		}
		p.result(&rep.Results[i], o.verbose)
	}
	p.dangling(rep)
	footerBuffered(p, rep, o.verbose)
	return p.err
}

func footerBuffered(p *printer, rep *Report, verbose bool) {
	ready := 0
	for i := range rep.Results {
		if rep.Results[i].Ready {
			ready++
		}
	}
	line := fmt.Sprintf("%s: %d ready, %d not ready", count(len(rep.Results), "workload"), ready, len(rep.Results)-ready)
	if len(rep.Dangling) > 0 {
		line += fmt.Sprintf("; %s", count(len(rep.Dangling), "dangling related object"))
	}
	if len(rep.Errors) > 0 {
		line += fmt.Sprintf("; %s (on standard error)", count(len(rep.Errors), "input error"))
	}
	p.printf("\n%s.\n", line)
	if !verbose && len(rep.Results) > 0 {
		p.printf("%s\n", p.style("Passing and skipped checks are counted above; -v lists them.", styleDim))
	}
}
