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
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

const (
	chartDir = "charts/prodready"
	release  = "prodready"
	// testDigest stands for the digest a release pins (the strict profile requires one).
	testDigest = "sha256:4f0a5b8c9d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a"
)

// helmTemplate renders the chart as release "prodready" in a namespace with extra flags.
func helmTemplate(t *testing.T, namespace string, flags ...string) rendered {
	t.Helper()
	args := append([]string{"template", release, chartDir, "--namespace", namespace}, flags...)
	return parse(t, "helm template "+strings.Join(flags, " "), mustRun(t, helmBin, args...))
}

// allFeatures turns on every optional part of the chart.
var allFeatures = []string{
	"--set", "webhook.certManager.enabled=true",
	"--set", "metrics.serviceMonitor.enabled=true",
	"--set", "metrics.grafanaDashboard.enabled=true",
	"--set", "metrics.prometheusRule.enabled=true",
	"--set", "promotionGate.enabled=true",
	"--set", "openReports.enabled=true",
	"--set", "webhook.promotionLabelGuard.enabled=true",
}

func TestHelmLintStrict(t *testing.T) {
	for name, flags := range map[string][]string{
		"defaults":     nil,
		"all features": allFeatures,
		"external certificates": {"--set", "webhook.certMode=external", "--set", "webhook.caBundle=Y2E=",
			"--set", "metrics.secure=false"},
		"minimal": {"--set", "webhook.enabled=false", "--set", "metrics.enabled=false", "--set", "selfCheck.enabled=false",
			"--set", "networkPolicy.enabled=false", "--set", "podDisruptionBudget.enabled=false"},
	} {
		t.Run(name, func(t *testing.T) {
			out := mustRun(t, helmBin, append([]string{"lint", "--strict", chartDir}, flags...)...)
			if !strings.Contains(out, "1 chart(s) linted, 0 chart(s) failed") {
				t.Errorf("helm lint did not pass:\n%s", out)
			}
		})
	}
}

// variant is one set of chart values and what must hold for its rendering.
type variant struct {
	name  string
	flags []string
	check func(t *testing.T, ns string, r rendered)
}

var variants = []variant{
	{name: "defaults", check: checkDefaults},
	{name: "cert-manager", flags: []string{"--set", "webhook.certManager.enabled=true"}, check: checkCertManager},
	{name: "cert-manager with an existing issuer", flags: []string{"--set", "webhook.certManager.enabled=true",
		"--set", "webhook.certManager.issuerRef.kind=ClusterIssuer", "--set", "webhook.certManager.issuerRef.name=corp-ca"},
		check: checkExistingIssuer},
	{name: "external certificates", flags: []string{"--set", "webhook.certMode=external", "--set", "webhook.caBundle=" + testCABundle},
		check: checkExternalCerts},
	{name: "servicemonitor", flags: []string{"--set", "metrics.serviceMonitor.enabled=true"}, check: checkServiceMonitor},
	{name: "promotion gate and openreports", flags: []string{"--set", "promotionGate.enabled=true", "--set", "openReports.enabled=true"},
		check: checkPromotionGate},
	{name: "label guard webhook fallback", flags: []string{"--set", "promotionLabelPolicy.enabled=false",
		"--set", "webhook.promotionLabelGuard.enabled=true", "--set", "webhook.promotionLabelWriters[0]=break-glass"},
		check: checkLabelGuardWebhook},
	{name: "break-glass identities", flags: []string{"--set", "promotionLabelPolicy.breakGlass.users[0]=oncall",
		"--set", "promotionLabelPolicy.breakGlass.groups[0]=sre"}, check: checkBreakGlass},
	{name: "everything off", flags: []string{"--set", "webhook.enabled=false", "--set", "metrics.enabled=false",
		"--set", "selfCheck.enabled=false", "--set", "leaderElection.enabled=false", "--set", "replicaCount=1"},
		check: checkEverythingOff},
}

// TestHelmTemplate renders the chart with default values and with each optional feature,
// asserts what each rendering must contain, and applies it with a server-side dry-run to the API
// server. cert-manager's and the Prometheus Operator's kinds are known to the server through
// the stub CRDs of testdata/stub-crds (schemas that accept any spec), so those objects are
// checked here field by field and by the server for apiVersion, kind and metadata.
func TestHelmTemplate(t *testing.T) {
	for i, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			ns := fmt.Sprintf("helm-variant-%d", i)
			r := helmTemplate(t, ns, append([]string{"--set", "image.digest=" + testDigest}, v.flags...)...)
			v.check(t, ns, r)
			checkCommon(t, ns, r)
			createNamespace(t, kubeconfig, ns)
			expectApplied(t, applyDryRun(t, kubeconfig, r.yaml), r)
		})
	}
}

// checkCommon holds for every rendering: the locked-down pod, the explicit token mount, every
// object labelled, every flag pointing at objects that exist.
func checkCommon(t *testing.T, ns string, r rendered) {
	t.Helper()
	d := r.deployment(t)
	c := managerContainer(t, d)
	pod := d.Spec.Template.Spec
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		t.Error("automountServiceAccountToken must be false on the pod (the token is mounted explicitly)")
	}
	if !hasProjectedToken(pod.Volumes, c.VolumeMounts) {
		t.Error("the manager must mount a projected serviceAccountToken at /var/run/secrets/kubernetes.io/serviceaccount")
	}
	sc := c.SecurityContext
	switch {
	case sc == nil:
		t.Fatal("manager has no securityContext")
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		t.Error("allowPrivilegeEscalation must be false")
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		t.Error("readOnlyRootFilesystem must be true")
	case sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}):
		t.Error("capabilities must drop ALL")
	}
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot ||
		psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Error("the pod must run as non-root with the RuntimeDefault seccomp profile")
	}
	if pod.PriorityClassName != "" {
		t.Errorf("priorityClassName %q is set by default; it must be opt-in", pod.PriorityClassName)
	}
	if env := envNamed(c.Env, "POD_NAMESPACE"); env == nil || env.ValueFrom == nil || env.ValueFrom.FieldRef == nil ||
		env.ValueFrom.FieldRef.FieldPath != "metadata.namespace" {
		t.Error("POD_NAMESPACE must come from the downward API (metadata.namespace)")
	}
	if sa := pod.ServiceAccountName; !r.has("ServiceAccount", sa) {
		t.Errorf("the pod's ServiceAccount %q is not rendered", sa)
	}
	for _, d := range r.docs {
		o := d.Object
		if o.GetLabels()["app.kubernetes.io/managed-by"] != "Helm" || o.GetLabels()["app.kubernetes.io/instance"] != release {
			t.Errorf("%s %q lacks the chart's standard labels", o.GetKind(), o.GetName())
		}
		if o.GetNamespace() != "" && o.GetNamespace() != ns {
			t.Errorf("%s %q is in namespace %q, not the release namespace %q", o.GetKind(), o.GetName(), o.GetNamespace(), ns)
		}
	}
	checkBindings(t, r, pod.ServiceAccountName, ns)
}

func hasProjectedToken(volumes []corev1.Volume, mounts []corev1.VolumeMount) bool {
	for _, m := range mounts {
		if m.MountPath != "/var/run/secrets/kubernetes.io/serviceaccount" {
			continue
		}
		for _, v := range volumes {
			if v.Name != m.Name || v.Projected == nil {
				continue
			}
			for _, s := range v.Projected.Sources {
				if s.ServiceAccountToken != nil && s.ServiceAccountToken.Path == "token" {
					return true
				}
			}
		}
	}
	return false
}

func envNamed(env []corev1.EnvVar, name string) *corev1.EnvVar {
	for i := range env {
		if env[i].Name == name {
			return &env[i]
		}
	}
	return nil
}

// checkBindings asserts every (Cluster)RoleBinding refers to a rendered role and binds the
// manager's ServiceAccount in the release namespace.
func checkBindings(t *testing.T, r rendered, sa, ns string) {
	t.Helper()
	for _, kind := range []string{"RoleBinding", "ClusterRoleBinding"} {
		for _, o := range r.all(kind) {
			var b rbacv1.RoleBinding
			decode(t, o, &b)
			if !r.has(b.RoleRef.Kind, b.RoleRef.Name) {
				t.Errorf("%s %q refers to %s %q, which the chart does not render", kind, b.Name, b.RoleRef.Kind, b.RoleRef.Name)
			}
			if len(b.Subjects) != 1 || b.Subjects[0].Kind != "ServiceAccount" || b.Subjects[0].Name != sa || b.Subjects[0].Namespace != ns {
				t.Errorf("%s %q binds %+v, want the ServiceAccount %s/%s", kind, b.Name, b.Subjects, ns, sa)
			}
		}
	}
}

func checkDefaults(t *testing.T, ns string, r rendered) {
	d := r.deployment(t)
	c := managerContainer(t, d)
	flags := flagValues(c)
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas = %v, want 2", d.Spec.Replicas)
	}
	for flag, want := range map[string]string{
		"leader-elect":               "true",
		"metrics-bind-address":       ":8443",
		"metrics-secure":             "true",
		"health-probe-bind-address":  ":8081",
		"enable-webhooks":            "",
		"webhook-port":               "9443",
		"webhook-cert-mode":          "self-managed",
		"webhook-cert-dir":           "/tmp/k8s-webhook-server/serving-certs",
		"webhook-secret-name":        "prodready-webhook-cert",
		"webhook-service-name":       "prodready-webhook-service",
		"webhook-configuration-name": "prodready-validating-webhook-configuration",
		"zap-encoder":                "json",
		"zap-log-level":              "info",
	} {
		if got, ok := flags[flag]; !ok || got != want {
			t.Errorf("--%s = %q (set: %v), want %q", flag, got, ok, want)
		}
	}
	for _, off := range []string{"promotion-gate-bind-address", "openreports"} {
		if _, ok := flags[off]; ok {
			t.Errorf("--%s is set by default; it must be opt-in", off)
		}
	}
	if !strings.HasSuffix(c.Image, ":v0.1.0@"+testDigest) {
		t.Errorf("image %q should be the appVersion tag pinned by image.digest", c.Image)
	}
	// Topology spread over nodes and zones, selecting the pods themselves.
	keys := map[string]bool{}
	for _, tsc := range d.Spec.Template.Spec.TopologySpreadConstraints {
		keys[tsc.TopologyKey] = true
		for k, v := range tsc.LabelSelector.MatchLabels {
			if d.Spec.Template.Labels[k] != v {
				t.Errorf("topology spread on %s selects %s=%s, which the pods do not carry", tsc.TopologyKey, k, v)
			}
		}
	}
	if !keys["kubernetes.io/hostname"] || !keys["topology.kubernetes.io/zone"] {
		t.Errorf("topology spread keys %v, want hostname and zone", keys)
	}
	var pdb struct {
		Spec struct {
			MaxUnavailable any `json:"maxUnavailable"`
		} `json:"spec"`
	}
	decode(t, r.find(t, "PodDisruptionBudget", "prodready"), &pdb)
	if fmt.Sprint(pdb.Spec.MaxUnavailable) != "1" {
		t.Errorf("PDB maxUnavailable = %v, want 1", pdb.Spec.MaxUnavailable)
	}
	checkWebhooks(t, ns, r, "")
	checkAdmissionPolicies(t, r, "prodready-", "system:serviceaccount:"+ns+":prodready", nil, nil)
	if got := flagValues(managerContainer(t, r.deployment(t)))["graceful-shutdown-timeout"]; got != "20s" {
		t.Errorf("--graceful-shutdown-timeout=%q, want 20s (grace period 30 s - preStop 5 s - 5 s)", got)
	}
	if _, ok := flagValues(managerContainer(t, r.deployment(t)))["promotion-label-webhook"]; ok {
		t.Error("--promotion-label-webhook is set although the admission policies guard the label")
	}
	checkNetworkPolicyPorts(t, r, "webhook-server", "metrics")
	// Self-managed certificates: an emptyDir cert dir, RBAC on exactly the Secret and webhook
	// configuration the flags name.
	if v := volumeNamed(d.Spec.Template.Spec.Volumes, "webhook-certs"); v == nil || v.EmptyDir == nil {
		t.Error("self-managed mode must give the cert dir an emptyDir (the root filesystem is read-only)")
	}
	var role rbacv1.Role
	decode(t, r.find(t, "Role", "prodready-webhook-cert"), &role)
	if !ruleAllows(role.Rules, "secrets", "create", "") || !ruleAllows(role.Rules, "secrets", "update", flags["webhook-secret-name"]) ||
		ruleAllows(role.Rules, "secrets", "update", "some-other-secret") {
		t.Errorf("Role prodready-webhook-cert rules %+v: want create on secrets and get/update/patch on %q only",
			role.Rules, flags["webhook-secret-name"])
	}
	var cr rbacv1.ClusterRole
	decode(t, r.find(t, "ClusterRole", "prodready-webhook-cabundle"), &cr)
	if !ruleAllows(cr.Rules, "validatingwebhookconfigurations", "patch", flags["webhook-configuration-name"]) ||
		ruleAllows(cr.Rules, "validatingwebhookconfigurations", "patch", "another-webhook") {
		t.Errorf("ClusterRole prodready-webhook-cabundle rules %+v: want patch on %q only", cr.Rules, flags["webhook-configuration-name"])
	}
	for _, kind := range []string{"Issuer", "Certificate", "ServiceMonitor"} {
		if len(r.all(kind)) > 0 {
			t.Errorf("a %s is rendered by default", kind)
		}
	}
	checkUserRoles(t, r, "prodready-platform")
	pr := r.find(t, "ProductionReadiness", "prodready")
	if p, _, _ := unstructured.NestedString(pr.Object, "spec", "profile"); p != "strict" {
		t.Errorf("the self check uses profile %q, want strict", p)
	}
}

// ruleAllows reports whether a rule grants verb on resource (and, when name is not empty, on
// that object name).
func ruleAllows(rules []rbacv1.PolicyRule, resource, verb, name string) bool {
	for _, r := range rules {
		if !slices.Contains(r.Resources, resource) || !slices.Contains(r.Verbs, verb) {
			continue
		}
		if len(r.ResourceNames) == 0 || (name != "" && slices.Contains(r.ResourceNames, name)) {
			return true
		}
	}
	return false
}

func volumeNamed(vs []corev1.Volume, name string) *corev1.Volume {
	for i := range vs {
		if vs[i].Name == name {
			return &vs[i]
		}
	}
	return nil
}

// checkLabelGuardWebhook: without the admission policies, the label guard webhook is served and
// registered, with its break-glass writers.
func checkLabelGuardWebhook(t *testing.T, ns string, r rendered) {
	t.Helper()
	if n := len(r.all("ValidatingAdmissionPolicy")) + len(r.all("ValidatingAdmissionPolicyBinding")); n != 0 {
		t.Errorf("%d admission policy objects rendered with promotionLabelPolicy.enabled=false", n)
	}
	var cfg admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, r.find(t, "ValidatingWebhookConfiguration", "prodready-validating-webhook-configuration"), &cfg)
	checkWebhookConfiguration(t, &cfg, "prodready-webhook-service", ns, true)
	flags := flagValues(managerContainer(t, r.deployment(t)))
	if _, ok := flags["promotion-label-webhook"]; !ok || flags["promotion-label-writer"] != "break-glass" {
		t.Errorf("flags %v: want --promotion-label-webhook and --promotion-label-writer=break-glass", flags)
	}
}

// checkBreakGlass: the break-glass identities land in the label policy's variables.
func checkBreakGlass(t *testing.T, ns string, r rendered) {
	t.Helper()
	checkAdmissionPolicies(t, r, "prodready-", "system:serviceaccount:"+ns+":prodready", []string{"oncall"}, []string{"sre"})
}

// checkAdmissionPolicies is shared by the chart and kustomize tests: both policies of
// config/admission-policy, named with the prefix, failurePolicy Fail, each bound with Deny, and
// the operator variable naming the manager's ServiceAccount.
func checkAdmissionPolicies(t *testing.T, r rendered, prefix, operator string, users, groups []string) {
	t.Helper()
	quoted := func(l []string) string {
		if len(l) == 0 {
			return ""
		}
		q := make([]string, len(l))
		for i, v := range l {
			q[i] = fmt.Sprintf("%q", v)
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	for _, name := range []string{"promotion-label", "operator-workload-scope"} {
		var p admissionregistrationv1.ValidatingAdmissionPolicy
		decode(t, r.find(t, "ValidatingAdmissionPolicy", prefix+name), &p)
		if p.Spec.FailurePolicy == nil || *p.Spec.FailurePolicy != admissionregistrationv1.Fail {
			t.Errorf("policy %s: failurePolicy %v, want Fail", p.Name, p.Spec.FailurePolicy)
		}
		want := map[string]string{"operator": "'" + operator + "'"}
		if name == "promotion-label" {
			if v := quoted(users); v != "" {
				want["breakGlassUsers"] = v
			}
			if v := quoted(groups); v != "" {
				want["breakGlassGroups"] = v
			}
		}
		for _, v := range p.Spec.Variables {
			if w, ok := want[v.Name]; ok {
				if v.Expression != w {
					t.Errorf("policy %s: variable %s = %s, want %s", p.Name, v.Name, v.Expression, w)
				}
				delete(want, v.Name)
			}
		}
		if len(want) > 0 {
			t.Errorf("policy %s: variables %v missing", p.Name, want)
		}
		var b admissionregistrationv1.ValidatingAdmissionPolicyBinding
		decode(t, r.find(t, "ValidatingAdmissionPolicyBinding", prefix+name), &b)
		if b.Spec.PolicyName != p.Name || !slices.Equal(b.Spec.ValidationActions, []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}) {
			t.Errorf("binding %s: policyName %q, actions %v; want %s and [Deny]", b.Name, b.Spec.PolicyName, b.Spec.ValidationActions, p.Name)
		}
	}
}

// checkWebhooks asserts the webhook configuration: the ProductionReadiness webhook served by the
// chart's Service (the label guard webhook only as the fallback, not by default), the release
// namespace and kube-system excluded, Fail for ProductionReadiness validation, a 5 s timeout
// and no side effects.
func checkWebhooks(t *testing.T, ns string, r rendered, wantInjectFrom string) {
	t.Helper()
	var cfg admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, r.find(t, "ValidatingWebhookConfiguration", "prodready-validating-webhook-configuration"), &cfg)
	if got := cfg.Annotations["cert-manager.io/inject-ca-from"]; got != wantInjectFrom {
		t.Errorf("inject-ca-from annotation = %q, want %q", got, wantInjectFrom)
	}
	svc := r.find(t, "Service", "prodready-webhook-service")
	checkWebhookConfiguration(t, &cfg, svc.GetName(), ns, false)
	var s corev1.Service
	decode(t, svc, &s)
	if len(s.Spec.Ports) != 1 || s.Spec.Ports[0].Port != 443 || s.Spec.Ports[0].TargetPort.String() != "webhook-server" {
		t.Errorf("webhook Service ports %+v, want 443 -> webhook-server", s.Spec.Ports)
	}
}

// checkWebhookConfiguration is shared by the chart and kustomize tests. labelGuard says whether
// the promotion label webhook (the fallback for clusters without ValidatingAdmissionPolicy,
// failing open) is registered.
func checkWebhookConfiguration(t *testing.T, cfg *admissionregistrationv1.ValidatingWebhookConfiguration, service, ns string, labelGuard bool) {
	t.Helper()
	want := map[string]admissionregistrationv1.FailurePolicyType{
		"/validate-readiness-prodready-io-v1alpha1-productionreadiness": admissionregistrationv1.Fail,
		"/validate-readiness-prodready-io-v1alpha1-readinessprofile":    admissionregistrationv1.Fail,
		"/validate-readiness-prodready-io-v1alpha1-readinesspolicy":     admissionregistrationv1.Fail,
		"/validate-workloads": admissionregistrationv1.Ignore,
	}
	if labelGuard {
		want["/validate-apps-v1-promotion-label"] = admissionregistrationv1.Ignore
	}
	if len(cfg.Webhooks) != len(want) {
		t.Errorf("%d webhooks, want %d", len(cfg.Webhooks), len(want))
	}
	for _, w := range cfg.Webhooks {
		ref := w.ClientConfig.Service
		if ref == nil || ref.Name != service || ref.Namespace != ns || ref.Path == nil {
			t.Errorf("webhook %s: clientConfig.service %+v, want %s/%s", w.Name, ref, ns, service)
			continue
		}
		policy, ok := want[*ref.Path]
		if !ok {
			t.Errorf("webhook %s: unexpected path %s", w.Name, *ref.Path)
		} else if w.FailurePolicy == nil || *w.FailurePolicy != policy {
			t.Errorf("webhook %s: failurePolicy %v, want %s", w.Name, w.FailurePolicy, policy)
		}
		if w.TimeoutSeconds == nil || *w.TimeoutSeconds != 5 {
			t.Errorf("webhook %s: timeoutSeconds %v, want 5", w.Name, w.TimeoutSeconds)
		}
		if *ref.Path == "/validate-workloads" {
			// Warnings on dry runs (kubectl apply --dry-run=server), and a selector matching no
			// namespace until the operator sets it to those it judges (the admission scope).
			if w.SideEffects == nil || *w.SideEffects != admissionregistrationv1.SideEffectClassNoneOnDryRun {
				t.Errorf("webhook %s: sideEffects %v, want NoneOnDryRun", w.Name, w.SideEffects)
			}
			sel := w.NamespaceSelector
			if sel == nil || len(sel.MatchExpressions) != 1 || sel.MatchExpressions[0].Operator != "In" ||
				!slices.Equal(sel.MatchExpressions[0].Values, []string{"prodready-admission-scope-not-set"}) {
				t.Errorf("webhook %s: namespaceSelector %+v, want the operator-managed one matching no namespace yet", w.Name, sel)
			}
			continue
		}
		if w.SideEffects == nil || *w.SideEffects != admissionregistrationv1.SideEffectClassNone {
			t.Errorf("webhook %s: sideEffects %v, want None", w.Name, w.SideEffects)
		}
		excluded := false
		if sel := w.NamespaceSelector; sel != nil {
			for _, e := range sel.MatchExpressions {
				if e.Key == "kubernetes.io/metadata.name" && e.Operator == "NotIn" &&
					slices.Contains(e.Values, "kube-system") && slices.Contains(e.Values, ns) {
					excluded = true
				}
			}
		}
		if !excluded {
			t.Errorf("webhook %s: namespaceSelector %+v must exclude kube-system and %s", w.Name, w.NamespaceSelector, ns)
		}
	}
}

// checkNetworkPolicyPorts asserts the NetworkPolicy isolates the pods for ingress and admits
// exactly the named ports.
func checkNetworkPolicyPorts(t *testing.T, r rendered, ports ...string) {
	t.Helper()
	var np networkingv1.NetworkPolicy
	decode(t, r.find(t, "NetworkPolicy", "prodready"), &np)
	if !slices.Equal(np.Spec.PolicyTypes, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress}) {
		t.Errorf("policyTypes %v, want [Ingress Egress]", np.Spec.PolicyTypes)
	}
	for _, rule := range np.Spec.Egress {
		if len(rule.Ports) == 0 {
			t.Errorf("an egress rule allows every port: %+v", rule)
		}
	}
	var got []string
	for _, rule := range np.Spec.Ingress {
		if len(rule.Ports) == 0 {
			t.Errorf("an ingress rule admits every port: %+v", rule)
		}
		for _, p := range rule.Ports {
			got = append(got, p.Port.String())
		}
	}
	slices.Sort(got)
	want := slices.Clone(ports)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("NetworkPolicy admits ports %v, want %v", got, want)
	}
	d := r.deployment(t)
	declared := map[string]bool{}
	for _, p := range managerContainer(t, d).Ports {
		declared[p.Name] = true
	}
	for _, p := range ports {
		if !declared[p] {
			t.Errorf("NetworkPolicy port %q is not declared by the manager container", p)
		}
	}
}

func checkCertManager(t *testing.T, ns string, r rendered) {
	d := r.deployment(t)
	flags := flagValues(managerContainer(t, d))
	if flags["webhook-cert-mode"] != "external" {
		t.Errorf("--webhook-cert-mode = %q, want external with cert-manager", flags["webhook-cert-mode"])
	}
	v := volumeNamed(d.Spec.Template.Spec.Volumes, "webhook-certs")
	if v == nil || v.Secret == nil || v.Secret.SecretName != "prodready-webhook-cert" {
		t.Errorf("the cert dir must be the Secret prodready-webhook-cert, got %+v", v)
	}
	issuer := r.find(t, "Issuer", "prodready-selfsigned")
	if _, found, _ := unstructured.NestedMap(issuer.Object, "spec", "selfSigned"); !found {
		t.Error("the Issuer must be selfSigned")
	}
	cert := r.find(t, "Certificate", "prodready-serving-cert")
	secret, _, _ := unstructured.NestedString(cert.Object, "spec", "secretName")
	dns, _, _ := unstructured.NestedStringSlice(cert.Object, "spec", "dnsNames")
	issuerName, _, _ := unstructured.NestedString(cert.Object, "spec", "issuerRef", "name")
	wantDNS := []string{"prodready-webhook-service." + ns + ".svc", "prodready-webhook-service." + ns + ".svc.cluster.local"}
	if secret != "prodready-webhook-cert" || !slices.Equal(dns, wantDNS) || issuerName != "prodready-selfsigned" {
		t.Errorf("Certificate: secretName %q dnsNames %v issuer %q; want prodready-webhook-cert, %v, prodready-selfsigned", secret, dns, issuerName, wantDNS)
	}
	checkWebhooks(t, ns, r, ns+"/prodready-serving-cert")
	// The manager manages no certificate, so it gets no RBAC for one: no Secret access, and on
	// the webhook configuration only get and patch, for the admission scope's namespaceSelector
	// (no watch, which only caBundle re-injection needs).
	if r.has("Role", "prodready-webhook-cert") {
		t.Error("cert-manager mode must not grant the manager access to certificate Secrets")
	}
	var cr rbacv1.ClusterRole
	decode(t, r.find(t, "ClusterRole", "prodready-webhook-cabundle"), &cr)
	if len(cr.Rules) != 1 || !slices.Equal(cr.Rules[0].Verbs, []string{"get", "patch"}) || len(cr.Rules[0].ResourceNames) != 1 {
		t.Errorf("cert-manager mode: webhook configuration rules %+v, want get and patch on the one configuration", cr.Rules)
	}
}

// testCABundle is a base64 value standing for a PEM CA bundle (the API server does not parse it).
const testCABundle = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="

func checkExternalCerts(t *testing.T, ns string, r rendered) {
	d := r.deployment(t)
	if f := flagValues(managerContainer(t, d)); f["webhook-cert-mode"] != "external" {
		t.Errorf("--webhook-cert-mode = %q, want external", f["webhook-cert-mode"])
	}
	if v := volumeNamed(d.Spec.Template.Spec.Volumes, "webhook-certs"); v == nil || v.Secret == nil || v.Secret.SecretName != "prodready-webhook-cert" {
		t.Errorf("the cert dir must be the Secret prodready-webhook-cert, got %+v", v)
	}
	var cfg admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, r.find(t, "ValidatingWebhookConfiguration", "prodready-validating-webhook-configuration"), &cfg)
	for _, w := range cfg.Webhooks {
		if string(w.ClientConfig.CABundle) != "-----BEGIN CERTIFICATE-----\n" {
			t.Errorf("webhook %s: caBundle %q, want webhook.caBundle", w.Name, w.ClientConfig.CABundle)
		}
	}
	if r.has("Role", "prodready-webhook-cert") || len(r.all("Certificate")) > 0 {
		t.Error("external certificates need neither certificate RBAC nor a Certificate")
	}
}

func checkExistingIssuer(t *testing.T, ns string, r rendered) {
	if len(r.all("Issuer")) != 0 {
		t.Error("no Issuer may be created when issuerRef names an existing one")
	}
	cert := r.find(t, "Certificate", "prodready-serving-cert")
	ref, _, _ := unstructured.NestedStringMap(cert.Object, "spec", "issuerRef")
	if ref["kind"] != "ClusterIssuer" || ref["name"] != "corp-ca" {
		t.Errorf("issuerRef %v, want ClusterIssuer corp-ca", ref)
	}
}

func checkServiceMonitor(t *testing.T, ns string, r rendered) {
	sm := r.find(t, "ServiceMonitor", "prodready")
	eps, _, _ := unstructured.NestedSlice(sm.Object, "spec", "endpoints")
	if len(eps) != 1 {
		t.Fatalf("ServiceMonitor endpoints %v, want one", eps)
	}
	ep := eps[0].(map[string]any)
	if ep["port"] != "https" || ep["scheme"] != "https" || ep["bearerTokenFile"] == nil {
		t.Errorf("endpoint %v: want port https, scheme https and the bearer token", ep)
	}
	// The ServiceMonitor must select the metrics Service, and that Service the manager pods.
	var svc corev1.Service
	decode(t, r.find(t, "Service", "prodready-metrics"), &svc)
	sel, _, _ := unstructured.NestedStringMap(sm.Object, "spec", "selector", "matchLabels")
	for k, v := range sel {
		if svc.Labels[k] != v {
			t.Errorf("ServiceMonitor selects %s=%s, which the metrics Service does not carry", k, v)
		}
	}
	if svc.Spec.Ports[0].Name != "https" || svc.Spec.Ports[0].TargetPort.String() != "metrics" {
		t.Errorf("metrics Service port %+v, want https -> metrics", svc.Spec.Ports[0])
	}
}

func checkPromotionGate(t *testing.T, ns string, r rendered) {
	d := r.deployment(t)
	c := managerContainer(t, d)
	flags := flagValues(c)
	if flags["promotion-gate-bind-address"] != ":8082" {
		t.Errorf("--promotion-gate-bind-address = %q, want :8082", flags["promotion-gate-bind-address"])
	}
	if _, ok := flags["openreports"]; !ok {
		t.Error("--openreports is not set")
	}
	var svc corev1.Service
	decode(t, r.find(t, "Service", "prodready-promotion-gate"), &svc)
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Name != "promotion" || svc.Spec.Ports[0].Port != 8082 {
		t.Errorf("promotion gate Service ports %+v, want promotion 8082", svc.Spec.Ports)
	}
	checkNetworkPolicyPorts(t, r, "webhook-server", "metrics", "promotion")
	// By default only Flagger's namespace reaches the gate.
	var np networkingv1.NetworkPolicy
	decode(t, r.find(t, "NetworkPolicy", "prodready"), &np)
	restricted := false
	for _, rule := range np.Spec.Ingress {
		for _, p := range rule.Ports {
			if p.Port != nil && p.Port.String() == "promotion" {
				restricted = len(rule.From) == 1 && rule.From[0].NamespaceSelector != nil &&
					rule.From[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"] == "flagger-system"
			}
		}
	}
	if !restricted {
		t.Errorf("the promotion gate port is not restricted to flagger-system: %+v", np.Spec.Ingress)
	}
	if !r.has("ClusterRole", "prodready-metrics-auth") {
		t.Error("the gate reviews tokens but the TokenReview/SubjectAccessReview ClusterRole is not rendered")
	}
}

func checkEverythingOff(t *testing.T, ns string, r rendered) {
	flags := flagValues(managerContainer(t, r.deployment(t)))
	if flags["metrics-bind-address"] != "0" || flags["leader-elect"] != "false" {
		t.Errorf("flags %v: want metrics off and no leader election", flags)
	}
	if _, ok := flags["enable-webhooks"]; ok {
		t.Error("--enable-webhooks is set with webhook.enabled=false")
	}
	for _, kind := range []string{"ValidatingWebhookConfiguration", "ProductionReadiness"} {
		if len(r.all(kind)) != 0 {
			t.Errorf("a %s is rendered although it is disabled", kind)
		}
	}
	if r.has("Service", "prodready-metrics") || r.has("Service", "prodready-webhook-service") || r.has("Role", "prodready-leader-election") {
		t.Errorf("disabled parts are rendered: %v", r.names())
	}
}

// TestHelmSchemaRejectsBadValues asserts values.schema.json stops wrong values before anything
// is rendered, naming the offending key.
func TestHelmSchemaRejectsBadValues(t *testing.T) {
	for _, tc := range []struct {
		name, set, want string
	}{
		{"replicas as a word", "replicaCount=two", "/replicaCount"},
		{"unknown top-level key", "replicas=2", "additional properties 'replicas' not allowed"},
		{"unknown nested key", "webhook.certManager.enable=true", "additional properties 'enable' not allowed"},
		{"unknown log level", "logging.level=verbose", "/logging/level"},
		{"unknown cert mode", "webhook.certMode=manual", "/webhook/certMode"},
		{"malformed digest", "image.digest=sha256:abc", "/image/digest"},
		{"unknown failure policy", "webhook.promotionLabelGuard.failurePolicy=Never", "/webhook/promotionLabelGuard/failurePolicy"},
		{"timeout above the API limit", "webhook.timeoutSeconds=31", "/webhook/timeoutSeconds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(helmBin, "template", release, chartDir, "--set", tc.set)
			if res.err == nil {
				t.Fatalf("helm template --set %s succeeded; values.schema.json must reject it", tc.set)
			}
			if !strings.Contains(res.stderr, tc.want) {
				t.Errorf("the error does not name %q:\n%s", tc.want, res.stderr)
			}
		})
	}
	// And the defaults, written out in full, are valid: values.yaml documents every key.
	valuesFile := filepath.Join(repoRoot, chartDir, "values.yaml")
	if _, err := os.Stat(valuesFile); err != nil {
		t.Fatal(err)
	}
	mustRun(t, helmBin, "template", release, chartDir, "-f", valuesFile)
}

// TestHelmInstallUpgradeUninstall runs the documented lifecycle against a fresh API server
// without the CRDs: `helm install` must create the CRDs from crds/ before the chart's own
// ProductionReadiness, `helm upgrade` must apply changed values, and `helm uninstall` must
// remove the release but keep the CRDs (and so every ProductionReadiness of the cluster).
// Nothing here calls the webhooks: every object lives in the release namespace, which they
// exclude.
func TestHelmInstallUpgradeUninstall(t *testing.T) {
	env, kc, err := startAPIServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopAPIServer(env, kc) })
	const ns = "prodready-system"
	helm := func(args ...string) string {
		t.Helper()
		return mustRun(t, helmBin, append([]string{"--kubeconfig", kc}, args...)...)
	}

	notes := helm("install", release, chartDir, "--namespace", ns, "--create-namespace", "--set", "image.digest="+testDigest,
		"--set", "promotionGate.enabled=true")
	if testing.Verbose() {
		t.Logf("helm install:\n%s", notes)
	}
	for _, want := range []string{
		"prodready v0.1.0 is installed in namespace " + ns,
		"kubectl -n " + ns + " rollout status deployment/prodready",
		"http://prodready-promotion-gate." + ns + ".svc:8082/promotion/flagger",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("the install notes lack %q:\n%s", want, notes)
		}
	}
	for _, crd := range []string{"productionreadinesses.readiness.prodready.io", "readinessprofiles.readiness.prodready.io"} {
		kubectl(t, kc, "get", "crd", crd)
	}
	kubectl(t, kc, "-n", ns, "get", "deployment/prodready", "productionreadiness/prodready", "service/prodready-webhook-service")
	kubectl(t, kc, "get", "validatingwebhookconfiguration/prodready-validating-webhook-configuration")

	helm("upgrade", release, chartDir, "--namespace", ns, "--reuse-values", "--set", "replicaCount=3")
	if got := kubectl(t, kc, "-n", ns, "get", "deployment/prodready", "-o", "jsonpath={.spec.replicas}"); got != "3" {
		t.Errorf("after helm upgrade --set replicaCount=3 the Deployment has %s replicas", got)
	}

	helm("uninstall", release, "--namespace", ns)
	if out := kubectl(t, kc, "-n", ns, "get", "deployments", "-o", "name"); strings.TrimSpace(out) != "" {
		t.Errorf("helm uninstall left %s", out)
	}
	if out := kubectl(t, kc, "get", "validatingwebhookconfigurations", "-o", "name"); strings.TrimSpace(out) != "" {
		t.Errorf("helm uninstall left %s", out)
	}
	kubectl(t, kc, "get", "crd", "productionreadinesses.readiness.prodready.io")
}

// TestHelmNamesFollowRelease renders the chart under another release name and asserts the
// manager's flags, the RBAC resourceNames and the objects they name still agree.
func TestHelmNamesFollowRelease(t *testing.T) {
	const ns = "platform"
	out := mustRun(t, helmBin, "template", "acme", chartDir, "--namespace", ns)
	r := parse(t, "helm template acme", out)
	d := r.deployment(t)
	if d.Name != "acme-prodready" {
		t.Errorf("Deployment %q, want acme-prodready", d.Name)
	}
	flags := flagValues(managerContainer(t, d))
	r.find(t, "Service", flags["webhook-service-name"])
	var cfg admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, r.find(t, "ValidatingWebhookConfiguration", flags["webhook-configuration-name"]), &cfg)
	checkWebhookConfiguration(t, &cfg, flags["webhook-service-name"], ns, false)
	checkAdmissionPolicies(t, r, "acme-prodready-", "system:serviceaccount:"+ns+":acme-prodready", nil, nil)
	var role rbacv1.Role
	decode(t, r.find(t, "Role", "acme-prodready-webhook-cert"), &role)
	if !ruleAllows(role.Rules, "secrets", "update", flags["webhook-secret-name"]) {
		t.Errorf("the certificate Role does not cover --webhook-secret-name=%s: %+v", flags["webhook-secret-name"], role.Rules)
	}
	var cr rbacv1.ClusterRole
	decode(t, r.find(t, "ClusterRole", "acme-prodready-webhook-cabundle"), &cr)
	if !ruleAllows(cr.Rules, "validatingwebhookconfigurations", "patch", cfg.Name) {
		t.Errorf("the caBundle ClusterRole does not cover %s: %+v", cfg.Name, cr.Rules)
	}
	var pr struct {
		Spec struct {
			TargetRef struct{ Name string } `json:"targetRef"`
		} `json:"spec"`
	}
	decode(t, r.find(t, "ProductionReadiness", "acme-prodready"), &pr)
	if pr.Spec.TargetRef.Name != d.Name {
		t.Errorf("the self check targets %q, not the Deployment %q", pr.Spec.TargetRef.Name, d.Name)
	}
	checkBindings(t, r, d.Spec.Template.Spec.ServiceAccountName, ns)
}
