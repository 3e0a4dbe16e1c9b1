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
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/prodready/prodready/api/v1alpha1"
)

// JUnit XML as CI systems read it (GitLab test reports, Jenkins, GitHub test reporters): one
// testsuite per workload, one testcase per check.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// junitWriter streams JUnit XML: Fail, Warn and Pending are failures, Error is an error, Skip
// is skipped; every message is included. Dangling objects and input errors form the last
// suites. The totals are attributes of the root element, so the suites are spooled as they are
// produced and copied after it.
type junitWriter struct {
	w      io.Writer
	suites *spool
	enc    *xml.Encoder
	totals junitSuites
	n      int
}

func (j *junitWriter) add(s *junitSuite) error {
	if j.suites == nil {
		j.suites = newSpool()
		j.enc = xml.NewEncoder(j.suites)
		// Suites are children of the root: indented one level.
		j.enc.Indent("  ", "  ")
	}
	j.totals.Tests += s.Tests
	j.totals.Failures += s.Failures
	j.totals.Errors += s.Errors
	j.totals.Skipped += s.Skipped
	j.n++
	if err := j.enc.EncodeElement(s, xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
		return fmt.Errorf("encoding JUnit XML: %w", err)
	}
	return nil
}

func (j *junitWriter) result(rep *Report, r *Result) error {
	s := junitSuiteFor(rep, r)
	return j.add(&s)
}

func (j *junitWriter) close(rep *Report) error {
	if len(rep.Dangling) > 0 {
		s := junitSuite{Name: "prodready dangling related objects"}
		for _, d := range rep.Dangling {
			text := fmt.Sprintf("%s: %s (%s:%d)", d.String(), d.Message, d.Source.File, d.Source.Line)
			s.Cases = append(s.Cases, junitCase{Name: d.String(), Classname: "prodready.dangling", File: d.Source.File, Line: d.Source.Line,
				Failure: &junitMessage{Message: d.Message, Type: "Dangling", Text: text}})
			s.Tests++
			s.Failures++
		}
		if err := j.add(&s); err != nil {
			return err
		}
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
		if err := j.add(&s); err != nil {
			return err
		}
	}
	t := &j.totals
	head := fmt.Sprintf("%s<testsuites name=\"prodready\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">", xml.Header, t.Tests, t.Failures, t.Errors, t.Skipped)
	if j.n == 0 {
		_, err := io.WriteString(j.w, head+"</testsuites>\n")
		return err
	}
	if err := j.enc.Flush(); err != nil {
		return fmt.Errorf("encoding JUnit XML: %w", err)
	}
	if _, err := io.WriteString(j.w, head+"\n"); err != nil {
		return err
	}
	if err := j.suites.copyTo(j.w); err != nil {
		return err
	}
	_, err := io.WriteString(j.w, "\n</testsuites>\n")
	return err
}

func (j *junitWriter) discard() { j.suites.discard() }

func junitSuiteFor(rep *Report, r *Result) junitSuite {
	name := r.Workload.String()
	if r.Readiness != "" {
		name += " (ProductionReadiness " + r.Readiness + ")"
	}
	s := junitSuite{Name: name, Properties: []junitProperty{{Name: "profile", Value: r.Profile}, {Name: "ready", Value: fmt.Sprint(r.Ready)}}}
	if r.Source != nil {
		s.Properties = append(s.Properties, junitProperty{Name: "source", Value: fmt.Sprintf("%s:%d", r.Source.File, r.Source.Line)})
	}
	classname := fmt.Sprintf("%s.%s.%s", r.Workload.Namespace, r.Workload.Kind, r.Workload.Name)
	for _, c := range r.Checks {
		tc := junitCase{Name: c.ID, Classname: classname}
		if r.Source != nil {
			tc.File, tc.Line = r.Source.File, r.Source.Line
		}
		text := fmt.Sprintf("%s (%s, %s): %s", c.ID, c.Enforcement, c.Result, c.Message)
		if chk, docs, ok := rep.lookupCheck(c.ID); ok && (c.Result == v1alpha1.ResultFail || c.Result == v1alpha1.ResultWarn) {
			text += "\n\n" + chk.Title + ". How to fix: " + strings.TrimSpace(chk.Remediation) + "\nDocs: " + docs
		}
		msg := &junitMessage{Message: c.Message, Type: string(c.Result), Text: text}
		switch c.Result {
		case v1alpha1.ResultFail, v1alpha1.ResultWarn, v1alpha1.ResultPending:
			tc.Failure = msg
			s.Failures++
		case v1alpha1.ResultError:
			tc.Error = msg
			s.Errors++
		case v1alpha1.ResultSkip:
			tc.Skipped = &junitMessage{Message: c.Message}
			s.Skipped++
		default:
			tc.SystemOut = c.Message
		}
		s.Tests++
		s.Cases = append(s.Cases, tc)
	}
	return s
}
