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

package customcheck

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prodready/prodready/internal/checks"
)

// A rule's message is put on one line and bounded by the rule every message follows.
func TestClip(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{name: "short", in: "container \"api\"  has\n no probe", want: "container \"api\" has no probe"},
		{name: "at the bound", in: strings.Repeat("a", maxMessageLength), want: strings.Repeat("a", maxMessageLength)},
	} {
		if got := clip(tc.in); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// Long, with multi-byte characters across the cut.
	long := strings.Repeat("é", maxMessageLength)
	got := clip(long)
	if len(got) > maxMessageLength || !utf8.ValidString(got) || !strings.HasSuffix(got, checks.TruncationMark) ||
		!strings.HasPrefix(long, strings.TrimSuffix(got, checks.TruncationMark)) {
		t.Errorf("long message: %d bytes, valid %v: %q", len(got), utf8.ValidString(got), got)
	}
}
