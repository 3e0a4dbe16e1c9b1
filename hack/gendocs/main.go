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

// Command gendocs writes the generated documentation (docs/checks) from the check catalogue.
// Run it from the repository root through `make docs`; `-verify` only compares and fails when a
// file is stale.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/prodready/prodready/internal/docs"
)

func main() {
	verify := flag.Bool("verify", false, "compare instead of writing; exit 1 when a file is stale")
	flag.Parse()
	files := docs.Files()
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	stale := 0
	for _, p := range paths {
		want := []byte(files[p])
		have, err := os.ReadFile(p)
		if err == nil && bytes.Equal(have, want) {
			continue
		}
		if *verify {
			fmt.Fprintf(os.Stderr, "stale: %s (run `make docs`)\n", p)
			stale++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, want, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("wrote", p)
	}
	// Pages of checks that no longer exist are stale too.
	existing, _ := filepath.Glob("docs/checks/*.md")
	for _, p := range existing {
		if _, ok := files[p]; !ok {
			if *verify {
				fmt.Fprintf(os.Stderr, "stale: %s belongs to no check (run `make docs`)\n", p)
				stale++
				continue
			}
			_ = os.Remove(p)
			fmt.Println("removed", p)
		}
	}
	if stale > 0 {
		os.Exit(1)
	}
}
