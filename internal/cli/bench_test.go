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
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gencorpus writes a corpus with hack/gencorpus (the generator of the figures in docs/cli.md).
func gencorpus(b *testing.B, args ...string) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "corpus.yaml")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	cmd := exec.Command("go", append([]string{"run", "../../hack/gencorpus"}, args...)...)
	cmd.Stdout, cmd.Stderr = f, os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("gencorpus %s: %v", strings.Join(args, " "), err)
	}
	return path
}

// BenchmarkCheck runs `check` in-process on generated corpora, writing the report to
// io.Discard: Deployments spread over namespaces (no related objects) in every format, and
// Deployments with a Service each in one namespace (the case where related objects are many).
//
//	go test ./internal/cli -run '^$' -bench Check -benchmem
//
// Figures at fleet scale (100k Deployments) are measured on the binary, see docs/cli.md.
func BenchmarkCheck(b *testing.B) {
	spread := []string{"-namespaces", "10", "-workloads", "100"}
	oneNS := []string{"-namespaces", "1", "-workloads", "500", "-services"}
	cases := []struct {
		name   string
		corpus []string
		format string
	}{
		{"spread-1000/json", spread, formatJSON},
		{"spread-1000/table", spread, formatTable},
		{"spread-1000/yaml", spread, formatYAML},
		{"spread-1000/sarif", spread, formatSARIF},
		{"spread-1000/junit", spread, formatJUnit},
		{"one-namespace-500+500-services/json", oneNS, formatJSON},
	}
	// Generated once, in the parent's temporary directory (a sub-benchmark's is removed when it
	// ends).
	corpora := map[string]string{}
	for _, tc := range cases {
		if key := fmt.Sprint(tc.corpus); corpora[key] == "" {
			corpora[key] = gencorpus(b, tc.corpus...)
		}
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			path := corpora[fmt.Sprint(tc.corpus)]
			workloads := 0
			b.ResetTimer()
			for b.Loop() {
				env := &Env{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Now: func() time.Time { return fixedNow }, Binary: "prodready",
					afterWorkload: func(n int) { workloads = n }}
				if code := Run(context.Background(), env, []string{"check", "-f", path, "-o", tc.format}); code != ExitFailed {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(workloads), "ns/workload")
		})
	}
}
