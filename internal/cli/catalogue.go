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
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/docs"
)

// CheckInfo describes a check for `checks -o json|yaml` and `explain -o json|yaml`.
type CheckInfo struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Category string   `json:"category"`
	Kinds    []string `json:"kinds"`
	// Enforcement maps each built-in profile to the check's enforcement in it.
	Enforcement map[string]v1alpha1.Enforcement `json:"enforcement"`
	Needs       []string                        `json:"needs,omitempty"`
	Params      []ParamInfo                     `json:"params,omitempty"`
	Description string                          `json:"description"`
	Rationale   string                          `json:"rationale"`
	Remediation string                          `json:"remediation"`
	Docs        string                          `json:"docs"`
	Examples    []ExampleInfo                   `json:"examples,omitempty"`
	// Profile is --profile, when given: Enforcement then also has the check's enforcement there.
	Profile string `json:"profile,omitempty"`
	// Custom is true for a custom check of a ReadinessProfile (spec.customChecks).
	Custom bool `json:"custom,omitempty"`
	// Rules are a custom check's CEL rules.
	Rules []RuleInfo `json:"rules,omitempty"`
}

// RuleInfo is one CEL rule of a custom check.
type RuleInfo struct {
	Expression        string `json:"expression"`
	MessageExpression string `json:"messageExpression,omitempty"`
	Message           string `json:"message,omitempty"`
}

// ParamInfo describes a check parameter.
type ParamInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Default     string `json:"default,omitempty"`
	Description string `json:"description"`
}

// ExampleInfo is one of a check's fixtures.
type ExampleInfo struct {
	Name   string `json:"name"`
	Expect string `json:"expect"`
	YAML   string `json:"yaml"`
}

func checkInfo(c *checks.Check, examples bool) CheckInfo {
	info := CheckInfo{
		ID: c.ID, Title: c.Title, Category: string(c.Category), Kinds: docs.Kinds(c), Needs: c.Needs,
		Enforcement: map[string]v1alpha1.Enforcement{},
		Description: strings.TrimSpace(c.Description), Rationale: strings.TrimSpace(c.Rationale),
		Remediation: strings.TrimSpace(c.Remediation), Docs: checkDocURL + c.ID + ".md",
	}
	for _, p := range checks.BuiltinProfiles {
		info.Enforcement[p] = checks.BuiltinEnforcement(p, c.ID)
	}
	for _, p := range c.Params {
		info.Params = append(info.Params, ParamInfo{Name: p.Name, Type: string(p.Type), Default: p.Default, Description: p.Description})
	}
	if examples {
		for _, e := range checks.Examples(c.ID) {
			info.Examples = append(info.Examples, ExampleInfo{Name: e.Name, Expect: e.Expect, YAML: e.YAML})
		}
	}
	return info
}

func newChecksCommand(env *Env) *cobra.Command {
	var (
		output string
		po     profileOptions
	)
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List the check catalogue",
		Long: `List every check with its category, its enforcement in the built-in profiles
(B baseline, P production, S strict; R Required, A Advisory, – Disabled) and its title.

With --profile (and --profile-file for a ReadinessProfile), a column shows the enforcement in
that profile, and the ReadinessProfile's custom checks are listed after the built-in ones.`,
		Example: `  # The catalogue
  prodready checks

  # The checks of a ReadinessProfile, custom checks included
  prodready checks --profile-file platform-profile.yaml`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			view, err := po.resolve(env)
			if err != nil {
				return err
			}
			switch output {
			case formatTable:
				return writeCatalogueTable(env.Out, view)
			case formatJSON, formatYAML:
				list := struct {
					Checks []CheckInfo `json:"checks"`
				}{Checks: []CheckInfo{}}
				if view == nil {
					for _, c := range checks.All() {
						list.Checks = append(list.Checks, checkInfo(c, false))
					}
				} else {
					for i := range view.pol.Entries {
						list.Checks = append(list.Checks, view.info(&view.pol.Entries[i], false))
					}
				}
				if output == formatJSON {
					return writeJSON(env.Out, list)
				}
				return writeYAML(env.Out, list)
			}
			return usageErrorf("--output %q: want table, json or yaml", output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", formatTable, "output format: table, json or yaml")
	po.register(cmd.Flags())
	return cmd
}

func writeCatalogueTable(w io.Writer, view *profileView) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if view == nil {
		fmt.Fprintln(tw, "ID\tCATEGORY\tB\tP\tS\tTITLE")
		for _, c := range checks.All() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, c.Category, strings.Join(docs.ProfileLetters(c.ID), "\t"), c.Title)
		}
		return tw.Flush()
	}
	fmt.Fprintf(tw, "ID\tCATEGORY\tB\tP\tS\t%s\tTITLE\n", strings.ToUpper(view.name))
	for _, e := range view.pol.Entries {
		letters := "·\t·\t·"
		title := e.Check.Title
		if _, builtin := checks.Lookup(e.Check.ID); builtin {
			letters = strings.Join(docs.ProfileLetters(e.Check.ID), "\t")
		} else {
			title += " (custom)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Check.ID, e.Check.Category, letters, docs.Letter(e.Enforcement), title)
	}
	return tw.Flush()
}

func newExplainCommand(env *Env) *cobra.Command {
	var (
		output string
		po     profileOptions
	)
	cmd := &cobra.Command{
		Use:   "explain CHECK-ID",
		Short: "Explain a check: what it verifies, why, how to fix it, its parameters and examples",
		Long: `Explain a built-in check, or with --profile-file (and --profile) a custom check of a
ReadinessProfile: its rules, parameters and enforcement there. -o markdown prints the check's
documentation page (for a custom check, the page generated for the profile).`,
		Example: `  prodready explain probe-readiness
  prodready explain --profile-file platform-profile.yaml --profile platform memory-limit-max -o markdown`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return checks.IDs(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			view, err := po.resolve(env)
			if err != nil {
				return err
			}
			var (
				c    *checks.Check
				info CheckInfo
			)
			if view == nil {
				var ok bool
				if c, ok = checks.Lookup(args[0]); !ok {
					return usageErrorf("%s", unknownCheckMessage(args[0], checks.IDs()))
				}
				info = checkInfo(c, true)
			} else {
				e, ok := view.pol.Entry(args[0])
				if !ok {
					ids := make([]string, len(view.pol.Entries))
					for i, pe := range view.pol.Entries {
						ids[i] = pe.Check.ID
					}
					return usageErrorf("%s", unknownCheckMessage(args[0], ids))
				}
				c, info = e.Check, view.info(e, true)
			}
			switch output {
			case formatText:
				return writeExplanation(env.Out, c, info)
			case formatMarkdown:
				page := docs.CheckPage(c)
				if cc, ok := view.custom(c.ID); ok {
					page = docs.CustomCheckPage(view.name, cc, info.Enforcement[view.name])
				}
				_, err := io.WriteString(env.Out, page)
				return err
			case formatJSON:
				return writeJSON(env.Out, info)
			case formatYAML:
				return writeYAML(env.Out, info)
			}
			return usageErrorf("--output %q: want text, markdown, json or yaml", output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", formatText, "output format: text, markdown (the docs/checks page), json or yaml")
	po.register(cmd.Flags())
	return cmd
}

// unknownCheckMessage says a check id is unknown and suggests the closest of ids.
func unknownCheckMessage(id string, ids []string) string {
	msg := fmt.Sprintf("unknown check %q", id)
	if s := suggest(id, ids); len(s) > 0 {
		msg += "; did you mean " + quoteJoin(s) + "?"
	}
	return msg + " (`prodready checks` lists every check)"
}

func quoteJoin(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// writeExplanation renders a check's documentation as plain text.
func writeExplanation(w io.Writer, c *checks.Check, info CheckInfo) error {
	p := &printer{w: w}
	p.printf("%s: %s\n\n", c.ID, c.Title)
	enf := make([]string, 0, len(checks.BuiltinProfiles)+1)
	if !info.Custom {
		for _, prof := range checks.BuiltinProfiles {
			enf = append(enf, fmt.Sprintf("%s %s", prof, info.Enforcement[prof]))
		}
	}
	if info.Profile != "" && !checks.IsBuiltinProfile(info.Profile) {
		enf = append(enf, fmt.Sprintf("%s %s", info.Profile, info.Enforcement[info.Profile]))
	}
	if info.Custom {
		info.Category += " (custom check of ReadinessProfile " + info.Profile + ")"
	}
	fields := [][2]string{{"Category", info.Category}, {"Applies to", strings.Join(info.Kinds, ", ")}, {"Enforcement", strings.Join(enf, " · ")}}
	if len(c.Needs) > 0 {
		fields = append(fields, [2]string{"Reads", strings.Join(c.Needs, ", ")})
	}
	fields = append(fields, [2]string{"Docs", info.Docs})
	for _, f := range fields {
		p.printf("  %-12s %s\n", f[0], f[1])
	}
	section := func(title, body string) {
		p.printf("\n%s\n%s\n", title, indent(wrap(body, 96), "  "))
	}
	section("WHAT IT CHECKS", info.Description)
	if info.Rationale != "" {
		section("WHY IT MATTERS IN PRODUCTION", info.Rationale)
	}
	section("HOW TO FIX", info.Remediation)
	if len(info.Rules) > 0 {
		p.printf("\nRULES (CEL; each must be true)\n")
		for i, r := range info.Rules {
			p.printf("  %d. %s\n", i, strings.Join(strings.Fields(r.Expression), " "))
			if r.MessageExpression != "" {
				p.printf("     message: %s\n", strings.Join(strings.Fields(r.MessageExpression), " "))
			} else if r.Message != "" {
				p.printf("     message: %q\n", r.Message)
			}
		}
	}
	p.printf("\nPARAMETERS\n")
	if len(info.Params) == 0 {
		p.printf("  None.\n")
	}
	for _, prm := range info.Params {
		def := ""
		if prm.Default != "" {
			def = fmt.Sprintf(", default %q", prm.Default)
		}
		p.printf("  %s (%s%s)\n%s\n", prm.Name, prm.Type, def, indent(wrap(prm.Description, 92), "      "))
	}
	p.printf("\nCONFIGURE OR EXEMPT (in a ProductionReadiness)\n")
	p.printf("  spec:\n    checks:\n    - id: %s\n      enforcement: Advisory   # Required | Advisory | Disabled\n", c.ID)
	if len(info.Params) > 0 {
		p.printf("      params:\n")
		for _, prm := range info.Params {
			p.printf("        %s: %q\n", prm.Name, prm.Default)
		}
	}
	p.printf("    exemptions:\n    - checks: [%s]\n      reason: why this workload is an exception\n", c.ID)
	if len(info.Examples) > 0 {
		p.printf("\nEXAMPLES (the check's test fixtures, evaluated with the check Required)\n")
		for _, e := range info.Examples {
			p.printf("\n  %s: %s\n%s\n", expectWord(e.Expect), e.Name, indent(strings.TrimRight(e.YAML, "\n"), "    "))
		}
	}
	return p.err
}

func expectWord(expect string) string {
	switch expect {
	case "pass":
		return "Passes"
	case "fail":
		return "Fails"
	case "warn":
		return "Warns"
	case "skip":
		return "Skipped"
	case "pending":
		return "Pending"
	}
	return expect
}

// wrap breaks text into lines of at most width columns at spaces, paragraph by paragraph.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			switch {
			case line == "":
				line = word
			case len([]rune(line))+1+len([]rune(word)) > width:
				out = append(out, line)
				line = word
			default:
				line += " " + word
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// indent prefixes every non-empty line.
func indent(text, prefix string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
