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

// Package eventnote keeps Event notes within the API server's limit: events.k8s.io/v1 refuses an
// Event whose note is longer than 1 kB, so a long message (a verdict listing many failing
// checks) would otherwise be lost altogether.
package eventnote

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/recorder"

	"github.com/prodready/prodready/internal/checks"
)

// MaxNoteBytes is the longest note the API server accepts.
const MaxNoteBytes = 1024

// Truncate returns s when it fits in MaxNoteBytes, else cut to fit by the rule every message
// follows (checks.Truncate: whole UTF-8 characters, then checks.TruncationMark).
func Truncate(s string) string { return checks.Truncate(s, MaxNoteBytes) }

// NewRecorder wraps a recorder so every note is formatted, then truncated to MaxNoteBytes.
func NewRecorder(next recorder.EventRecorder) recorder.EventRecorder {
	return &truncating{next: next}
}

type truncating struct{ next recorder.EventRecorder }

// Eventf implements events.EventRecorder.
func (t *truncating) Eventf(regarding, related runtime.Object, eventtype, reason, action, note string, args ...any) {
	t.next.Eventf(regarding, related, eventtype, reason, action, "%s", Truncate(fmt.Sprintf(note, args...)))
}

// AnnotatedEventf implements events.AnnotatedEventRecorder.
func (t *truncating) AnnotatedEventf(regarding, related runtime.Object, annotations map[string]string, eventtype, reason, action, note string, args ...any) {
	t.next.AnnotatedEventf(regarding, related, annotations, eventtype, reason, action, "%s", Truncate(fmt.Sprintf(note, args...)))
}
