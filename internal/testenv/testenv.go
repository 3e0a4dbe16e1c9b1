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

// Package testenv is test support shared by the envtest suites: it finds the API server
// binaries, starts envtest with the project's CRDs, and builds the objects tests use. Only
// tests import it.
package testenv

import (
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Root returns the repository root (the directory holding go.mod), found from the working
// directory of the test.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Assets returns the directory holding kube-apiserver, etcd and kubectl: KUBEBUILDER_ASSETS,
// else the project's cache under bin/k8s.
func Assets() (string, error) {
	if dir := os.Getenv("KUBEBUILDER_ASSETS"); dir != "" {
		return dir, nil
	}
	root, err := Root()
	if err != nil {
		return "", err
	}
	matches, _ := filepath.Glob(filepath.Join(root, "bin", "k8s", "*", "kube-apiserver"))
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	return "", fmt.Errorf("envtest needs kube-apiserver and etcd: run `make test` (it provides them through hack/envtest-assets.sh) or set KUBEBUILDER_ASSETS")
}

// Scheme returns a scheme with the Kubernetes types and prodready's API.
func Scheme() *runtime.Scheme {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		panic(err)
	}
	if err := v1alpha1.AddToScheme(s); err != nil {
		panic(err)
	}
	return s
}

// Start starts an envtest API server with the project's CRDs. env may preset fields (webhook
// install options, extra CRD paths); CRDs, binaries and the scheme are filled in. On error the
// environment is already stopped (an API server left running ignores SIGTERM once etcd is gone).
func Start(env *envtest.Environment) (*rest.Config, error) {
	root, err := Root()
	if err != nil {
		return nil, err
	}
	assets, err := Assets()
	if err != nil {
		return nil, err
	}
	env.CRDDirectoryPaths = append([]string{filepath.Join(root, "config", "crd", "bases")}, env.CRDDirectoryPaths...)
	env.ErrorIfCRDPathMissing = true
	env.BinaryAssetsDirectory = assets
	if env.Scheme == nil {
		env.Scheme = Scheme()
	}
	cfg, err := env.Start()
	if err != nil {
		_ = env.Stop()
		return nil, fmt.Errorf("starting envtest: %w", err)
	}
	return cfg, nil
}
