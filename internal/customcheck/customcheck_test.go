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

package customcheck_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/customcheck"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/snapshot"
)

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// snap builds a snapshot from manifests holding exactly one workload, as the CLI does.
func snap(t testing.TB, manifests string) *checks.Snapshot {
	t.Helper()
	docs, err := manifest.ReadAll(strings.NewReader(manifests), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set := snapshot.NewManifests("default")
	for _, d := range docs {
		if err := set.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if len(set.Workloads) != 1 {
		t.Fatalf("want one workload, got %d", len(set.Workloads))
	}
	return set.Snapshot(&set.Workloads[0], testNow)
}

// profileOf is a ReadinessProfile with the given custom checks, based on baseline.
func profileOf(ccs ...v1alpha1.CustomCheck) *v1alpha1.ReadinessProfile {
	rp := &v1alpha1.ReadinessProfile{Spec: v1alpha1.ReadinessProfileSpec{BasedOn: "baseline", CustomChecks: ccs}}
	rp.Name = "platform"
	return rp
}

// rule is a custom check with one rule.
func rule(expression string) v1alpha1.CustomCheck {
	return v1alpha1.CustomCheck{ID: "custom", Title: "A custom check", Rules: []v1alpha1.CustomCheckRule{{Expression: expression}}}
}

// evaluate resolves the profile and returns the results of the custom checks by id.
func evaluate(t testing.TB, rp *v1alpha1.ReadinessProfile, s *checks.Snapshot) map[string]v1alpha1.CheckResult {
	t.Helper()
	pol, errs := checks.ResolveProfile(rp)
	if len(errs) > 0 {
		t.Fatalf("profile invalid: %v", errs.ToAggregate())
	}
	out := map[string]v1alpha1.CheckResult{}
	for _, r := range checks.Evaluate(s, pol).Results {
		if _, builtin := checks.Lookup(r.ID); !builtin {
			out[r.ID] = r
		}
	}
	return out
}

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, labels: {owner: payments, tier: backend}}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: api
      initContainers:
      - name: migrate
        image: migrate:1
      - name: proxy
        image: proxy:1
        restartPolicy: Always
      containers:
      - name: app
        image: app:1
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /ready, port: http}}
        livenessProbe: {httpGet: {path: /live, port: 8080}}
        resources: {limits: {memory: 512Mi}}
        env:
        - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData: {password: hunter2-very-secret, user: app}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {mode: fast}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  internalTrafficPolicy: Local
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: shop}
spec:
  selector: {app: other}
  ports: [{port: 80}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: api}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 30
`

// TestVariables evaluates rules over each variable: they must hold on the deployment above.
func TestVariables(t *testing.T) {
	s := snap(t, deployment)
	for _, expr := range []string{
		`object.kind == 'Deployment' && object.apiVersion == 'apps/v1'`,
		`object.metadata.name == 'api' && object.metadata.namespace == 'shop'`,
		`object.metadata.labels['owner'] == 'payments'`,
		`object.metadata.?labels[?'missing'].orValue('none') == 'none'`,
		`object.spec.selector.matchLabels.app == 'api' && object.spec.replicas == 3`,
		`object.spec.template.spec.serviceAccountName == 'api' && object.spec.template.metadata.labels.app == 'api'`,
		`object.spec.template.metadata.labels.app == 'api'`,
		`podSpec.serviceAccountName == 'api'`,
		`containers.map(c, c.name) == ['proxy', 'app']`,
		`initContainers.map(c, c.name) == ['migrate']`,
		`containers.exists(c, c.name == 'app' && c.readinessProbe.httpGet.port == 'http' && c.livenessProbe.httpGet.port == 8080)`,
		`quantity(containers[1].resources.limits['memory']).compareTo(quantity('1Gi')) < 0`,
		`!has(containers[0].resources.limits)`,
		`related.pdbs.map(p, p.metadata.name) == ['api'] && related.pdbs[0].spec.maxUnavailable == 1`,
		`related.hpas.size() == 1 && related.hpas[0].spec.maxReplicas == 30`,
		`related.services.map(s, s.metadata.name) == ['api'] && related.services[0].spec.internalTrafficPolicy == 'Local'`,
		`related.networkPolicies.size() == 0`,
		`has(related.serviceAccount) && related.serviceAccount.automountServiceAccountToken == false`,
		`secrets.exists(s, s.name == 'db' && 'password' in s.keys && 'user' in s.keys)`,
		`configMaps.exists(c, c.name == 'settings' && c.keys == ['mode'])`,
		`now == timestamp('2026-06-01T00:00:00Z')`,
		`containers.all(c, c.name.matches('^[a-z]+$')) && sets.contains(['proxy', 'app', 'x'], containers.map(c, c.name))`,
		`'a,b'.split(',').size() == 2 && url('https://example.com/x').getHost() == 'example.com'`,
	} {
		t.Run(expr, func(t *testing.T) {
			got := evaluate(t, profileOf(rule(expr)), s)["custom"]
			if got.Result != v1alpha1.ResultPass {
				t.Errorf("result %s (%s), want Pass", got.Result, got.Message)
			}
		})
	}
}

// TestCompileErrors: what the webhook refuses and the operator reports as InvalidSpec names the
// field, the check id, the rule index and the column.
func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check v1alpha1.CustomCheck
		want  []string
	}{
		{"syntax", rule("containers.all(c, c.name ==)"),
			[]string{`spec.customChecks[0].rules[0].expression`, `custom check "custom" rule 0`, `line 1, column 28`, `Syntax error`}},
		{"unknown variable", rule("deployment.metadata.name == 'x'"),
			[]string{`spec.customChecks[0].rules[0].expression`, `column 1`, `undeclared reference to 'deployment'`}},
		{"unknown field", rule("containers.all(c, has(c.readinesProbe))"),
			[]string{`column 22`, `undefined field 'readinesProbe'`}},
		{"secret values are not a field", rule("secrets.all(s, s.data.size() > 0)"),
			[]string{`undefined field 'data'`}},
		{"wrong type", rule("containers.size()"),
			[]string{`must evaluate to bool, not int`}},
		{"message expression type", v1alpha1.CustomCheck{ID: "custom", Title: "t", Rules: []v1alpha1.CustomCheckRule{
			{Expression: "true"}, {Expression: "true", MessageExpression: "containers.size()"}}},
			[]string{`spec.customChecks[0].rules[1].messageExpression`, `custom check "custom" rule 1`, `must evaluate to string`}},
		{"unknown param", rule("params.max > 1"),
			[]string{`undefined field 'max'`}},
		{"over the estimated cost budget", rule("containers.all(a, containers.all(b, containers.all(c, c.env.all(e, e.name != a.name + b.name))))"),
			[]string{`spec.customChecks[0].rules[0].expression`, `estimated cost`, `exceeds the budget of 1000000`}},
		{"built-in id", v1alpha1.CustomCheck{ID: "probe-readiness", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "true"}}},
			[]string{`spec.customChecks[0].id`, `built-in check`}},
		{"bad int default", v1alpha1.CustomCheck{ID: "custom", Title: "t", Params: []v1alpha1.CustomCheckParam{{Name: "max", Type: "int", Default: "ten"}},
			Rules: []v1alpha1.CustomCheckRule{{Expression: "params.max > 1"}}},
			[]string{`spec.customChecks[0].params[0].default`, `not an integer`}},
		{"no rules", v1alpha1.CustomCheck{ID: "custom", Title: "t"}, []string{`spec.customChecks[0].rules`}},
		{"unknown kind", v1alpha1.CustomCheck{ID: "custom", Title: "t", Kinds: []string{"Pod"}, Rules: []v1alpha1.CustomCheckRule{{Expression: "true"}}},
			[]string{`spec.customChecks[0].kinds: Unsupported value: "Pod": supported values: "CronJob", "DaemonSet", "Deployment", "Job", "Rollout", "StatefulSet"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := checks.ResolveProfile(profileOf(tc.check))
			if len(errs) == 0 {
				t.Fatal("profile accepted")
			}
			msg := errs.ToAggregate().Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

// TestResults: failing rules make the check Fail (or Warn when Advisory) with their messages,
// a runtime error is that check's Error, and the other checks are unaffected.
func TestResults(t *testing.T) {
	s := snap(t, deployment)
	fails := v1alpha1.CustomCheck{ID: "fails", Title: "t", Rules: []v1alpha1.CustomCheckRule{
		{Expression: "containers.all(c, c.name != 'proxy')", MessageExpression: "'container ' + containers[0].name + ' is a proxy'"},
		{Expression: "true"},
		{Expression: "false", Message: "second message"},
		{Expression: "false"},
	}}
	advisory := v1alpha1.CustomCheck{ID: "advisory", Title: "t", Enforcement: v1alpha1.EnforcementAdvisory, Rules: []v1alpha1.CustomCheckRule{{Expression: "false", Message: "advice"}}}
	broken := v1alpha1.CustomCheck{ID: "broken", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "containers[0].livenessProbe.httpGet.path == '/'"}}}
	badQuantity := v1alpha1.CustomCheck{ID: "bad-quantity", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "quantity(secrets[0].keys[0]).isGreaterThan(quantity('1'))"}}}
	statefulOnly := v1alpha1.CustomCheck{ID: "stateful-only", Title: "t", Kinds: []string{"StatefulSet"}, Rules: []v1alpha1.CustomCheckRule{{Expression: "false"}}}
	passes := v1alpha1.CustomCheck{ID: "passes", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "true"}, {Expression: "true"}}}
	got := evaluate(t, profileOf(fails, advisory, broken, badQuantity, statefulOnly, passes), s)

	for id, want := range map[string]struct {
		result  v1alpha1.Result
		message string
	}{
		"fails":         {v1alpha1.ResultFail, `container proxy is a proxy; second message; rule 3 does not hold: false`},
		"advisory":      {v1alpha1.ResultWarn, `advice`},
		"broken":        {v1alpha1.ResultError, `rule 0 could not be evaluated: no such key "livenessProbe" (test with has() or use ?. and orValue())`},
		"bad-quantity":  {v1alpha1.ResultError, `rule 0 could not be evaluated: a function failed on its input`},
		"stateful-only": {v1alpha1.ResultSkip, `does not apply to a Deployment: the check is for StatefulSet only`},
		"passes":        {v1alpha1.ResultPass, `all 2 rules hold`},
	} {
		if got[id].Result != want.result || got[id].Message != want.message {
			t.Errorf("%s: %s %q, want %s %q", id, got[id].Result, got[id].Message, want.result, want.message)
		}
	}
}

// TestParams: params have their declared types, defaults apply, and a ProductionReadiness
// overrides them (validated like a built-in check's) and the enforcement.
func TestParams(t *testing.T) {
	s := snap(t, deployment)
	cc := v1alpha1.CustomCheck{ID: "params", Title: "t",
		Params: []v1alpha1.CustomCheckParam{
			{Name: "max", Type: "int", Default: "3"},
			{Name: "strict", Type: "bool"},
			{Name: "teams", Type: "list", Default: "payments, search"},
			{Name: "label", Type: "string", Default: "owner"},
		},
		Rules: []v1alpha1.CustomCheckRule{{Expression: "containers.size() <= params.max && !params.strict && object.metadata.labels[params.label] in params.teams"}}}
	rp := profileOf(cc)
	getter := func(name string) (*v1alpha1.ReadinessProfile, bool) { return rp, name == rp.Name }
	for _, tc := range []struct {
		name      string
		overrides []v1alpha1.CheckOverride
		want      v1alpha1.Result
		wantErr   string
	}{
		{"defaults", nil, v1alpha1.ResultPass, ""},
		{"int", []v1alpha1.CheckOverride{{ID: "params", Params: map[string]string{"max": "1"}}}, v1alpha1.ResultFail, ""},
		{"bool", []v1alpha1.CheckOverride{{ID: "params", Params: map[string]string{"strict": "true"}}}, v1alpha1.ResultFail, ""},
		{"list", []v1alpha1.CheckOverride{{ID: "params", Params: map[string]string{"teams": "search"}}}, v1alpha1.ResultFail, ""},
		{"advisory", []v1alpha1.CheckOverride{{ID: "params", Enforcement: v1alpha1.EnforcementAdvisory, Params: map[string]string{"max": "1"}}}, v1alpha1.ResultWarn, ""},
		{"disabled", []v1alpha1.CheckOverride{{ID: "params", Enforcement: v1alpha1.EnforcementDisabled}}, "", ""},
		{"bad int", []v1alpha1.CheckOverride{{ID: "params", Params: map[string]string{"max": "many"}}}, "", `spec.checks[0].params[max]`},
		{"unknown param", []v1alpha1.CheckOverride{{ID: "params", Params: map[string]string{"min": "1"}}}, "", `unknown param; check "params" takes max, strict, teams, label`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: rp.Name, Checks: tc.overrides}, getter)
			if tc.wantErr != "" {
				if len(errs) == 0 || !strings.Contains(errs.ToAggregate().Error(), tc.wantErr) {
					t.Fatalf("errors %v, want %q", errs, tc.wantErr)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatal(errs.ToAggregate())
			}
			var got v1alpha1.Result
			for _, r := range checks.Evaluate(s, pol).Results {
				if r.ID == "params" {
					got = r.Result
				}
			}
			if got != tc.want {
				t.Errorf("result %q, want %q", got, tc.want)
			}
		})
	}
}

// TestExemptions: a custom check is exempted by id like a built-in one, and a profile may
// disallow its exemption.
func TestExemptions(t *testing.T) {
	s := snap(t, deployment)
	rp := profileOf(v1alpha1.CustomCheck{ID: "fails", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "false"}}})
	getter := func(name string) (*v1alpha1.ReadinessProfile, bool) { return rp, name == rp.Name }
	spec := &v1alpha1.ProductionReadinessSpec{Profile: rp.Name, Exemptions: []v1alpha1.Exemption{{Checks: []string{"fails"}, Reason: "legacy app"}}}
	pol, errs := checks.Resolve(spec, getter)
	if len(errs) > 0 {
		t.Fatal(errs.ToAggregate())
	}
	rep := checks.Evaluate(s, pol)
	found := false
	for _, r := range rep.Results {
		if r.ID == "fails" {
			found = true
			if r.Result != v1alpha1.ResultSkip || !strings.Contains(r.Message, "exempted: legacy app") {
				t.Errorf("exempted custom check: %s %q", r.Result, r.Message)
			}
		}
	}
	if !found {
		t.Fatal("custom check missing from the report")
	}
	rp.Spec.DisallowExemptions = []string{"fails"}
	if _, errs := checks.Resolve(spec, getter); len(errs) == 0 || !strings.Contains(errs.ToAggregate().Error(), `disallows exemptions for check "fails"`) {
		t.Errorf("disallowed exemption accepted: %v", errs)
	}
}

// TestSecretValuesUnreachable: the Secret's value is in the manifest, but no variable holds it:
// every variable rendered as a string by the rules themselves does not contain it.
func TestSecretValuesUnreachable(t *testing.T) {
	s := snap(t, deployment)
	for _, expr := range []string{
		`secrets.map(s, s.name + ':' + s.keys.join(',') + ':' + s.?type.orValue('none')).join(';')`,
		`configMaps.map(s, s.name + ':' + s.keys.join(',')).join(';')`,
		`containers.map(c, c.env.map(e, e.name + '=' + e.?value.orValue('')).join(',')).join(';')`,
	} {
		cc := v1alpha1.CustomCheck{ID: "dump", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "false", MessageExpression: expr}}}
		got := evaluate(t, profileOf(cc), s)["dump"]
		if got.Result != v1alpha1.ResultFail || strings.Contains(got.Message, "hunter2") {
			t.Errorf("%s: %s %q", expr, got.Result, got.Message)
		}
		if strings.HasPrefix(expr, "secrets") && got.Message != "db:password,user:none" {
			t.Errorf("secrets rendered as %q", got.Message)
		}
	}
}

// TestCompiledOnce: resolving the same profile again reuses the compiled rules.
func TestCompiledOnce(t *testing.T) {
	rp := profileOf(rule("containers.all(c, has(c.readinessProbe))"))
	a, errs := customcheck.Compile(rp)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b, _ := customcheck.Compile(rp)
	if a[0].Check.ID != b[0].Check.ID || len(a) != 1 {
		t.Fatalf("unexpected entries %v %v", a, b)
	}
	allocs := testing.AllocsPerRun(20, func() { _, _ = customcheck.Compile(rp) })
	if allocs > 50 {
		t.Errorf("a cached compile allocates %.0f times: the rules are compiled again", allocs)
	}
}

// examplesProfile is the profile of docs/custom-checks.md.
func examplesProfile(t testing.TB) *v1alpha1.ReadinessProfile {
	t.Helper()
	raw, err := os.ReadFile("../cli/testdata/custom-checks/profile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rp := &v1alpha1.ReadinessProfile{}
	if err := yaml.UnmarshalStrict(raw, rp); err != nil {
		t.Fatal(err)
	}
	return rp
}

// When the namespace's Secrets or ConfigMaps cannot be listed (the operator's lazy cache read
// failed), a rule reading them is Error, with the engine's fixed text for a failed evaluation:
// never judged on an empty list, and the reader's error text is not shown.
func TestNamespaceListsUnreadable(t *testing.T) {
	s := snap(t, deployment)
	s.NamespaceKeySets = func() ([]checks.KeySet, []checks.KeySet, error) {
		return nil, nil, errors.New("cache: informer for secrets not synced (internal detail)")
	}
	for _, expr := range []string{`secrets.all(s, s.name != "x")`, `configMaps.all(c, c.name != "x")`} {
		got := evaluate(t, profileOf(rule(expr)), s)["custom"]
		if got.Result != v1alpha1.ResultError || !strings.Contains(got.Message, "could not be evaluated") || strings.Contains(got.Message, "internal detail") {
			t.Errorf("%s: %s %q, want Error (could not be evaluated), without the reader's text", expr, got.Result, got.Message)
		}
	}
	// Rules that do not read them are unaffected.
	if got := evaluate(t, profileOf(rule(`object.metadata.name == "api"`)), s)["custom"]; got.Result != v1alpha1.ResultPass {
		t.Errorf("a rule not reading the lists: %s %q", got.Result, got.Message)
	}
}
