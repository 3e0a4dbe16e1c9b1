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
	"strings"

	"github.com/prodready/prodready/api/v1alpha1"
)

// ANSI styles of the table.
const (
	styleReset  = "\x1b[0m"
	styleBold   = "\x1b[1m"
	styleDim    = "\x1b[2m"
	styleRed    = "\x1b[31m"
	styleGreen  = "\x1b[32m"
	styleYellow = "\x1b[33m"
	styleCyan   = "\x1b[36m"
)

// resultOrder lists results worst first; the table shows them in this order.
var resultOrder = []v1alpha1.Result{
	v1alpha1.ResultFail, v1alpha1.ResultError, v1alpha1.ResultPending, v1alpha1.ResultWarn,
	v1alpha1.ResultPass, v1alpha1.ResultSkip,
}

// resultStyle colours a result word.
var resultStyle = map[v1alpha1.Result]string{
	v1alpha1.ResultFail:    styleBold + styleRed,
	v1alpha1.ResultError:   styleRed,
	v1alpha1.ResultPending: styleCyan,
	v1alpha1.ResultWarn:    styleYellow,
	v1alpha1.ResultPass:    styleGreen,
	v1alpha1.ResultSkip:    styleDim,
}

// printer writes styled text; styles are dropped when colour is off.
type printer struct {
	w     io.Writer
	color bool
	err   error
}

func (p *printer) style(s, style string) string {
	if !p.color || style == "" {
		return s
	}
	return style + s + styleReset
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) result(r *Result, verbose bool) {
	mark, verdict := p.style("✓", styleGreen), p.style("READY", styleBold+styleGreen)
	if !r.Ready {
		mark, verdict = p.style("✗", styleRed), p.style("NOT READY", styleBold+styleRed)
		if r.Reason != "" && r.Reason != v1alpha1.ReasonChecksFailed {
			verdict += " (" + escapeControl(r.Reason) + ")"
		}
	}
	details := []string{"profile " + escapeControl(r.Profile)}
	if r.Readiness != "" {
		details = append(details, "ProductionReadiness "+escapeControl(r.Readiness))
	}
	if r.Source != nil {
		details = append(details, fmt.Sprintf("%s:%d", escapeControl(r.Source.File), r.Source.Line))
	}
	p.printf("%s %s: %s · %s\n", mark, p.style(escapeControl(r.Workload.String()), styleBold), verdict, strings.Join(details, " · "))

	p.checkLines("    ", shownChecks(r.Checks, verbose))
	p.printf("    %s\n", p.style(summaryLine(&r.Summary), styleDim))
}

// checkLines prints one aligned line per check: result, id, message.
func (p *printer) checkLines(prefix string, list []v1alpha1.CheckResult) {
	idWidth, wordWidth := 0, 0
	for _, c := range list {
		idWidth, wordWidth = max(idWidth, len(c.ID)), max(wordWidth, len(c.Result))
	}
	for _, c := range list {
		word := fmt.Sprintf("%-*s", wordWidth, strings.ToUpper(string(c.Result)))
		p.printf("%s%s  %-*s  %s\n", prefix, p.style(word, resultStyle[c.Result]), idWidth, escapeControl(c.ID), escapeControl(c.Message))
	}
}

// shownChecks returns the checks the table lists, worst first: those that did not pass, or
// all of them when verbose.
func shownChecks(all []v1alpha1.CheckResult, verbose bool) []v1alpha1.CheckResult {
	if verbose {
		return checksWith(all, resultOrder...)
	}
	return checksWith(all, v1alpha1.ResultFail, v1alpha1.ResultError, v1alpha1.ResultPending, v1alpha1.ResultWarn)
}

// checksWith returns the checks whose result is one of results, grouped in that order.
func checksWith(all []v1alpha1.CheckResult, results ...v1alpha1.Result) []v1alpha1.CheckResult {
	var out []v1alpha1.CheckResult
	for _, res := range results {
		for _, c := range all {
			if c.Result == res {
				out = append(out, c)
			}
		}
	}
	return out
}

// summaryLine is "12 passed, 1 failed, 2 warnings, 5 skipped · score 80% (12/15)".
func summaryLine(s *v1alpha1.Summary) string {
	parts := []string{fmt.Sprintf("%d passed", s.Passed), fmt.Sprintf("%d failed", s.Failed), count(int(s.Warnings), "warning")}
	if s.Errors > 0 {
		parts = append(parts, count(int(s.Errors), "error"))
	}
	if s.Pending > 0 {
		parts = append(parts, fmt.Sprintf("%d pending", s.Pending))
	}
	parts = append(parts, fmt.Sprintf("%d skipped", s.Skipped))
	line := strings.Join(parts, ", ") + fmt.Sprintf(" · score %d%%", s.Score)
	if s.Ratio != "" {
		line += " (" + s.Ratio + ")"
	}
	return line
}

// footer is the table's last line: the results counted, dangling objects and input errors.
func (p *printer) footer(rep *Report, t *tally, verbose bool) {
	line := fmt.Sprintf("%s: %d ready, %d not ready", count(t.results, "workload"), t.ready, t.results-t.ready)
	if len(rep.Dangling) > 0 {
		line += fmt.Sprintf("; %s", count(len(rep.Dangling), "dangling related object"))
	}
	if len(rep.Errors) > 0 {
		line += fmt.Sprintf("; %s (on standard error)", count(len(rep.Errors), "input error"))
	}
	p.printf("\n%s.\n", line)
	if !verbose && t.results > 0 {
		p.printf("%s\n", p.style("Passing and skipped checks are counted above; -v lists them.", styleDim))
	}
}

// count is "1 warning", "2 warnings".
func count(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
