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

import "fmt"

// maxListed is how many items a per-item list in a message names before it counts the rest.
const maxListed = 8

// quoteListMax is quoteList for lists that can be long: it names the first maxListed items and
// counts the rest ("a", "b", … and 4 more), so a long list is summarised before the message
// bound cuts it.
func quoteListMax(names []string) string {
	if len(names) <= maxListed {
		return quoteList(names)
	}
	return fmt.Sprintf("%s and %d more", quoteList(names[:maxListed]), len(names)-maxListed)
}

// everyOne names n things as the subject of a singular verb: "the container" for one, "every
// container (3)" for more.
func everyOne(n int, noun string) string {
	if n == 1 {
		return "the " + noun
	}
	return fmt.Sprintf("every %s (%d)", noun, n)
}

// LabelSetText renders a label set as messages do everywhere ({a: b, c: d}); the CLI's reports
// on related objects use it too.
func LabelSetText(set map[string]string) string { return labelSetText(set) }
