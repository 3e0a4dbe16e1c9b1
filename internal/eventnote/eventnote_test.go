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

package eventnote

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/testenv"
)

func TestTruncate(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"short", "ok"},
		{"exactly the limit", strings.Repeat("a", MaxNoteBytes)},
		{"one byte over", strings.Repeat("a", MaxNoteBytes+1)},
		{"multi-byte at the cut", strings.Repeat("a", MaxNoteBytes-4) + strings.Repeat("é✓", 100)},
		{"long", strings.Repeat("check failed; ", 1000)},
	}
	for _, tc := range cases {
		got := Truncate(tc.in)
		switch {
		case len(got) > MaxNoteBytes:
			t.Errorf("%s: %d bytes, want at most %d", tc.name, len(got), MaxNoteBytes)
		case !utf8.ValidString(got):
			t.Errorf("%s: not valid UTF-8 after truncation", tc.name)
		case len(tc.in) <= MaxNoteBytes && got != tc.in:
			t.Errorf("%s: a note that fits was changed", tc.name)
		case len(tc.in) > MaxNoteBytes && (!strings.HasSuffix(got, checks.TruncationMark) || !strings.HasPrefix(tc.in, strings.TrimSuffix(got, checks.TruncationMark)) || len(got) < MaxNoteBytes-utf8.UTFMax):
			t.Errorf("%s: %q is not the longest prefix with the truncation mark", tc.name, got)
		}
	}
}

// On a real API server: a note of 5 kB through the recorder arrives, truncated to 1 kB (the
// API server refuses the Event otherwise, and the verdict change would leave no Event).
func TestRecorderEventAccepted(t *testing.T) {
	env := &envtest.Environment{}
	cfg, err := testenv.Start(env)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = env.Stop() }()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cm, err := cs.CoreV1().ConfigMaps("default").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "target"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	broadcaster := events.NewBroadcaster(&events.EventSinkImpl{Interface: cs.EventsV1()})
	if err := broadcaster.StartRecordingToSinkWithContext(ctx); err != nil {
		t.Fatal(err)
	}
	defer broadcaster.Shutdown()
	base := broadcaster.NewRecorder(testenv.Scheme(), "prodready-test")
	rec := NewRecorder(&both{base})
	long := strings.Repeat("x", 5000)
	rec.Eventf(cm, nil, corev1.EventTypeNormal, "Test", "Long", "note: %s", long)

	deadline := time.Now().Add(30 * time.Second)
	for {
		list, err := cs.EventsV1().Events("default").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if e := find(list.Items, "Long"); e != nil {
			if len(e.Note) > MaxNoteBytes || !strings.HasPrefix(e.Note, "note: xxx") || !strings.HasSuffix(e.Note, checks.TruncationMark) {
				t.Errorf("note of %d bytes: %.40q...", len(e.Note), e.Note)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the Event never arrived")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func find(items []eventsv1.Event, action string) *eventsv1.Event {
	for i := range items {
		if items[i].Action == action {
			return &items[i]
		}
	}
	return nil
}

// both adds AnnotatedEventf to a client-go recorder (controller-runtime's recorder has both).
type both struct{ events.EventRecorder }

func (b *both) AnnotatedEventf(regarding, related runtime.Object, _ map[string]string, eventtype, reason, action, note string, args ...any) {
	b.Eventf(regarding, related, eventtype, reason, action, note, args...)
}
