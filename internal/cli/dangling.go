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

	"github.com/prodready/prodready/internal/snapshot"
)

// failOnDangling is the --fail-on value that makes dangling related objects change the exit
// code; it combines with the others (--fail-on advisory,dangling).
const failOnDangling = "dangling"

// DanglingObject is a related object of the input that targets or selects none of its
// workloads (an HPA whose scaleTargetRef names no workload, a Service, PodDisruptionBudget or
// NetworkPolicy that selects no pods). It is a warning: it changes the exit code only with
// --fail-on dangling.
type DanglingObject struct {
	Kind      string   `json:"kind"`
	Namespace string   `json:"namespace"`
	Name      string   `json:"name"`
	Source    Location `json:"source"`
	// Message says what the object names or selects that the input does not have.
	Message string `json:"message"`
}

// String is "Kind namespace/name".
func (d DanglingObject) String() string { return d.Kind + " " + d.Namespace + "/" + d.Name }

// danglingOf lists the dangling related objects of the input.
func danglingOf(set *snapshot.Manifests) []DanglingObject {
	out := []DanglingObject{}
	for _, d := range set.Dangling() {
		out = append(out, DanglingObject{Kind: d.Kind, Namespace: d.Namespace, Name: d.Name,
			Source: Location{File: d.Source.File, Line: d.Source.Line}, Message: d.Reason})
	}
	return out
}

// danglingLine is the table's line for a dangling object.
func (p *printer) dangling(rep *Report) {
	if len(rep.Dangling) == 0 {
		return
	}
	p.printf("\n%s %s\n", p.style("!", styleYellow), p.style(fmt.Sprintf("%s of the input relate to no workload of the input:",
		count(len(rep.Dangling), "related object")), styleBold))
	for _, d := range rep.Dangling {
		p.printf("    %s  %s: %s · %s:%d\n", p.style("DANGLING", styleYellow), escapeControl(d.String()), escapeControl(d.Message), escapeControl(d.Source.File), d.Source.Line)
	}
}
