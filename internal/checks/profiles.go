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

package checks

import (
	"slices"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Built-in profile names.
const (
	ProfileBaseline   = "baseline"
	ProfileProduction = "production"
	ProfileStrict     = "strict"
)

// BuiltinProfiles lists the built-in profiles, weakest first.
var BuiltinProfiles = []string{ProfileBaseline, ProfileProduction, ProfileStrict}

// DefaultProfile is used when spec.profile is empty.
const DefaultProfile = ProfileProduction

const (
	req = v1alpha1.EnforcementRequired
	adv = v1alpha1.EnforcementAdvisory
	off = v1alpha1.EnforcementDisabled
)

// catalogue is the check catalogue with the enforcement of each built-in profile. It is data:
// the registry meta-test asserts that it lists exactly the registered checks, and its order is
// the order of docs, status and CLI output.
var catalogue = []struct {
	id                           string
	baseline, production, strict v1alpha1.Enforcement
}{
	// Core.
	{"rollout-complete", req, req, req},
	{"probe-readiness", req, req, req},
	{"probe-liveness", off, req, req},
	{"resources-requests", req, req, req},
	{"resources-limits", off, req, req},
	{"image-tag-pinned", req, req, req},
	{"image-digest-pinned", off, adv, req},
	{"image-tag-mutable", off, adv, adv},
	{"secrets-no-plaintext", req, req, req},
	{"secrets-refs-exist", req, req, req},
	{"replicas-minimum", off, req, req},
	{"pdb-present", off, req, req},
	{"pdb-allows-disruption", off, req, req},
	{"pdb-unhealthy-eviction-policy", off, adv, adv},
	{"hpa-present", off, adv, req},
	{"hpa-valid", off, req, req},
	// Extended.
	{"rollout-strategy", off, req, req},
	{"selector-matches-template", req, req, req},
	{"shutdown-graceful", off, adv, req},
	{"replicas-hpa-conflict", off, adv, req},
	{"spread-nodes", off, req, req},
	{"spread-zones", off, adv, req},
	{"probe-liveness-distinct", off, req, req},
	{"probe-ports-exist", off, req, req},
	{"probe-startup", off, off, adv},
	{"resources-ephemeral-storage", off, off, adv},
	{"image-pull-policy", off, off, adv},
	{"image-registry-allowed", off, off, off},
	{"security-run-as-non-root", off, req, req},
	{"security-run-as-non-root-group", off, adv, req},
	{"security-no-privilege-escalation", off, req, req},
	{"security-not-privileged", req, req, req},
	{"security-read-only-root-fs", off, adv, req},
	{"security-capabilities", off, adv, req},
	{"security-seccomp", off, adv, req},
	{"security-host-namespaces", req, req, req},
	{"security-host-path", off, req, req},
	{"security-host-ports", off, adv, req},
	{"serviceaccount-dedicated", off, adv, req},
	{"serviceaccount-token", off, adv, req},
	{"network-policy", off, adv, req},
	{"service-ports-valid", off, req, req},
	{"configmaps-refs-exist", req, req, req},
	{"configmaps-no-secrets", off, adv, req},
	{"env-no-duplicates", off, req, req},
	{"metrics-exposed", off, adv, adv},
	{"labels-recommended", off, adv, req},
	{"priority-class", off, off, adv},
	{"statefulset-headless-service", req, req, req},
	// Every workload kind.
	{"api-version-served", req, req, req},
	{"cronjob-concurrency-policy", off, adv, req},
	{"cronjob-starting-deadline", off, adv, req},
	{"job-backoff-limit", off, adv, req},
}

// profileParams are the params a built-in profile sets for a check, beyond the check's defaults.
var profileParams = map[string]map[string]map[string]string{
	ProfileStrict: {"network-policy": {"egress": "true"}},
}

// BuiltinParams returns the raw params a built-in profile sets for a check (nil when none).
func BuiltinParams(profile, id string) map[string]string { return profileParams[profile][id] }

func catalogueIndex(id string) int {
	for i, row := range catalogue {
		if row.id == id {
			return i
		}
	}
	return len(catalogue)
}

// IsBuiltinProfile reports whether name is a built-in profile.
func IsBuiltinProfile(name string) bool { return slices.Contains(BuiltinProfiles, name) }

// BuiltinEnforcement returns a check's enforcement in a built-in profile (Disabled when the
// check or the profile is unknown).
func BuiltinEnforcement(profile, id string) v1alpha1.Enforcement {
	for _, row := range catalogue {
		if row.id != id {
			continue
		}
		switch profile {
		case ProfileBaseline:
			return row.baseline
		case ProfileProduction:
			return row.production
		case ProfileStrict:
			return row.strict
		}
	}
	return off
}

// CatalogueIDs lists the ids of the profile table, in order.
func CatalogueIDs() []string {
	ids := make([]string, len(catalogue))
	for i, row := range catalogue {
		ids[i] = row.id
	}
	return ids
}
