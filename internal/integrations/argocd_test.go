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

package integrations

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"sigs.k8s.io/yaml"
)

// The Argo CD health check runs here the way Argo CD runs a health.lua from argocd-cm: a Lua
// state with only the package, base and table libraries, the object as the global `obj`, and
// the returned table read as {status, message}.

const argoCDDir = "../../config/integrations/argocd"

// argoCDHealthStatuses are the health codes Argo CD accepts from a script; anything else is
// turned into Unknown.
var argoCDHealthStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

type healthStatus struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type healthTestFile struct {
	Tests []struct {
		HealthStatus healthStatus `json:"healthStatus"`
		InputPath    string       `json:"inputPath"`
	} `json:"tests"`
}

// Every row of health_test.yaml: the script returns the expected status and message.
func TestArgoCDHealthScript(t *testing.T) {
	script := readFile(t, filepath.Join(argoCDDir, "health.lua"))
	var cases healthTestFile
	if err := yaml.UnmarshalStrict(readFile(t, filepath.Join(argoCDDir, "health_test.yaml")), &cases); err != nil {
		t.Fatalf("health_test.yaml: %v", err)
	}
	if len(cases.Tests) == 0 {
		t.Fatal("health_test.yaml has no tests")
	}
	for _, tc := range cases.Tests {
		t.Run(strings.TrimSuffix(filepath.Base(tc.InputPath), ".yaml"), func(t *testing.T) {
			obj := decodeObject(t, readFile(t, filepath.Join(argoCDDir, tc.InputPath)))
			got, err := runHealthScript(string(script), obj)
			if err != nil {
				t.Fatalf("health.lua on %s: %v", tc.InputPath, err)
			}
			if got != tc.HealthStatus {
				t.Errorf("health.lua on %s = %+v, want %+v", tc.InputPath, got, tc.HealthStatus)
			}
		})
	}
}

// Every fixture under testdata/ is used by a row of health_test.yaml, and every row of the
// design's conditions table has a fixture.
func TestArgoCDHealthFixturesCovered(t *testing.T) {
	var cases healthTestFile
	if err := yaml.Unmarshal(readFile(t, filepath.Join(argoCDDir, "health_test.yaml")), &cases); err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, tc := range cases.Tests {
		used[filepath.Clean(tc.InputPath)] = true
	}
	files, err := filepath.Glob(filepath.Join(argoCDDir, "testdata", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel := filepath.Join("testdata", filepath.Base(f))
		if !used[rel] {
			t.Errorf("%s is not used by health_test.yaml", rel)
		}
	}
	for _, row := range []string{
		"never-reconciled", "checks-passed", "rollout-in-progress", "target-not-found-within-grace",
		"target-not-found-after-grace", "checks-failed", "rollout-failed", "invalid-spec", "stale-generation",
	} {
		if !used[filepath.Join("testdata", row+".yaml")] {
			t.Errorf("conditions table row %q has no fixture in health_test.yaml", row)
		}
	}
}

// The argocd-cm patch embeds health.lua byte for byte (regenerate with `make argocd-cm-patch`).
func TestArgoCDConfigMapPatchEmbedsScript(t *testing.T) {
	script := readFile(t, filepath.Join(argoCDDir, "health.lua"))
	var cm struct {
		APIVersion string                           `json:"apiVersion"`
		Kind       string                           `json:"kind"`
		Metadata   struct{ Name, Namespace string } `json:"metadata"`
		Data       map[string]string                `json:"data"`
	}
	if err := yaml.Unmarshal(readFile(t, filepath.Join(argoCDDir, "argocd-cm-patch.yaml")), &cm); err != nil {
		t.Fatalf("argocd-cm-patch.yaml: %v", err)
	}
	if cm.APIVersion != "v1" || cm.Kind != "ConfigMap" || cm.Metadata.Name != "argocd-cm" {
		t.Errorf("argocd-cm-patch.yaml is %s %s %q, want v1 ConfigMap \"argocd-cm\"", cm.APIVersion, cm.Kind, cm.Metadata.Name)
	}
	const key = "resource.customizations.health.readiness.prodready.io_ProductionReadiness"
	embedded, ok := cm.Data[key]
	if !ok {
		t.Fatalf("argocd-cm-patch.yaml has no data key %s (keys: %v)", key, keys(cm.Data))
	}
	if embedded != string(script) {
		t.Errorf("the script embedded in argocd-cm-patch.yaml differs from health.lua: run `make argocd-cm-patch`\n%s", firstDifference(embedded, string(script)))
	}
}

// The conversion hands Lua what Argo CD hands it: numbers (int64 generations included) as
// numbers, lists as 1-indexed tables, maps as tables, null as nil.
func TestLuaConversion(t *testing.T) {
	obj := decodeObject(t, []byte(`
metadata: {generation: 9007199254740991, name: x}
status:
  observedGeneration: -1
  ratio: 0.5
  flag: true
  nothing: null
  conditions: [{type: A}, {type: B}]
`))
	script := `
local s = obj.status
return {
  status = type(obj.metadata.generation) .. "," .. type(s.observedGeneration) .. "," .. tostring(s.observedGeneration),
  message = tostring(obj.metadata.generation == 9007199254740991) .. "," .. s.conditions[1].type .. s.conditions[2].type ..
    "," .. tostring(#s.conditions) .. "," .. tostring(s.ratio) .. "," .. tostring(s.flag) .. "," .. tostring(s.nothing),
}`
	got, err := runLuaTable(script, obj)
	if err != nil {
		t.Fatal(err)
	}
	want := healthStatus{Status: "number,number,-1", Message: "true,AB,2,0.5,true,nil"}
	if got != want {
		t.Errorf("conversion: got %+v, want %+v", got, want)
	}
}

// A script that does not return a table, fails or returns an unknown status is reported the way
// Argo CD reports it.
func TestHealthScriptErrors(t *testing.T) {
	obj := map[string]any{}
	if _, err := runHealthScript(`return "Healthy"`, obj); err == nil {
		t.Error("a script returning a string: want an error")
	}
	if _, err := runHealthScript(`error("boom")`, obj); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("a failing script: got %v, want an error mentioning boom", err)
	}
	got, err := runHealthScript(`return {status = "Fine"}`, obj)
	if err != nil || got.Status != "Unknown" {
		t.Errorf("an unknown status: got %+v, %v; want Unknown", got, err)
	}
	// Argo CD opens no string library for custom scripts: a script using it fails here as there.
	if _, err := runHealthScript(`return {status = string.lower("Healthy")}`, obj); err == nil {
		t.Error("string library available: the test VM must match Argo CD's sandbox")
	}
}

// runHealthScript runs a health script and validates the status as Argo CD does.
func runHealthScript(script string, obj map[string]any) (healthStatus, error) {
	hs, err := runLuaTable(script, obj)
	if err != nil {
		return healthStatus{}, err
	}
	if !argoCDHealthStatuses[hs.Status] {
		return healthStatus{Status: "Unknown", Message: "Lua returned an invalid health status"}, nil
	}
	return hs, nil
}

// runLuaTable runs a script with obj as the global `obj` and decodes the returned table.
func runLuaTable(script string, obj map[string]any) (healthStatus, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return healthStatus{}, fmt.Errorf("opening %s: %w", lib.name, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return healthStatus{}, err
	}
	ret, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return healthStatus{}, fmt.Errorf("expect table output from Lua script, not %s", l.Get(-1).Type())
	}
	js, err := json.Marshal(fromLua(ret))
	if err != nil {
		return healthStatus{}, err
	}
	var hs healthStatus
	if err := json.Unmarshal(js, &hs); err != nil {
		return healthStatus{}, fmt.Errorf("decoding the returned table %s: %w", js, err)
	}
	return hs, nil
}

// toLua converts a JSON-decoded value (decoded with UseNumber) to a Lua value.
func toLua(l *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return lua.LNumber(i)
		}
		f, _ := v.Float64()
		return lua.LNumber(f)
	case float64:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case []any:
		t := l.CreateTable(len(v), 0)
		for _, item := range v {
			t.Append(toLua(l, item))
		}
		return t
	case map[string]any:
		t := l.CreateTable(0, len(v))
		for k, item := range v {
			t.RawSetString(k, toLua(l, item))
		}
		return t
	}
	panic(fmt.Sprintf("toLua: unexpected %T", v))
}

// fromLua converts a returned Lua value to Go: tables with keys 1..n become slices, other
// tables maps (as Argo CD's JSON encoding of the returned table does).
func fromLua(v lua.LValue) any {
	switch v := v.(type) {
	case *lua.LTable:
		if n := v.Len(); n > 0 {
			out := make([]any, 0, n)
			for i := 1; i <= n; i++ {
				out = append(out, fromLua(v.RawGetInt(i)))
			}
			return out
		}
		out := map[string]any{}
		v.ForEach(func(k, val lua.LValue) { out[k.String()] = fromLua(val) })
		return out
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return float64(v)
	case lua.LBool:
		return bool(v)
	}
	return nil
}

// decodeObject decodes a YAML object the way the API machinery hands it over: JSON with
// numbers kept exact.
func decodeObject(t *testing.T, data []byte) map[string]any {
	t.Helper()
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return obj
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// firstDifference describes where two strings first differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: %q != %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d lines != %d lines", len(al), len(bl))
}
