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
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A directory walk reads regular files and links to regular files inside the directory only:
// a link to /dev/zero, a FIFO and a link leaving the directory are not read (before, the first
// took the CLI to an out-of-memory abort and the FIFO blocked it for ever).
func TestWalkReadsOnlyRegularFilesInside(t *testing.T) {
	dir := t.TempDir()
	outside := writeFile(t, t.TempDir(), "secret.yaml", good("outside"))
	writeFile(t, dir, "a.yaml", good("a"))
	writeFile(t, dir, "real/b.yaml", good("b"))
	writeFile(t, dir, "real/c.txt", good("c")) // read only through the link inside.yaml
	for link, target := range map[string]string{
		"evil.yaml":    "/dev/zero",
		"leaves.yaml":  outside,
		"inside.yaml":  filepath.Join(dir, "real", "c.txt"),
		"dangling.yml": filepath.Join(dir, "nothing.yaml"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan result, 1)
	go func() { done <- runCLI(t, "", "check", "-f", dir, "-o", "json", "--profile", "baseline") }()
	var r result
	select {
	case r = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the walk did not finish (it read a device or FIFO)")
	}
	rep := decodeReport(t, r.stdout)
	var got []string
	for _, res := range rep.Results {
		got = append(got, res.Workload.Name+"@"+filepath.Base(res.Source.File))
	}
	if strings.Join(got, " ") != "a@a.yaml c@inside.yaml b@b.yaml" {
		t.Errorf("read %v; want a.yaml, inside.yaml (a link inside) and real/b.yaml", got)
	}
	var msgs []string
	for _, e := range rep.Errors {
		msgs = append(msgs, filepath.Base(e.File)+": "+e.Message)
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "leaves.yaml: symbolic link points outside") || !strings.Contains(joined, "dangling.yml: symbolic link cannot be resolved") {
		t.Errorf("errors %q: want the link leaving the directory and the dangling one refused", joined)
	}
}

// A file named explicitly is read whatever it is, but an endless line ends it with an error.
func TestExplicitDeviceIsBounded(t *testing.T) {
	r := runCLI(t, "", "check", "-f", "/dev/zero")
	if r.code != ExitError || !strings.Contains(r.stderr, "a line is longer than") {
		t.Errorf("exit %d stderr %q: want exit 2 and the line bound", r.code, r.stderr)
	}
}
