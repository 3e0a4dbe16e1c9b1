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

package packaging

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	stage int
	cmd   string // upper-case keyword
	args  string
}

// parseDockerfile reads the instructions of a Dockerfile; stage counts FROM lines from 0.
func parseDockerfile(path string) ([]instruction, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		out     []instruction
		buf     strings.Builder
		stage   = -1
		scanner = bufio.NewScanner(f)
	)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if buf.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cont, ok := strings.CutSuffix(line, "\\"); ok {
			buf.WriteString(cont)
			buf.WriteString(" ")
			continue
		}
		buf.WriteString(line)
		full := strings.Join(strings.Fields(buf.String()), " ")
		buf.Reset()
		keyword, args, _ := strings.Cut(full, " ")
		keyword = strings.ToUpper(keyword)
		if keyword == "FROM" {
			stage++
		}
		out = append(out, instruction{stage: stage, cmd: keyword, args: args})
	}
	return out, scanner.Err()
}

// imageBuild is what the Dockerfile's build stage does, read from the Dockerfile.
type imageBuild struct {
	sources []string // COPY sources of the build stage
	command string   // the go build RUN command, without RUN and --mount options
}

var mountOption = regexp.MustCompile(`--mount=\S+\s*`)

func readImageBuild(t *testing.T, instructions []instruction) imageBuild {
	t.Helper()
	var b imageBuild
	for _, in := range instructions {
		if in.stage != 0 {
			continue
		}
		switch {
		case in.cmd == "COPY" && !strings.HasPrefix(in.args, "--from"):
			fields := strings.Fields(in.args)
			b.sources = append(b.sources, fields[:len(fields)-1]...)
		case in.cmd == "RUN" && strings.Contains(in.args, "go build"):
			if !strings.Contains(in.args, "--mount=type=cache,target=/go/pkg/mod") {
				t.Errorf("the build RUN does not mount the module cache: %s", in.args)
			}
			b.command = strings.TrimSpace(mountOption.ReplaceAllString(in.args, ""))
		}
	}
	if b.command == "" || len(b.sources) == 0 {
		t.Fatalf("the Dockerfile's build stage has no COPY or no `RUN ... go build`")
	}
	return b
}

// TestDockerfile checks the Dockerfile's shape: a golang:1.26 builder, a static, trimmed,
// stripped build of ./cmd, and a distroless non-root final stage running /manager.
func TestDockerfile(t *testing.T) {
	ins, err := parseDockerfile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	build := readImageBuild(t, ins)
	for _, want := range []string{"CGO_ENABLED=0", "go build", "-trimpath", `-ldflags "-s -w"`, "-o /manager ./cmd"} {
		if !strings.Contains(build.command, want) {
			t.Errorf("the build command lacks %q: %s", want, build.command)
		}
	}
	var froms []string
	final := map[string]string{}
	for _, in := range ins {
		if in.cmd == "FROM" {
			froms = append(froms, in.args)
		}
		if in.stage == 1 {
			final[in.cmd] = in.args
		}
	}
	if len(froms) != 2 || !strings.Contains(froms[0], "golang:1.26 ") || froms[1] != "gcr.io/distroless/static:nonroot" {
		t.Errorf("stages %q: want a golang:1.26 builder and gcr.io/distroless/static:nonroot", froms)
	}
	for cmd, want := range map[string]string{"USER": "65532:65532", "ENTRYPOINT": `["/manager"]`, "COPY": "--from=builder /manager /manager"} {
		if final[cmd] != want {
			t.Errorf("final stage %s = %q, want %q", cmd, final[cmd], want)
		}
	}
	ignore, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".git", "bin/", "dist/"} {
		if !slices.Contains(strings.Fields(string(ignore)), p) {
			t.Errorf(".dockerignore does not exclude %s", p)
		}
	}
}

// TestImageBinary builds the manager exactly as the image does, outside a container: the
// build stage's COPY sources (less .dockerignore) in a fresh context directory and the
// Dockerfile's own `go build` command. The binary must be static (no ELF interpreter, no
// shared libraries, so it runs on distroless/static), stripped, built with -trimpath and
// CGO_ENABLED=0, identical to what `make build-image-binary` builds, and it must start: --help
// exits 0 and lists every flag the chart and kustomize pass.
func TestImageBinary(t *testing.T) {
	ins, err := parseDockerfile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	build := readImageBuild(t, ins)
	ctxDir := t.TempDir()
	ignores := readDockerignore(t)
	for _, src := range build.sources {
		if err := copyContext(filepath.Join(repoRoot, src), ctxDir, ignores); err != nil {
			t.Fatalf("copying %s into the build context: %v", src, err)
		}
	}
	bin := filepath.Join(t.TempDir(), "manager")
	command := strings.Replace(build.command, "-o /manager ", "-o "+bin+" ", 1)
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir = ctxDir
	cmd.Env = append(os.Environ(), "TARGETOS=linux", "TARGETARCH="+runtime.GOARCH)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
	}

	checkStatic(t, bin)
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	for k, v := range map[string]string{"CGO_ENABLED": "0", "-trimpath": "true", "GOOS": "linux"} {
		if settings[k] != v {
			t.Errorf("build setting %s = %q, want %q", k, settings[k], v)
		}
	}
	if info.Path != "github.com/prodready/prodready/cmd" {
		t.Errorf("the binary is %s, want the manager (./cmd)", info.Path)
	}

	help := exec.Command(bin, "--help")
	var out bytes.Buffer
	help.Stdout, help.Stderr = &out, &out
	if err := help.Run(); err != nil {
		t.Fatalf("manager --help: %v\n%s", err, out.String())
	}
	for _, f := range deployedFlags(t) {
		if !strings.Contains(out.String(), "  -"+f+" ") && !strings.Contains(out.String(), "  -"+f+"\n") {
			t.Errorf("the chart or kustomize passes --%s, which the manager does not define", f)
		}
	}

	makeBin := filepath.Join(t.TempDir(), "manager")
	mustRun(t, "make", "--no-print-directory", "build-image-binary", "IMAGE_BINARY="+makeBin)
	if a, b := fileSHA256(t, bin), fileSHA256(t, makeBin); a != b {
		t.Errorf("make build-image-binary built a different binary (%s) than the Dockerfile's command (%s)", b, a)
	}
}

// checkStatic asserts an ELF binary needs no dynamic loader and no shared library, and is
// stripped of its symbol table (-ldflags -s).
func checkStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has a PT_INTERP program header: it is dynamically linked")
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) > 0 {
		t.Errorf("the binary needs shared libraries (DT_NEEDED): %v", libs)
	}
	if f.Section(".symtab") != nil {
		t.Error("the binary has a symbol table: it was not built with -ldflags -s")
	}
}

// deployedFlags lists the flag names the chart (every feature on) and kustomize pass.
func deployedFlags(t *testing.T) []string {
	t.Helper()
	set := map[string]bool{}
	chart := helmTemplate(t, "prodready-system", append(slices.Clone(allFeatures), "--set", "webhook.promotionLabelWriters[0]=break-glass")...)
	kust := parse(t, "kustomize", mustRun(t, kustomizeBin, "build", "config/default"))
	for _, r := range []rendered{chart, kust} {
		for f := range flagValues(managerContainer(t, r.deployment(t))) {
			set[f] = true
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// readDockerignore returns the .dockerignore patterns (no negations are used).
func readDockerignore(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			t.Fatalf(".dockerignore negation %q is not supported by this test", line)
		}
		out = append(out, strings.TrimSuffix(line, "/"))
	}
	return out
}

// ignored reports whether a context-relative path matches a .dockerignore pattern: the pattern
// matches the path or one of its parent directories; "**/" matches any number of leading
// directories.
func ignored(rel string, patterns []string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range patterns {
		for i := 1; i <= len(parts); i++ {
			prefix := strings.Join(parts[:i], "/")
			if ok, _ := filepath.Match(p, prefix); ok {
				return true
			}
			if rest, found := strings.CutPrefix(p, "**/"); found {
				for j := 0; j < i; j++ {
					if ok, _ := filepath.Match(rest, strings.Join(parts[j:i], "/")); ok {
						return true
					}
				}
			}
		}
	}
	return false
}

// copyContext copies a file or directory of the repository into the context directory at the
// same relative path, skipping what .dockerignore excludes.
func copyContext(src, ctxDir string, patterns []string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repoRoot, path)
		if err != nil {
			return err
		}
		if ignored(filepath.ToSlash(rel), patterns) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		dst := filepath.Join(ctxDir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return errors.New(path + " is not a regular file")
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, raw, 0o644)
	})
}

// TestDockerBuildNeedsAnEngine: without a reachable container engine, `make docker-build` fails
// at once with a message that says so and what to do instead.
func TestDockerBuildNeedsAnEngine(t *testing.T) {
	r := run("make", "--no-print-directory", "docker-build", "CONTAINER_TOOL=/nonexistent/container-engine", "IMG=example.com/x:v1")
	if r.err == nil {
		t.Fatal("make docker-build succeeded without a container engine")
	}
	for _, want := range []string{"no container engine is reachable", "build-image-binary"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("make docker-build's error lacks %q:\n%s", want, r.stderr)
		}
	}
}
