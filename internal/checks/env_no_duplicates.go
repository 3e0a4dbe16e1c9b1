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
	"strings"
)

func init() { register(&envNoDuplicates) }

var envNoDuplicates = Check{
	Meta: Meta{
		ID:       "env-no-duplicates",
		Title:    "Containers set each environment variable once",
		Category: CategoryConfig,
		Description: "No container, native sidecar or init container lists the same name twice in its `env`. " +
			"Overlap between `env` and `envFrom`, or between several `envFrom` sources, is not checked. " +
			"Skip when no container sets `env`.",
		Rationale: "When a name appears twice in `env`, the later entry silently wins: the earlier value, often the one " +
			"a reviewer reads or a patch edits, never reaches the process. Duplicates typically come from Kustomize " +
			"patches or Helm templates appending a variable that the base already sets, and they turn a configuration " +
			"change into a no-op that nobody notices.",
		Remediation: "Keep a single entry per name in each container's `env`, and remove or merge the others; " +
			"when a patch must override a base value, replace the entry instead of appending one.",
	},
	Run: runEnvNoDuplicates,
}

func runEnvNoDuplicates(s *Snapshot, _ Params) Outcome {
	var f Findings
	withEnv := 0
	for _, c := range s.Workload.AllContainers() {
		if len(c.Env) == 0 {
			continue
		}
		withEnv++
		positions := map[string][]int{}
		var order []string
		for i, e := range c.Env {
			if e.Name == "" {
				continue
			}
			if _, seen := positions[e.Name]; !seen {
				order = append(order, e.Name)
			}
			positions[e.Name] = append(positions[e.Name], i)
		}
		for _, name := range order {
			if idx := positions[name]; len(idx) > 1 {
				f.Add(c.Name, "%s sets env %q %d times (%s); only the last one takes effect, keep one",
					c.Describe(), name, len(idx), envIndexes(idx))
			}
		}
	}
	if withEnv == 0 {
		return Skip("no container sets env")
	}
	return f.Result("no duplicate env names in %d %s", withEnv, plural(withEnv, "container"))
}

// envIndexes renders positions as "env[0], env[3]".
func envIndexes(idx []int) string {
	parts := make([]string, len(idx))
	for i, n := range idx {
		parts[i] = fmt.Sprintf("env[%d]", n)
	}
	return strings.Join(parts, ", ")
}
