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

// Package customcheck compiles the custom checks of a ReadinessProfile (spec.customChecks[]),
// CEL rules over a workload's snapshot, into ordinary checks.Check values that the engine
// evaluates like its built-in checks.
//
// Rules are compiled in the environment Kubernetes gives a ValidatingAdmissionPolicy (the base
// environment of k8s.io/apiserver/pkg/cel/environment at the current compatibility version: the
// CEL standard library, optional types, and the Kubernetes extension libraries for strings,
// lists, sets, regular expressions, URLs, quantities, IPs, CIDRs and formats), against declared
// variable types, so an unknown variable or field is a compile error. Each rule's estimated cost
// must stay within a budget; at runtime a rule, and a check as a whole, has a cost limit, and
// reaching it is the check's Error result.
package customcheck

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/checker"
	celcommon "github.com/google/cel-go/common"
	"github.com/google/cel-go/common/types"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/util/version"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/cel/library"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// Cost limits, in CEL cost units (roughly one per elementary operation; a comprehension costs
// its body once per element).
const (
	// RuleCostLimit is the runtime cost limit of one rule's expression or messageExpression
	// (the per-call limit Kubernetes gives a CEL expression).
	RuleCostLimit uint64 = 1_000_000
	// CheckCostLimit is the runtime cost limit of one evaluation of a check: all its rules and
	// messages together.
	CheckCostLimit uint64 = 2_000_000
	// EstimatedCostBudget is the largest estimated worst-case cost a rule may have to be
	// accepted. It equals RuleCostLimit, so a rule accepted at admission reaches the runtime
	// limit only on inputs beyond the size bounds the estimate assumes.
	EstimatedCostBudget = RuleCostLimit
)

// CheckTimeLimit bounds the wall-clock time of one evaluation of a check, all rules together. It
// is a backstop behind the cost limits, not a semantic input: cel-go's cost tracking itself
// takes time proportional to a list's length for every element it iterates over, so a rule
// over a list of tens of thousands of items can run for seconds before it reaches the cost
// limit. Rules over workloads of ordinary size finish in microseconds.
const CheckTimeLimit = 250 * time.Millisecond

const (
	// interruptCheckFrequency is how many comprehension iterations run between checks of the
	// time limit.
	interruptCheckFrequency = 100
	// maxMessageLength bounds the message of one rule.
	maxMessageLength = 512
)

func init() {
	checks.RegisterCustomCompiler(Compile)
}

// environment is the CEL environment with every variable but params, built once.
type celEnv struct {
	set   *environment.EnvSet
	decls varDecls
	// fields are the variables as fields of one object, for the size estimator.
	fields map[string]*apiservercel.DeclField
}

var (
	envOnce sync.Once
	envErr  error
	baseEnv *celEnv
)

func getEnv() (*celEnv, error) {
	envOnce.Do(func() {
		d := declareVars(newDeclTypes())
		vars := map[string]*apiservercel.DeclType{
			varObject: d.object, varPodSpec: d.podSpec, varContainers: d.containers, varInitContainers: d.initContainers,
			varRelated: d.related, varSecrets: d.secrets, varConfigMaps: d.configMaps, varNow: d.now,
		}
		var opts []cel.EnvOption
		var declTypes []*apiservercel.DeclType
		fields := map[string]*apiservercel.DeclField{}
		for name, t := range vars {
			opts = append(opts, cel.Variable(name, t.CelType()))
			fields[name] = apiservercel.NewDeclField(name, t, true, nil, nil)
			if t.IsObject() || t.IsList() {
				declTypes = append(declTypes, t)
			}
		}
		set, err := environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()).Extend(environment.VersionedOptions{
			IntroducedVersion: version.MajorMinor(1, 0),
			EnvOptions:        opts,
			DeclTypes:         declTypes,
		})
		if err != nil {
			envErr = err
			return
		}
		baseEnv = &celEnv{set: set, decls: d, fields: fields}
	})
	return baseEnv, envErr
}

// compiled is one custom check, ready to run.
type compiled struct {
	meta   checks.Meta
	params []v1alpha1.CustomCheckParam
	rules  []compiledRule
}

type compiledRule struct {
	expression string
	message    string
	prog       cel.Program
	msgProg    cel.Program // nil without messageExpression
	// estimated is the rule's estimated worst-case cost (expression plus messageExpression).
	estimated uint64
}

// cache holds compiled checks by the hash of their spec: the operator resolves a profile on every
// reconcile, and compiling is far more expensive than evaluating.
var cache = struct {
	sync.Mutex
	m map[[32]byte]*compiled
}{m: map[[32]byte]*compiled{}}

const maxCached = 512

// Compile compiles a profile's custom checks. Errors name the field (spec.customChecks[i].rules[j]
// .expression), the check id, the rule index and the CEL error's line and column.
func Compile(rp *v1alpha1.ReadinessProfile) ([]checks.CustomEntry, field.ErrorList) {
	env, err := getEnv()
	if err != nil {
		return nil, field.ErrorList{field.InternalError(field.NewPath("spec", "customChecks"), fmt.Errorf("building the CEL environment failed"))}
	}
	var (
		out  []checks.CustomEntry
		errs field.ErrorList
	)
	path := field.NewPath("spec", "customChecks")
	for i := range rp.Spec.CustomChecks {
		cc := &rp.Spec.CustomChecks[i]
		c, cerrs := compileCached(env, cc, path.Index(i))
		if len(cerrs) > 0 {
			errs = append(errs, cerrs...)
			continue
		}
		enf := cc.Enforcement
		if enf == "" {
			enf = v1alpha1.EnforcementRequired
		}
		out = append(out, checks.CustomEntry{Check: c.check(), Enforcement: enf})
	}
	return out, errs
}

func compileCached(env *celEnv, cc *v1alpha1.CustomCheck, path *field.Path) (*compiled, field.ErrorList) {
	raw, err := json.Marshal(cc)
	if err != nil {
		return nil, field.ErrorList{field.InternalError(path, fmt.Errorf("encoding the check failed"))}
	}
	key := sha256.Sum256(raw)
	cache.Lock()
	c, ok := cache.m[key]
	cache.Unlock()
	if ok {
		return c, nil
	}
	c, errs := compileCheck(env, cc, path)
	if len(errs) > 0 {
		return nil, errs
	}
	cache.Lock()
	if len(cache.m) >= maxCached {
		clear(cache.m)
	}
	cache.m[key] = c
	cache.Unlock()
	return c, nil
}

func compileCheck(env *celEnv, cc *v1alpha1.CustomCheck, path *field.Path) (*compiled, field.ErrorList) {
	var errs field.ErrorList
	c := &compiled{params: cc.Params, meta: checks.Meta{
		ID:          cc.ID,
		Title:       cc.Title,
		Category:    checks.Category(cc.Category),
		Description: cc.Description,
		Remediation: cc.Remediation,
		Kinds:       cc.Kinds,
	}}
	if c.meta.Category == "" {
		c.meta.Category = "custom"
	}
	if strings.TrimSpace(cc.Title) == "" {
		errs = append(errs, field.Required(path.Child("title"), fmt.Sprintf("custom check %q needs a title", cc.ID)))
	}
	if len(cc.Rules) == 0 {
		errs = append(errs, field.Required(path.Child("rules"), fmt.Sprintf("custom check %q needs at least one rule", cc.ID)))
	}
	switch cc.Enforcement {
	case "", v1alpha1.EnforcementRequired, v1alpha1.EnforcementAdvisory, v1alpha1.EnforcementDisabled:
	default:
		errs = append(errs, field.NotSupported(path.Child("enforcement"), cc.Enforcement,
			[]v1alpha1.Enforcement{v1alpha1.EnforcementRequired, v1alpha1.EnforcementAdvisory, v1alpha1.EnforcementDisabled}))
	}
	for _, k := range cc.Kinds {
		if !isKind(k) {
			errs = append(errs, field.NotSupported(path.Child("kinds"), k, checks.KindNames()))
		}
	}
	paramsType, perrs := c.declareParams(path.Child("params"))
	errs = append(errs, perrs...)
	if len(errs) > 0 {
		return nil, errs
	}

	set, err := env.set.Extend(environment.VersionedOptions{
		IntroducedVersion: version.MajorMinor(1, 0),
		EnvOptions:        []cel.EnvOption{cel.Variable(varParams, paramsType.CelType())},
		DeclTypes:         []*apiservercel.DeclType{paramsType},
	})
	if err != nil {
		return nil, field.ErrorList{field.InternalError(path.Child("params"), fmt.Errorf("declaring the params failed"))}
	}
	celenv := set.NewExpressionsEnv()
	fields := make(map[string]*apiservercel.DeclField, len(env.fields)+1)
	for k, v := range env.fields {
		fields[k] = v
	}
	fields[varParams] = apiservercel.NewDeclField(varParams, paramsType, true, nil, nil)
	est := &library.CostEstimator{SizeEstimator: &sizeEstimator{root: apiservercel.NewObjectType("prodready.Variables", fields)}}

	for j, r := range cc.Rules {
		rp := path.Child("rules").Index(j)
		cr := compiledRule{expression: r.Expression, message: r.Message}
		prog, cost, ferr := compileExpr(celenv, est, r.Expression, cel.BoolType, cc.ID, j, rp.Child("expression"))
		if ferr != nil {
			errs = append(errs, ferr)
			continue
		}
		cr.prog, cr.estimated = prog, cost
		if r.MessageExpression != "" {
			prog, cost, ferr := compileExpr(celenv, est, r.MessageExpression, cel.StringType, cc.ID, j, rp.Child("messageExpression"))
			if ferr != nil {
				errs = append(errs, ferr)
				continue
			}
			cr.msgProg = prog
			cr.estimated = addSat(cr.estimated, cost)
		}
		c.rules = append(c.rules, cr)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

func isKind(k string) bool {
	_, ok := checks.LookupKind(k)
	return ok
}

// compileExpr parses, type-checks and cost-checks one expression and returns its program.
func compileExpr(env *cel.Env, est *library.CostEstimator, expr string, want *cel.Type, id string, rule int, path *field.Path) (cel.Program, uint64, *field.Error) {
	invalid := func(format string, args ...any) *field.Error {
		return &field.Error{Type: field.ErrorTypeInvalid, Field: path.String(), BadValue: field.OmitValueType{},
			Detail: fmt.Sprintf("custom check %q rule %d: ", id, rule) + fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(expr) == "" {
		return nil, 0, &field.Error{Type: field.ErrorTypeRequired, Field: path.String(), BadValue: "",
			Detail: fmt.Sprintf("custom check %q rule %d: the expression is empty", id, rule)}
	}
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		return nil, 0, invalid("%s", describeIssues(iss.Errors()))
	}
	if out := ast.OutputType(); !out.IsExactType(want) && !out.IsExactType(cel.DynType) {
		return nil, 0, invalid("must evaluate to %s, not %s", want, out)
	}
	cost, err := env.EstimateCost(ast, est)
	if err != nil {
		return nil, 0, invalid("its cost cannot be estimated")
	}
	if cost.Max > EstimatedCostBudget {
		return nil, 0, invalid("estimated cost %d exceeds the budget of %d (with up to %d containers, %d related objects of each kind, %d items per list and %d-character strings); iterate over fewer or smaller lists",
			cost.Max, EstimatedCostBudget, estContainers, estRelated, estItems, estString)
	}
	prog, err := env.Program(ast,
		cel.CostLimit(RuleCostLimit),
		cel.CostTracking(&library.CostEstimator{}),
		cel.InterruptCheckFrequency(interruptCheckFrequency),
	)
	if err != nil {
		return nil, 0, invalid("cannot be instantiated")
	}
	return prog, cost.Max, nil
}

// describeIssues renders CEL compile errors as "line 1, column 12: undefined field 'foo'". The
// messages carry only the expression's own text, never input values.
func describeIssues(list []*celcommon.Error) string {
	parts := make([]string, 0, len(list))
	for _, e := range list {
		loc := e.Location
		if loc != nil && loc.Line() > 0 {
			parts = append(parts, fmt.Sprintf("line %d, column %d: %s", loc.Line(), loc.Column()+1, e.Message))
		} else {
			parts = append(parts, e.Message)
		}
	}
	return strings.Join(parts, "; ")
}

func addSat(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// sizeEstimator gives the cost estimator the size bound of a variable or field, from the
// MaxElements of its declaration (as the API server does for CRD validation rules).
type sizeEstimator struct {
	root *apiservercel.DeclType
}

// A value computed by the rule (the result of orValue, map, a function) has no declaration: it
// gets the bound of its type, so that comparing two computed strings or joining a mapped list
// is estimated like comparing two declared ones rather than as unbounded.
func (e *sizeEstimator) EstimateSize(element checker.AstNode) *checker.SizeEstimate {
	if node := e.declared(element.Path()); node != nil && node.MaxElements > 0 {
		return &checker.SizeEstimate{Min: 0, Max: uint64(node.MaxElements)}
	}
	switch element.Type().Kind() {
	case types.StringKind, types.BytesKind:
		return &checker.SizeEstimate{Min: 0, Max: estString}
	case types.ListKind, types.MapKind:
		return &checker.SizeEstimate{Min: 0, Max: estItems}
	case types.DynKind:
		return &checker.SizeEstimate{Min: 0, Max: estString}
	}
	return nil
}

// declared is the declaration at a path of variables and fields, or nil.
func (e *sizeEstimator) declared(path []string) *apiservercel.DeclType {
	if len(path) == 0 {
		return nil
	}
	node := e.root
	for _, name := range path {
		switch name {
		case "@items", "@values":
			node = node.ElemType
		case "@keys":
			node = node.KeyType
		default:
			f, ok := node.Fields[name]
			if !ok {
				return nil
			}
			node = f.Type
		}
		if node == nil {
			return nil
		}
	}
	return node
}

func (e *sizeEstimator) EstimateCallCost(string, string, *checker.AstNode, []checker.AstNode) *checker.CallEstimate {
	return nil
}
