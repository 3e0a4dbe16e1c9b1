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

// renderReport writes a check report in a format.
func renderReport(w io.Writer, format string, rep *Report, o renderOptions) error {
	switch format {
	case formatJSON:
		return writeJSON(w, rep)
	case formatYAML:
		return writeYAML(w, rep)
	case formatSARIF:
		return writeJSON(w, toSARIF(rep))
	case formatJUnit:
		return writeJUnit(w, rep)
	}
	return renderTable(w, rep, o)
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
