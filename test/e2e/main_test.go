//go:build e2e

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

// Package e2e runs prodready end to end on a real local cluster: kube-apiserver,
// kube-controller-manager and kube-scheduler v1.37.0 with etcd and kwok's fake nodes
// (hack/kwok-cluster.sh), the manager binary built from ./cmd and run as users run it, and real
// rollouts driven by the Deployment, StatefulSet and DaemonSet controllers.
//
// Run with `make test-e2e` (part of `make test`). PRODREADY_E2E_KUBECONFIG reuses a running
// cluster; PRODREADY_E2E_KEEP=1 keeps the cluster afterwards.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/internal/testenv"
)

const clusterName = "prodready-e2e"

var (
	root       string
	kubeconfig string
	kubectlBin string
	k8s        client.WithWatch
	managerLog = &bytes.Buffer{}
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	var err error
	if root, err = testenv.Root(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	kubeconfig = os.Getenv("PRODREADY_E2E_KUBECONFIG")
	if kubeconfig == "" {
		out, err := script("hack/kwok-cluster.sh", "up", clusterName)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bringing up the kwok cluster:", err)
			return 1
		}
		kubeconfig = strings.TrimSpace(lastLine(out))
		if os.Getenv("PRODREADY_E2E_KEEP") == "" {
			defer func() { _, _ = script("hack/kwok-cluster.sh", "down", clusterName) }()
		}
	}
	bin, err := script("hack/k8s-binaries.sh", "kubectl")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	kubectlBin = filepath.Join(strings.TrimSpace(lastLine(bin)), "kubectl")

	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if k8s, err = client.NewWithWatch(cfg, client.Options{Scheme: testenv.Scheme()}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if out, err := kubectl("apply", "--server-side", "-f", filepath.Join(root, "config", "crd", "bases")); err != nil {
		fmt.Fprintln(os.Stderr, "installing CRDs:", err, out)
		return 1
	}
	stop, err := startManager()
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the manager:", err)
		fmt.Fprintln(os.Stderr, managerLog.String())
		return 1
	}
	code := m.Run()
	stop()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "--- manager log ---\n%s\n", managerLog.String())
	}
	return code
}

// startManager builds ./cmd and runs it against the cluster, as `make run` does.
func startManager() (func(), error) {
	dir, err := os.MkdirTemp("", "prodready-e2e-")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "manager")
	build := exec.Command("go", "build", "-o", bin, "./cmd")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %w: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	// The workload admission webhook, served here with a certificate for 127.0.0.1 and
	// registered with the kwok API server (which runs on this machine too).
	webhookPort, err := freePort()
	if err != nil {
		return nil, err
	}
	certDir := filepath.Join(dir, "certs")
	if err := os.MkdirAll(certDir, 0o700); err != nil {
		return nil, err
	}
	ca, err := webhookServing(certDir)
	if err != nil {
		return nil, err
	}
	if err := registerWorkloadWebhook(webhookPort, ca); err != nil {
		return nil, fmt.Errorf("registering the workload webhook: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--kubeconfig", kubeconfig, "--metrics-bind-address", "0",
		"--health-probe-bind-address", fmt.Sprintf("127.0.0.1:%d", port), "--target-grace-period", "5s", "--zap-log-level", "info",
		"--enable-webhooks", "--webhook-cert-mode=external", "--webhook-cert-dir", certDir, "--webhook-port", fmt.Sprint(webhookPort),
		"--webhook-configuration-name", e2eWebhookConfig)
	cmd.Stdout, cmd.Stderr = managerLog, managerLog
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	stop := func() {
		cancel()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port)) //nolint:noctx // a local probe
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return stop, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	stop()
	return nil, fmt.Errorf("manager not ready within 60s")
}

func script(path string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(root, path), args...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	return out.String(), err
}

func kubectl(args ...string) (string, error) {
	cmd := exec.Command(kubectlBin, append([]string{"--kubeconfig", kubeconfig}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
