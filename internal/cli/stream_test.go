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
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
)

// generator produces a large manifest stream lazily, document by document, and samples the
// heap while the CLI reads it.
type generator struct {
	docs    int
	next    int
	payload string
	pending strings.Reader
	tail    string
	reads   int
	maxHeap uint64
}

func (g *generator) Read(p []byte) (int, error) {
	g.reads++
	if g.reads%8 == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		g.maxHeap = max(g.maxHeap, ms.HeapAlloc)
	}
	for g.pending.Len() == 0 {
		switch {
		case g.next < g.docs:
			g.pending.Reset(g.document(g.next))
			g.next++
		case g.tail != "":
			g.pending.Reset(g.tail)
			g.tail = ""
		default:
			return 0, io.EOF
		}
	}
	return g.pending.Read(p)
}

// document alternates kinds prodready drops with Secrets whose values it drops.
func (g *generator) document(i int) string {
	if i%2 == 0 {
		return fmt.Sprintf("---\napiVersion: example.com/v1\nkind: Blob\nmetadata: {name: blob-%d}\nspec:\n  data: %s\n", i, g.payload)
	}
	return fmt.Sprintf("---\napiVersion: v1\nkind: Secret\nmetadata: {name: secret-%d}\nstringData:\n  key: %s\n", i, g.payload)
}

// TestLargeInputStreams feeds about 96 MiB through standard input and asserts the heap stays
// far below the input's size: documents are decoded one at a time and only what prodready
// reads (here Secrets' key names and the workload) is kept.
func TestLargeInputStreams(t *testing.T) {
	const docSize, docs = 256 << 10, 384
	workload := strings.Replace(good("web"), "        resources:", "        env:\n        - name: K\n          valueFrom:\n            secretKeyRef: {name: secret-383, key: key}\n        resources:", 1)
	g := &generator{docs: docs, payload: strings.Repeat("x", docSize), tail: "---\n" + workload}
	runtime.GC()
	r := runWith(t, runOpts{stdin: g}, "check", "-f", "-", "-o", "json", "--profile", "baseline")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if got := checkResult(t, r.stdout, "web", "secrets-refs-exist"); got.Result != v1alpha1.ResultPass {
		t.Errorf("the Secret read from the stream is found: %+v", got)
	}
	const limit = 48 << 20
	t.Logf("input %d MiB, max heap %d MiB", docs*docSize>>20, g.maxHeap>>20)
	if g.maxHeap > limit {
		t.Errorf("max heap %d MiB while reading %d MiB: the input is not streamed", g.maxHeap>>20, docs*docSize>>20)
	}
}
