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
	"slices"
	"sort"
	"sync"
)

// registry holds every check, filled by the init function of each check's file.
var registry = map[string]*Check{}

// register adds a check. It panics on a duplicate id or a check with no Run: both are
// programming errors caught by any test run.
func register(c *Check) {
	if c.ID == "" || c.Run == nil {
		panic(fmt.Sprintf("checks: incomplete check %q", c.ID))
	}
	if _, dup := registry[c.ID]; dup {
		panic(fmt.Sprintf("checks: duplicate check id %q", c.ID))
	}
	registry[c.ID] = c
}

// Lookup returns the check with an id.
func Lookup(id string) (*Check, bool) {
	c, ok := registry[id]
	return c, ok
}

// All returns every check in catalogue order (the order of the profile table). The slice is the
// caller's; the checks are shared.
func All() []*Check { return slices.Clone(catalogueOrder()) }

// catalogueOrder sorts the registry once: every check registers itself at init, before any
// caller can ask, and Resolve asks on every evaluation.
var catalogueOrder = sync.OnceValue(func() []*Check {
	out := make([]*Check, 0, len(registry))
	for _, c := range registry {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		oi, oj := catalogueIndex(out[i].ID), catalogueIndex(out[j].ID)
		if oi != oj {
			return oi < oj
		}
		return out[i].ID < out[j].ID
	})
	return out
})

// IDs returns every check id in catalogue order.
func IDs() []string {
	all := All()
	ids := make([]string, len(all))
	for i, c := range all {
		ids[i] = c.ID
	}
	return ids
}
