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

package customcheck

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/cel-go/cel"
	"k8s.io/apimachinery/pkg/util/validation/field"
	apiservercel "k8s.io/apiserver/pkg/cel"

	"github.com/prodready/prodready/internal/checks"
)

// paramTypes maps the API's param types to the engine's.
var paramTypes = map[string]checks.ParamType{
	"string": checks.ParamString, "int": checks.ParamInt, "bool": checks.ParamBool, "list": checks.ParamList,
}

// declareParams declares the check's params in its Meta (so spec.checks[].params are validated
// like a built-in check's) and as the CEL object type of the params variable.
func (c *compiled) declareParams(path *field.Path) (*apiservercel.DeclType, field.ErrorList) {
	var errs field.ErrorList
	fields := map[string]*apiservercel.DeclField{}
	defaults := map[string]string{}
	for i, p := range c.params {
		pt, ok := paramTypes[p.Type]
		if !ok {
			errs = append(errs, field.NotSupported(path.Index(i).Child("type"), p.Type, []string{"string", "int", "bool", "list"}))
			continue
		}
		if _, dup := fields[p.Name]; dup {
			errs = append(errs, field.Duplicate(path.Index(i).Child("name"), p.Name))
			continue
		}
		var dt *apiservercel.DeclType
		switch pt {
		case checks.ParamInt:
			dt = apiservercel.IntType
		case checks.ParamBool:
			dt = apiservercel.BoolType
		case checks.ParamList:
			dt = apiservercel.NewListType(boundedString(), estItems)
		default:
			dt = boundedString()
		}
		fields[p.Name] = apiservercel.NewDeclField(p.Name, dt, true, nil, nil)
		c.meta.Params = append(c.meta.Params, checks.ParamSpec{Name: p.Name, Type: pt, Default: p.Default, Description: p.Description})
		if p.Default != "" {
			defaults[p.Name] = p.Default
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if _, perrs := checks.ParseParams(&c.meta, checks.Params{}, defaults); len(perrs) > 0 {
		for _, pe := range perrs {
			for i, p := range c.params {
				if p.Name == pe.Param {
					errs = append(errs, field.Invalid(path.Index(i).Child("default"), pe.Value, pe.Message))
				}
			}
		}
		return nil, errs
	}
	return apiservercel.NewObjectType("prodready.Params."+strings.ReplaceAll(c.meta.ID, "-", "_"), fields), nil
}

// check is the compiled check as the engine sees it.
func (c *compiled) check() *checks.Check {
	return &checks.Check{Meta: c.meta, Run: c.run}
}

// paramValues are the params as CEL values of their declared types.
func (c *compiled) paramValues(p checks.Params) map[string]any {
	out := make(map[string]any, len(c.params))
	for _, spec := range c.params {
		switch paramTypes[spec.Type] {
		case checks.ParamInt:
			out[spec.Name] = p.Int(spec.Name)
		case checks.ParamBool:
			out[spec.Name] = p.Bool(spec.Name)
		case checks.ParamList:
			l := p.List(spec.Name)
			if l == nil {
				l = []string{}
			}
			out[spec.Name] = l
		default:
			out[spec.Name] = p.String(spec.Name)
		}
	}
	return out
}

// run evaluates every rule. A rule that does not hold adds its message; a rule that cannot be
// evaluated (runtime error, cost limit) makes the whole check Error.
func (c *compiled) run(s *checks.Snapshot, p checks.Params) checks.Outcome {
	act := newActivation(s, c.paramValues(p))
	ctx, cancel := context.WithTimeout(context.Background(), CheckTimeLimit)
	defer cancel()
	var (
		f    checks.Findings
		used uint64
	)
	for i := range c.rules {
		r := &c.rules[i]
		val, det, err := r.prog.ContextEval(ctx, act)
		used = addSat(used, actualCost(det))
		if err != nil {
			return checks.Errorf("rule %d could not be evaluated: %s", i, describeEvalError(err, r.expression))
		}
		if used > CheckCostLimit {
			return checks.Errorf("rule %d: the check's rules exceeded the cost limit of %d per evaluation", i, CheckCostLimit)
		}
		holds, ok := val.Value().(bool)
		if !ok {
			return checks.Errorf("rule %d evaluated to %s, not a bool", i, val.Type().TypeName())
		}
		if holds {
			continue
		}
		msg, cost := r.failureMessage(ctx, act, i)
		used = addSat(used, cost)
		if used > CheckCostLimit {
			return checks.Errorf("rule %d: the check's rules exceeded the cost limit of %d per evaluation", i, CheckCostLimit)
		}
		f.AddWorkload("%s", msg)
	}
	return f.Result("%s", passMessage(len(c.rules)))
}

func passMessage(n int) string {
	if n == 1 {
		return "the rule holds"
	}
	return fmt.Sprintf("all %d rules hold", n)
}

// failureMessage is the messageExpression's result, else the fixed message, else a message
// naming the rule.
func (r *compiledRule) failureMessage(ctx context.Context, act *activation, i int) (string, uint64) {
	fallback := r.message
	if fallback == "" {
		fallback = fmt.Sprintf("rule %d does not hold: %s", i, r.expression)
	}
	if r.msgProg == nil {
		return clip(fallback), 0
	}
	val, det, err := r.msgProg.ContextEval(ctx, act)
	cost := actualCost(det)
	if err != nil {
		return clip(fmt.Sprintf("%s (messageExpression failed: %s)", fallback, describeEvalError(err, r.expression))), cost
	}
	msg, ok := val.Value().(string)
	if !ok || strings.TrimSpace(msg) == "" {
		return clip(fallback), cost
	}
	return clip(msg), cost
}

// clip puts a message on one line and bounds it (checks.Truncate).
func clip(msg string) string {
	return checks.Truncate(strings.Join(strings.Fields(msg), " "), maxMessageLength)
}

func actualCost(det *cel.EvalDetails) uint64 {
	if det == nil || det.ActualCost() == nil {
		return 0
	}
	return *det.ActualCost()
}

var noSuchKey = regexp.MustCompile(`^no such (key|field|attribute)[^:]*: ?(.*)$`)

// describeEvalError classifies a runtime error without forwarding the library's text, which
// can quote input values (a malformed quantity, a string that is not a number). A missing key
// or field is named when the rule's own text names it.
func describeEvalError(err error, expression string) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "cost limit exceeded"):
		return fmt.Sprintf("it exceeded the cost limit of %d (too many items to iterate over)", RuleCostLimit)
	case strings.Contains(msg, "operation interrupted"), strings.Contains(msg, "operation cancelled"):
		return fmt.Sprintf("the check's rules ran longer than the time limit of %s (too many items to iterate over)", CheckTimeLimit)
	case strings.HasPrefix(msg, "no such key"), strings.HasPrefix(msg, "no such field"), strings.HasPrefix(msg, "no such attribute"):
		if m := noSuchKey.FindStringSubmatch(msg); m != nil {
			key := strings.Trim(m[2], `"' `)
			if key != "" && strings.Contains(expression, key) && isIdentifier(key) {
				return fmt.Sprintf("no such key %q (test with has() or use ?. and orValue())", key)
			}
		}
		return "a key or field it reads is absent (test with has() or use ?. and orValue())"
	case strings.Contains(msg, "no such overload"), strings.Contains(msg, "no matching overload"):
		return "a function was called with a value of the wrong type"
	case strings.Contains(msg, "division by zero"), strings.Contains(msg, "modulus by zero"):
		return "division by zero"
	case strings.Contains(msg, "index out of range"), strings.Contains(msg, "invalid index"):
		return "a list index is out of range"
	case strings.Contains(msg, "overflow"):
		return "an arithmetic overflow"
	case strings.Contains(msg, "optional.none"), strings.Contains(msg, "optional"):
		return "an absent optional value was read"
	}
	return "a function failed on its input"
}

func isIdentifier(s string) bool {
	for i, r := range s {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}
