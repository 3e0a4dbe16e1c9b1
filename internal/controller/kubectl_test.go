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

package controller

import (
	"context"
	"io"
	"strings"
	"testing"

	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/prodready/prodready/api/v1alpha1"
)

// `kubectl get readiness` (real kubectl against the envtest API server) shows the columns
// Target, Ready, Reason, Passed, Promotable, Age; `-o wide` adds Profile and Message; the short
// name prr and the category prodready resolve.
func TestKubectlGetReadiness(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, badDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
	markRolledOut(t, ns, "shop")
	expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")

	user, err := testEnv.AddUser(envtest.User{Name: "kubectl-user", Groups: []string{"system:masters"}}, cfg)
	g.Expect(err).NotTo(HaveOccurred())
	kc, err := user.Kubectl()
	g.Expect(err).NotTo(HaveOccurred())
	kubectl := func(args ...string) string {
		stdout, stderr, err := kc.Run(args...)
		out, _ := io.ReadAll(stdout)
		errOut, _ := io.ReadAll(stderr)
		g.Expect(err).NotTo(HaveOccurred(), "kubectl %v: %s", args, errOut)
		return string(out)
	}
	out := kubectl("get", "readiness", "-n", ns)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	g.Expect(lines).To(HaveLen(2), out)
	g.Expect(strings.Fields(lines[0])).To(Equal([]string{"NAME", "TARGET", "READY", "REASON", "PASSED", "PROMOTABLE", "AGE"}))
	row := strings.Fields(lines[1])
	g.Expect(row[:4]).To(Equal([]string{"shop", "shop", "False", "ChecksFailed"}))
	g.Expect(row[4]).To(MatchRegexp(`^\d+/\d+$`))
	g.Expect(row[5]).To(Equal("false"))

	wide := kubectl("get", "prr", "-n", ns, "-o", "wide")
	header := strings.Fields(strings.Split(wide, "\n")[0])
	g.Expect(header).To(Equal([]string{"NAME", "TARGET", "READY", "REASON", "PASSED", "PROMOTABLE", "AGE", "PROFILE", "MESSAGE"}))
	g.Expect(wide).To(ContainSubstring("production"))
	g.Expect(wide).To(ContainSubstring("required checks fail"))

	g.Expect(kubectl("get", "prodready", "-n", ns)).To(ContainSubstring("productionreadiness.readiness.prodready.io/shop"))
	g.Expect(kubectl("wait", "--for=condition=Stalled", "-n", ns, "readiness/shop", "--timeout=10s")).To(ContainSubstring("condition met"))
}

// `kubectl get readinesspolicies` shows the profile and the counts: namespaces and workloads
// matched, covered, Ready, not Ready.
func TestKubectlGetReadinessPolicy(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, goodDeployment(ns, "ok"), pdbFor(ns, "ok"), secretFor(ns, "db", "password"), badDeployment(ns, "bad"))
	markRolledOut(t, ns, "ok")
	p := policyFor(ns, func(p *v1alpha1.ReadinessPolicy) { p.Spec.Generate = true })
	createPolicy(t, p)
	eventually(g, func(g Gomega) { g.Expect(policyCounts(g, p.Name)).To(Equal([]int32{1, 2, 2, 2, 1, 1})) }).Should(Succeed())

	user, err := testEnv.AddUser(envtest.User{Name: "kubectl-policy-user", Groups: []string{"system:masters"}}, cfg)
	g.Expect(err).NotTo(HaveOccurred())
	kc, err := user.Kubectl()
	g.Expect(err).NotTo(HaveOccurred())
	stdout, stderr, err := kc.Run("get", "rpolicy", p.Name)
	out, _ := io.ReadAll(stdout)
	errOut, _ := io.ReadAll(stderr)
	g.Expect(err).NotTo(HaveOccurred(), "%s", errOut)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	g.Expect(lines).To(HaveLen(2), string(out))
	g.Expect(strings.Fields(lines[0])).To(Equal([]string{"NAME", "PROFILE", "NAMESPACES", "WORKLOADS", "COVERED", "READY", "NOT", "READY", "AGE"}))
	g.Expect(strings.Fields(lines[1])[:7]).To(Equal([]string{p.Name, "production", "1", "2", "2", "1", "1"}))

	// The failing checks of the one failing workload, counted once each, bounded and sorted.
	got := &v1alpha1.ReadinessPolicy{}
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Name: p.Name}, got)).To(Succeed())
	g.Expect(got.Status.FailingChecks).To(ContainElement(v1alpha1.FailingCheck{ID: "probe-readiness", Count: 1}))
	g.Expect(len(got.Status.FailingChecks)).To(BeNumerically("<=", MaxFailingChecks))
	for _, f := range got.Status.FailingChecks {
		g.Expect(f.Count).To(Equal(int32(1)))
	}
}
