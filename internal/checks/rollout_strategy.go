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

	appsv1 "k8s.io/api/apps/v1"
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
			"replicas, and maxSurge (unset = 25%) and maxUnavailable are not both 0. StatefulSet: " +
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
	},
	Run: runRolloutStrategy,
}

// defaultSurgeUnavailable is the Deployment default for maxSurge and maxUnavailable.
var defaultSurgeUnavailable = intstr.FromString("25%")

func runRolloutStrategy(s *Snapshot, _ Params) Outcome {
	w := &s.Workload
	switch {
	case w.Deployment != nil:
		return deploymentStrategy(s, &w.Deployment.Spec.Strategy)
	case w.StatefulSet != nil:
		return statefulSetStrategy(&w.StatefulSet.Spec.UpdateStrategy)
	case w.DaemonSet != nil:
		return daemonSetStrategy(&w.DaemonSet.Spec.UpdateStrategy)
	}
	return Skip("no workload")
}

func deploymentStrategy(s *Snapshot, st *appsv1.DeploymentStrategy) Outcome {
	switch st.Type {
	case appsv1.RecreateDeploymentStrategyType:
		return Violation("spec.strategy.type is Recreate: every pod is stopped before the new ones start, " +
			"so each release is downtime; use RollingUpdate")
	case "", appsv1.RollingUpdateDeploymentStrategyType:
	default:
		return Violation("spec.strategy.type %q is not a known strategy; use RollingUpdate", st.Type)
	}
	surge, unavailable := defaultSurgeUnavailable, defaultSurgeUnavailable
	if ru := st.RollingUpdate; ru != nil {
		if ru.MaxSurge != nil {
			surge = *ru.MaxSurge
		}
		if ru.MaxUnavailable != nil {
			unavailable = *ru.MaxUnavailable
		}
	}
	replicas, source, _ := s.EffectiveReplicas()
	var f Findings
	checkSurgeUnavailable(&f, "spec.strategy.rollingUpdate", surge, unavailable)
	if f.Len() == 0 {
		// The deployment controller rounds maxUnavailable down.
		n, _, _ := scaledIntOrPercent(unavailable, replicas, false)
		if replicas > 0 && n >= replicas {
			f.AddWorkload("spec.strategy.rollingUpdate.maxUnavailable %s lets all %d pods (effective replicas, from %s) be unavailable at once; set it below %d",
				unavailable.String(), replicas, source, replicas)
		}
	}
	return f.Result("RollingUpdate with maxSurge %s and maxUnavailable %s at %d effective %s",
		surge.String(), unavailable.String(), replicas, plural(int(replicas), "replica"))
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

func statefulSetStrategy(st *appsv1.StatefulSetUpdateStrategy) Outcome {
	switch st.Type {
	case "", appsv1.RollingUpdateStatefulSetStrategyType:
		return Pass("updateStrategy RollingUpdate")
	case appsv1.OnDeleteStatefulSetStrategyType:
		return Violation("spec.updateStrategy.type is OnDelete: releases never roll out by themselves, old pods run " +
			"until deleted by hand; use RollingUpdate")
	}
	return Violation("spec.updateStrategy.type %q is not a known strategy; use RollingUpdate", st.Type)
}

func daemonSetStrategy(st *appsv1.DaemonSetUpdateStrategy) Outcome {
	switch st.Type {
	case "", appsv1.RollingUpdateDaemonSetStrategyType:
	case appsv1.OnDeleteDaemonSetStrategyType:
		return Violation("spec.updateStrategy.type is OnDelete: releases never roll out by themselves, old pods run " +
			"until deleted by hand; use RollingUpdate")
	default:
		return Violation("spec.updateStrategy.type %q is not a known strategy; use RollingUpdate", st.Type)
	}
	// DaemonSet defaults: maxUnavailable 1, maxSurge 0.
	surge, unavailable := intstr.FromInt32(0), intstr.FromInt32(1)
	if ru := st.RollingUpdate; ru != nil {
		if ru.MaxSurge != nil {
			surge = *ru.MaxSurge
		}
		if ru.MaxUnavailable != nil {
			unavailable = *ru.MaxUnavailable
		}
	}
	var f Findings
	checkSurgeUnavailable(&f, "spec.updateStrategy.rollingUpdate", surge, unavailable)
	return f.Result("RollingUpdate with maxSurge %s and maxUnavailable %s", surge.String(), unavailable.String())
}
