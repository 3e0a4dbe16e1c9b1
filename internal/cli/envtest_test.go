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
	"os"
	"path/filepath"
	"sync"
	"testing"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/prodready/prodready/internal/testenv"
)

// The cluster tests run against a real kube-apiserver and etcd (envtest), started once on first
// use and stopped by TestMain; no controller runs, so the tests write status themselves.

// envtestContext is the kubeconfig context of the test API server. The kubeconfig's current
// context points at an unreachable server, so only --context envtestContext reaches it.
const envtestContext = "envtest"

var (
	envOnce    sync.Once
	envErr     error
	testEnv    *envtest.Environment
	k8sClient  client.Client
	kubeconfig string
	kubeDir    string
)

// startEnvtest returns a client of the test API server and a kubeconfig file for the CLI.
func startEnvtest(t *testing.T) (client.Client, string) {
	t.Helper()
	envOnce.Do(func() { envErr = bootEnvtest() })
	if envErr != nil {
		t.Fatalf("starting envtest: %v", envErr)
	}
	return k8sClient, kubeconfig
}

func bootEnvtest() error {
	env := &envtest.Environment{}
	cfg, err := testenv.Start(env)
	if err != nil {
		return err
	}
	testEnv = env
	if k8sClient, err = client.New(cfg, client.Options{Scheme: scheme}); err != nil {
		return err
	}
	user, err := testEnv.AddUser(envtest.User{Name: "prodready-cli-test", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return err
	}
	raw, err := user.KubeConfig()
	if err != nil {
		return err
	}
	return writeKubeconfig(raw)
}

// writeKubeconfig writes the envtest kubeconfig with its context renamed envtestContext and a
// current context that points at a closed port.
func writeKubeconfig(raw []byte) error {
	kc, err := clientcmd.Load(raw)
	if err != nil {
		return err
	}
	var ctx *clientcmdapi.Context
	for _, c := range kc.Contexts {
		ctx = c
	}
	if ctx == nil {
		return fmt.Errorf("envtest kubeconfig has no context")
	}
	ctx.Namespace = "default"
	kc.Contexts = map[string]*clientcmdapi.Context{envtestContext: ctx}
	kc.Clusters["unreachable"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:1"}
	kc.Contexts["unreachable"] = &clientcmdapi.Context{Cluster: "unreachable", AuthInfo: ctx.AuthInfo}
	kc.CurrentContext = "unreachable"
	if kubeDir, err = os.MkdirTemp("", "cli-envtest-"); err != nil {
		return err
	}
	kubeconfig = filepath.Join(kubeDir, "kubeconfig")
	return clientcmd.WriteToFile(*kc, kubeconfig)
}

// stopEnvtest stops the API server if a test started it (testenv.Start stops one that failed to
// start) and removes the kubeconfig.
func stopEnvtest() {
	if testEnv != nil {
		_ = testEnv.Stop()
	}
	if kubeDir != "" {
		_ = os.RemoveAll(kubeDir)
	}
}
