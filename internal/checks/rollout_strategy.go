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
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
)

func init() { register(&rolloutStrategy) }

var rolloutStrategy = Check{
	Meta: Meta{
		ID:       "rollout-strategy",
		Title:    "Releases roll out without downtime",
		Category: CategoryRollout,
		Description: "Deployment: `spec.strategy.type` is RollingUpdate (unset means RollingUpdate, not " +
			"Recreate), maxUnavailable (unset = 25%) is below 100% and, as a number, below the effective " +
			"replicas, and maxSurge (unset = 25%) and maxUnavailable are not both 0. A Deployment with " +
			"Recreate, one effective replica and a writable PersistentVolumeClaim volume reports Skip: a " +
			"ReadWriteOnce volume cannot move to a new pod while the old one holds it, so Recreate is " +
			"right there (the PVC's access mode is not in the snapshot; the rule assumes ReadWriteOnce). " +
			"StatefulSet: " +
			"`spec.updateStrategy.type` is RollingUpdate (unset means RollingUpdate), not OnDelete. " +
			"DaemonSet: `spec.updateStrategy.type` is RollingUpdate (unset means RollingUpdate), not " +
			"OnDelete, with maxUnavailable below 100% and not both maxSurge and maxUnavailable 0.",
		Rationale: "`Recreate` stops every old pod before starting a new one, so each release is an " +
			"outage, and a maxUnavailable that covers every replica does the same with extra steps. " +
			"`OnDelete` never replaces a pod by itself: a release is applied but the old version keeps " +
			"running until someone deletes each pod by hand. maxSurge and maxUnavailable both 0 leave " +
			"the controller no room to make progress (the API server rejects it; offline manifests can " +
			"still carry it).",
		Remediation: "Use a rolling update that keeps pods serving, e.g. " +
			"`strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}` for a " +
			"Deployment, or remove `updateStrategy: {type: OnDelete}` from a StatefulSet or DaemonSet. " +
			"If an application cannot run two versions side by side, make it able to (or exempt the check " +
			"with the reason) rather than accepting downtime on every release.",
		// A Deployment's maxUnavailable is judged at the effective replicas (an HPA's minimum).
		Needs: []string{"HorizontalPodAutoscaler"},
	},
	Run: runRolloutStrategy,
}

// defaultSurgeUnavailable is the Deployment default for maxSurge and maxUnavailable.
var defaultSurgeUnavailable = intstr.FromString("25%")

func runRolloutStrategy(s *Snapshot, _ Params) Outcome {
	if s.Workload.WorkloadKind.Strategy == nil {
		return Skip("a %s %s: it has no rolling update to judge", s.Workload.Kind(), capabilityReasons[CapLongRunning])
	}
	return s.Workload.WorkloadKind.Strategy(s)
}

// checkSurgeUnavailable reports a maxUnavailable that is invalid or 100% or more, and maxSurge and
// maxUnavailable both 0.
func checkSurgeUnavailable(f *Findings, field string, surge, unavailable intstr.IntOrString) {
	pct, isPct, err := intOrPercentValue(unavailable)
	switch {
	case err != nil:
		f.AddWorkload("%s.maxUnavailable %q is not a number or a percentage", field, unavailable.String())
		return
	case isPct && pct >= 100:
		f.AddWorkload("%s.maxUnavailable is %s: every pod may be down at once during a release; use a lower value such as 25%%", field, unavailable.String())
		return
	}
	sv, _, serr := intOrPercentValue(surge)
	if serr != nil {
		f.AddWorkload("%s.maxSurge %q is not a number or a percentage", field, surge.String())
		return
	}
	if sv == 0 && pct == 0 {
		f.AddWorkload("%s.maxSurge and maxUnavailable are both 0, so the rollout can never progress (the API server rejects it); set maxSurge to 1 or 25%%", field)
	}
}

// intOrPercentValue is the number in an IntOrString ("25%" → 25, true).
func intOrPercentValue(v intstr.IntOrString) (n int, isPercent bool, err error) {
	if v.Type == intstr.Int {
		return int(v.IntVal), false, nil
	}
	s := strings.TrimSpace(v.StrVal)
	if !strings.HasSuffix(s, "%") {
		return 0, false, fmt.Errorf("invalid value %q", v.StrVal)
	}
	n, err = strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil || n < 0 {
		return 0, true, fmt.Errorf("invalid value %q", v.StrVal)
	}
	return n, true, nil
}
