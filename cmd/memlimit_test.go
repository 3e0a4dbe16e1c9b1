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

package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestApplyMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // restore the limit the test started with
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v2 := write("memory.max", "536870912\n")
	unlimited := write("memory.max.unlimited", "max\n")
	v1unlimited := write("limit_in_bytes", "9223372036854771712\n")
	for _, tc := range []struct {
		name   string
		files  []string
		ratio  float64
		envSet bool
		want   int64
	}{
		{"cgroup v2 limit", []string{v2}, 0.9, false, 483183820},
		{"first readable file wins", []string{filepath.Join(dir, "missing"), v2}, 0.5, false, 268435456},
		{"no limit", []string{unlimited}, 0.9, false, 0},
		{"cgroup v1 without a limit", []string{v1unlimited}, 0.9, false, 0},
		{"no cgroup files", []string{filepath.Join(dir, "missing")}, 0.9, false, 0},
		{"disabled", []string{v2}, 0, false, 0},
		{"GOMEMLIMIT set by the user", []string{v2}, 0.9, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.envSet {
				t.Setenv("GOMEMLIMIT", "100MiB")
			}
			debug.SetMemoryLimit(1 << 62)
			if got := applyMemoryLimit(tc.ratio, tc.files); got != tc.want {
				t.Fatalf("applyMemoryLimit = %d, want %d", got, tc.want)
			}
			if got := debug.SetMemoryLimit(-1); tc.want != 0 && got != tc.want {
				t.Errorf("runtime limit %d, want %d", got, tc.want)
			} else if tc.want == 0 && got != 1<<62 {
				t.Errorf("runtime limit changed to %d", got)
			}
		})
	}
}
