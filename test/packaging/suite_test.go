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

// Package packaging tests what users install: the kustomize tree (config/), the Helm chart
// (charts/prodready), the samples and the image's binary. Rendered manifests are applied with a
// server-side dry-run to a real API server (envtest), and the chart's own Deployment is
// evaluated with prodready's engine against its strict profile.
//
// helm and kustomize come from hack/tools.sh (installed once into bin/tools), kube-apiserver,
// etcd and kubectl from hack/envtest-assets.sh (or KUBEBUILDER_ASSETS).
package packaging

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/prodready/prodready/internal/testenv"
)

var (
	// repoRoot is the repository's top directory.
	repoRoot string
	// helmBin, kustomizeBin and kubectlBin are the tools' paths.
	helmBin, kustomizeBin, kubectlBin string
	// assetsDir holds kube-apiserver, etcd and kubectl.
	assetsDir string
	// kubeconfig is a cluster-admin kubeconfig of the shared API server.
	kubeconfig string
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// envtest logs through controller-runtime; the tests report failures themselves.
	logf.SetLogger(zap.New(zap.WriteTo(io.Discard)))
	var err error
	if repoRoot, err = testenv.Root(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := locateTools(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	env, kc, err := startAPIServer(
		filepath.Join(repoRoot, "config", "crd", "bases"),
		filepath.Join(repoRoot, "test", "packaging", "testdata", "stub-crds"),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stopAPIServer(env, kc)
	kubeconfig = kc
	return m.Run()
}

// locateTools installs (once) and finds helm, kustomize and the envtest binaries.
func locateTools() error {
	var err error
	if helmBin, err = scriptOutput("hack/tools.sh", "helm"); err != nil {
		return err
	}
	if kustomizeBin, err = scriptOutput("hack/tools.sh", "kustomize"); err != nil {
		return err
	}
	if assetsDir, err = scriptOutput("hack/envtest-assets.sh"); err != nil {
		return err
	}
	kubectlBin = filepath.Join(assetsDir, "kubectl")
	return nil
}

// scriptOutput runs a repository script and returns the last line it printed (a path).
func scriptOutput(script string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(repoRoot, script), args...)
	cmd.Dir = repoRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", script, strings.Join(args, " "), err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1]), nil
}

// startAPIServer starts kube-apiserver and etcd with the CRDs of crdDirs installed and writes a
// cluster-admin kubeconfig for kubectl and helm.
func startAPIServer(crdDirs ...string) (*envtest.Environment, string, error) {
	env := &envtest.Environment{
		CRDDirectoryPaths:     crdDirs,
		ErrorIfCRDPathMissing: true,
		BinaryAssetsDirectory: assetsDir,
	}
	cfg, err := env.Start()
	if err != nil {
		// The processes may be running even when Start fails: always stop them.
		_ = env.Stop()
		return nil, "", fmt.Errorf("starting the API server: %w", err)
	}
	user, err := env.AddUser(envtest.User{Name: "packaging-admin", Groups: []string{"system:masters"}}, cfg)
	if err == nil {
		var kc []byte
		if kc, err = user.KubeConfig(); err == nil {
			var f *os.File
			if f, err = os.CreateTemp("", "packaging-kubeconfig-*"); err == nil {
				_, err = f.Write(kc)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err == nil {
					return env, f.Name(), nil
				}
			}
		}
	}
	_ = env.Stop()
	return nil, "", fmt.Errorf("writing a kubeconfig for the API server: %w", err)
}

func stopAPIServer(env *envtest.Environment, kc string) {
	if err := env.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping the API server:", err)
	}
	_ = os.Remove(kc)
}

// result is the outcome of a command.
type result struct {
	stdout, stderr string
	err            error
}

// run runs a command in the repository root with a time limit.
func run(name string, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = repoRoot
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// mustRun runs a command and fails the test when it fails.
func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	r := run(name, args...)
	if r.err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), r.err, r.stderr)
	}
	return r.stdout
}

// kubectl runs kubectl against the given kubeconfig.
func kubectl(t *testing.T, kc string, args ...string) string {
	t.Helper()
	return mustRun(t, kubectlBin, append([]string{"--kubeconfig", kc}, args...)...)
}
