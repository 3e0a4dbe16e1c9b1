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

package checks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ParamType is the type of a check parameter. Parameters travel as strings (spec.checks[].params
// is a string map); each check declares the type and range it accepts.
type ParamType string

// Parameter types.
const (
	ParamInt    ParamType = "int"
	ParamBool   ParamType = "bool"
	ParamString ParamType = "string"
	// ParamList is a comma-separated list of non-empty values.
	ParamList ParamType = "list"
)

// ParamSpec declares one parameter of a check.
type ParamSpec struct {
	Name        string
	Type        ParamType
	Default     string
	Description string
	// Min and Max bound an int parameter when set.
	Min, Max *int64
}

// Params are a check's validated parameters with defaults applied. Getters never fail: every
// value was validated when the policy was resolved.
type Params struct {
	values map[string]string
}

// Int returns an int parameter.
func (p Params) Int(name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(p.values[name]), 10, 64)
	return n
}

// Bool returns a bool parameter.
func (p Params) Bool(name string) bool {
	b, _ := strconv.ParseBool(strings.TrimSpace(p.values[name]))
	return b
}

// String returns a string parameter.
func (p Params) String(name string) string { return p.values[name] }

// List returns a list parameter (nil when unset).
func (p Params) List(name string) []string { return splitList(p.values[name]) }

// IsSet reports whether a parameter has a value (given or default).
func (p Params) IsSet(name string) bool { return p.values[name] != "" }

// Values returns a copy of the parameters, for display.
func (p Params) Values() map[string]string {
	out := make(map[string]string, len(p.values))
	for k, v := range p.values {
		out[k] = v
	}
	return out
}

func splitList(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// Int64 returns a pointer, for ParamSpec bounds.
func Int64(n int64) *int64 { return &n }

// ParamError is an invalid parameter: unknown name, wrong type or out of range.
type ParamError struct {
	Param   string
	Value   string
	Message string
}

func (e ParamError) Error() string { return fmt.Sprintf("param %q: %s", e.Param, e.Message) }

// ParseParams validates raw parameters against a check's declared ParamSpecs, layered over
// base (the profile's values, already valid), and returns them with defaults applied.
func ParseParams(m *Meta, base Params, raw map[string]string) (Params, []ParamError) {
	values := make(map[string]string, len(m.Params))
	for _, spec := range m.Params {
		if spec.Default != "" {
			values[spec.Name] = spec.Default
		}
	}
	for k, v := range base.values {
		values[k] = v
	}
	var errs []ParamError
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, name := range keys {
		v := raw[name]
		spec := m.param(name)
		if spec == nil {
			errs = append(errs, ParamError{Param: name, Value: v, Message: unknownParamMessage(m)})
			continue
		}
		if msg := spec.validate(v); msg != "" {
			errs = append(errs, ParamError{Param: name, Value: v, Message: msg})
			continue
		}
		values[name] = v
	}
	return Params{values: values}, errs
}

func unknownParamMessage(m *Meta) string {
	if len(m.Params) == 0 {
		return fmt.Sprintf("check %q takes no params", m.ID)
	}
	names := make([]string, len(m.Params))
	for i, p := range m.Params {
		names[i] = p.Name
	}
	return fmt.Sprintf("unknown param; check %q takes %s", m.ID, strings.Join(names, ", "))
}

func (m *Meta) param(name string) *ParamSpec {
	for i := range m.Params {
		if m.Params[i].Name == name {
			return &m.Params[i]
		}
	}
	return nil
}

// validate returns a message when v is not a valid value, or "".
func (p *ParamSpec) validate(v string) string {
	switch p.Type {
	case ParamInt:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return fmt.Sprintf("%q is not an integer", v)
		}
		if p.Min != nil && n < *p.Min {
			return fmt.Sprintf("%d is below the minimum %d", n, *p.Min)
		}
		if p.Max != nil && n > *p.Max {
			return fmt.Sprintf("%d is above the maximum %d", n, *p.Max)
		}
	case ParamBool:
		if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
			return fmt.Sprintf("%q is not a boolean (true or false)", v)
		}
	case ParamList:
		if len(splitList(v)) == 0 {
			return fmt.Sprintf("%q is empty; give a comma-separated list", v)
		}
	case ParamString:
		if strings.TrimSpace(v) == "" {
			return "must not be empty"
		}
	}
	return ""
}
