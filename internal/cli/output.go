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
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"sigs.k8s.io/yaml"
)

// Output formats.
const (
	formatTable    = "table"
	formatJSON     = "json"
	formatYAML     = "yaml"
	formatSARIF    = "sarif"
	formatJUnit    = "junit"
	formatText     = "text"
	formatMarkdown = "markdown"
)

var checkFormats = []string{formatTable, formatJSON, formatYAML, formatSARIF, formatJUnit}

// renderOptions tune the human formats.
type renderOptions struct {
	color   bool
	verbose bool
}

// writeJSON writes indented JSON without HTML escaping (messages hold < and > literally).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding JSON: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// writeYAML writes the JSON document as YAML (same field names).
func writeYAML(w io.Writer, v any) error {
	b, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding YAML: %w", err)
	}
	_, err = w.Write(b)
	return err
}

// yamlWriter streams the YAML document. sigs.k8s.io/yaml sorts keys, so results come last:
// each result is written to a spool as it is produced ("- " items of the results sequence,
// which YAML does not indent under its key) and copied after the other fields.
type yamlWriter struct {
	w     io.Writer
	items *spool
	n     int
}

// yamlHead is what the YAML document holds before its results (sorted keys).
type yamlHead struct {
	Errors   []InputError     `json:"errors"`
	Fleet    []GroupSummary   `json:"fleet,omitempty"`
	Dangling []DanglingObject `json:"dangling,omitempty"`
}

func (y *yamlWriter) result(_ *Report, r *Result) error {
	b, err := yaml.Marshal([]*Result{r})
	if err != nil {
		return fmt.Errorf("encoding YAML: %w", err)
	}
	if y.items == nil {
		y.items = newSpool()
	}
	y.n++
	_, err = y.items.Write(b)
	return err
}

func (y *yamlWriter) close(rep *Report) error {
	b, err := yaml.Marshal(yamlHead{Errors: rep.Errors, Fleet: rep.Fleet, Dangling: rep.Dangling})
	if err != nil {
		return fmt.Errorf("encoding YAML: %w", err)
	}
	if y.n == 0 {
		b = append(b, "results: []\n"...)
		_, err = y.w.Write(b)
		return err
	}
	b = append(b, "results:\n"...)
	if _, err := y.w.Write(b); err != nil {
		return err
	}
	return y.items.copyTo(y.w)
}

func (y *yamlWriter) discard() { y.items.discard() }
