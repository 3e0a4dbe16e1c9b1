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

package admissionpolicy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// The suite: envtest with the policies of config/admission-policy installed as they are
// shipped, except that the break-glass variables name the group breakGlassGroup (what the
// kustomize patch of docs/install.md does). Every user is in system:masters, so RBAC allows
// everything and only the policies can refuse:
//
//   - operator: the operator's ServiceAccount username as config/default installs it;
//   - alice: another cluster admin;
//   - carol: a cluster admin in the break-glass group.

const (
	operatorUser    = "system:serviceaccount:prodready-system:prodready-controller-manager"
	breakGlassGroup = "prodready:break-glass"
)

var (
	testEnv   *envtest.Environment
	cfg       *rest.Config
	manifests *Manifests
	operator  client.Client
	alice     client.Client
	carol     client.Client
	ctx       = context.Background()
	scheme    = testenv.Scheme()
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	root, err := testenv.Root()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if manifests, err = Load(root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// A stub of the Argo Rollouts CRD, so Rollouts are guarded like the built-in kinds.
	testEnv = &envtest.Environment{CRDDirectoryPaths: []string{filepath.Join("testdata", "crds")}}
	if cfg, err = testenv.Start(testEnv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = testEnv.Stop() }()
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

func setup() error {
	users := map[string]*client.Client{operatorUser: &operator, "alice": &alice, "carol": &carol}
	for name, c := range users {
		groups := []string{"system:masters"}
		if name == "carol" {
			groups = append(groups, breakGlassGroup)
		}
		u, err := testEnv.AddUser(envtest.User{Name: name, Groups: groups}, cfg)
		if err != nil {
			return err
		}
		if *c, err = client.New(u.Config(), client.Options{Scheme: scheme}); err != nil {
			return err
		}
	}
	admin, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return err
	}
	for _, p := range manifests.Policies {
		p = p.DeepCopy()
		for i, v := range p.Spec.Variables {
			if v.Name == "breakGlassGroups" {
				p.Spec.Variables[i].Expression = fmt.Sprintf("[%q]", breakGlassGroup)
			}
		}
		if err := admin.Create(ctx, p); err != nil {
			return fmt.Errorf("creating ValidatingAdmissionPolicy %s: %w", p.Name, err)
		}
	}
	for _, b := range manifests.Bindings {
		if err := admin.Create(ctx, b.DeepCopy()); err != nil {
			return fmt.Errorf("creating ValidatingAdmissionPolicyBinding %s: %w", b.Name, err)
		}
	}
	return waitForPolicies(admin)
}

// waitForPolicies waits until the API server enforces both policies (a policy takes effect
// asynchronously). envtest runs no controller-manager, so the policies' status.typeChecking is
// never written; a policy that does not compile refuses everything (failurePolicy Fail), which
// the tests would show.
func waitForPolicies(admin client.Client) error {
	ns, err := testenv.Namespace(ctx, admin)
	if err != nil {
		return err
	}
	var last string
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		probe := deployment(ns, "probe")
		probe.Labels[v1alpha1.PromotableLabel] = "true"
		if err := alice.Create(ctx, probe); err == nil {
			_ = admin.Delete(ctx, probe)
			last = "the label policy is not enforced yet"
			return false, nil
		}
		probe = deployment(ns, "probe-operator")
		if err := operator.Create(ctx, probe); err == nil {
			_ = admin.Delete(ctx, probe)
			last = "the operator scope policy is not enforced yet"
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for the policies (%s): %w", last, err)
	}
	return nil
}

func deployment(ns, name string) *appsv1.Deployment {
	d := testenv.GoodDeployment(ns, name)
	return d
}

func isForbidden(err error) bool { return err != nil && apierrors.IsForbidden(err) }
