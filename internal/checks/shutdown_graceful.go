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
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

func init() { register(&shutdownGraceful) }

// defaultGracePeriod is the pod's terminationGracePeriodSeconds when unset.
const defaultGracePeriod = 30

var shutdownGraceful = Check{
	Meta: Meta{
		ID:       "shutdown-graceful",
		Title:    "Pods behind a Service drain before they stop",
		Category: CategoryRollout,
		Requires: []Capability{CapLongRunning},
		Description: "Applies when a Service selects the pods (otherwise Skip: nothing to drain). Every " +
			"container a selecting Service sends traffic to — a container or native sidecar that declares " +
			"a port the Service targets, or every regular container when none declares one — has a " +
			"`lifecycle.preStop` hook (sleep, exec or httpGet; tcpSocket is not run by the kubelet and does " +
			"not count). A long terminationGracePeriodSeconds alone does not pass: without a preStop delay " +
			"the process gets SIGTERM while endpoints still route to it. The pod's " +
			"terminationGracePeriodSeconds (unset = 30) must be above 0, above every container's preStop " +
			"sleep (`preStop.sleep.seconds`, or an exec hook running `sleep N`, also through `sh -c`), " +
			"and at least param minGracePeriodSeconds when that is above 0.",
		Rationale: "When a pod is deleted, the kubelet sends SIGTERM at the same moment the endpoints " +
			"controller starts removing the pod from Services; kube-proxy, ingress controllers and load " +
			"balancers catch up seconds later and keep sending requests to a process that is exiting. A " +
			"preStop delay keeps the pod serving until they have. The grace period counts from the start " +
			"of preStop, so one shorter than the sleep SIGKILLs the container before it even sees SIGTERM.",
		Remediation: "Add a preStop hook to each serving container, e.g. " +
			"`lifecycle: {preStop: {sleep: {seconds: 5}}}` (Kubernetes 1.30+) or " +
			"`lifecycle: {preStop: {exec: {command: [sleep, \"5\"]}}}`, and keep " +
			"`terminationGracePeriodSeconds` longer than the sleep plus the time the application needs to " +
			"finish in-flight requests after SIGTERM.",
		Params: []ParamSpec{{
			Name:        "minGracePeriodSeconds",
			Type:        ParamInt,
			Default:     "0",
			Description: "When above 0, terminationGracePeriodSeconds (unset = 30) must be at least this many seconds.",
			Min:         Int64(0),
			Max:         Int64(86400),
		}},
		Needs: []string{"Service"},
	},
	Run: runShutdownGraceful,
}

func runShutdownGraceful(s *Snapshot, p Params) Outcome {
	services := s.ServicesSelecting()
	if len(services) == 0 {
		return Skip("no Service selects the pods; nothing to drain")
	}
	containers := s.Workload.Containers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	spec := s.Workload.PodSpec()
	grace, graceDesc := int64(defaultGracePeriod), "terminationGracePeriodSeconds (unset, 30)"
	if spec.TerminationGracePeriodSeconds != nil {
		grace = *spec.TerminationGracePeriodSeconds
		graceDesc = "terminationGracePeriodSeconds " + strconv.FormatInt(grace, 10)
	}

	var f Findings
	serving := servingContainers(containers, services, &f)
	for _, sc := range serving {
		checkPreStopPresent(&f, sc)
	}

	if grace <= 0 {
		f.AddWorkload("terminationGracePeriodSeconds is %d: containers are killed at once, without a chance to finish in-flight requests; set it to at least 30", grace)
	} else {
		longest := checkPreStopSleeps(&f, containers, grace, graceDesc)
		if least := p.Int("minGracePeriodSeconds"); least > 0 && grace < least {
			f.AddWorkload("%s is below minGracePeriodSeconds %d; raise it", graceDesc, least)
		}
		if longest > 0 {
			graceDesc += " outlasts the longest preStop sleep (" + strconv.FormatInt(longest, 10) + "s)"
		}
	}
	return f.Result("%d serving %s %s a preStop hook; %s", len(serving), plural(len(serving), "container"),
		byCount(len(serving), "has", "have"), graceDesc)
}

// servingContainer is a container that receives Service traffic and the Services that send it.
type servingContainer struct {
	Container
	services []string
}

// servingContainers are the containers declaring a port that a selecting Service targets. When
// none declares one, the regular containers are taken to serve (a numeric targetPort reaches the
// pod whether or not a container declares it).
func servingContainers(containers []Container, services []*corev1.Service, f *Findings) []servingContainer {
	var out []servingContainer
	for _, c := range containers {
		var names []string
		for _, svc := range services {
			if serviceTargetsContainer(svc, c.Container) {
				names = append(names, svc.Name)
			}
		}
		if len(names) > 0 {
			out = append(out, servingContainer{Container: c, services: names})
		}
	}
	if len(out) > 0 {
		return out
	}
	names := objectNames(services)
	for _, c := range containers {
		if c.Kind == RegularContainer {
			out = append(out, servingContainer{Container: c, services: names})
		}
	}
	f.Note("no container declares a port the selecting Services target, so every regular container is taken to serve them")
	return out
}

func checkPreStopPresent(f *Findings, sc servingContainer) {
	svc := plural(len(sc.services), "Service") + " " + quoteList(sc.services)
	var pre *corev1.LifecycleHandler
	if sc.Lifecycle != nil {
		pre = sc.Lifecycle.PreStop
	}
	switch {
	case pre == nil:
		f.Add(sc.Name, "%s serves %s but has no lifecycle.preStop hook: it gets SIGTERM while endpoints still route to it; add e.g. `preStop: {sleep: {seconds: 5}}`",
			sc.Describe(), svc)
	case pre.Exec == nil && pre.HTTPGet == nil && pre.Sleep == nil:
		f.Add(sc.Name, "%s serves %s but its lifecycle.preStop hook has no sleep, exec or httpGet action (tcpSocket is never run); add `preStop: {sleep: {seconds: 5}}`",
			sc.Describe(), svc)
	}
}

// checkPreStopSleeps reports containers whose preStop sleep is not shorter than the grace period,
// and returns the longest sleep found (in seconds).
func checkPreStopSleeps(f *Findings, containers []Container, grace int64, graceDesc string) int64 {
	var longest int64
	for _, c := range containers {
		secs, forever := preStopSleepSeconds(c.Container)
		switch {
		case forever:
			f.Add(c.Name, "%s preStop hook sleeps forever: SIGKILL always ends it after %s; sleep a fixed number of seconds", c.Describe(), graceDesc)
		case secs >= grace:
			f.Add(c.Name, "%s preStop hook sleeps %ds but %s: SIGKILL arrives before preStop finishes; make the grace period longer than the sleep",
				c.Describe(), secs, graceDesc)
		}
		if secs > longest {
			longest = secs
		}
	}
	return longest
}

// preStopSleepSeconds is how long a container's preStop hook sleeps: a sleep action, or an exec
// hook running sleep directly, through busybox or through `sh -c` (every `sleep N` of the script
// added up, fractions rounded up). forever is set for `sleep infinity`.
func preStopSleepSeconds(c *corev1.Container) (secs int64, forever bool) {
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
		return 0, false
	}
	pre := c.Lifecycle.PreStop
	if pre.Sleep != nil {
		return pre.Sleep.Seconds, false
	}
	if pre.Exec == nil {
		return 0, false
	}
	cmd := pre.Exec.Command
	if len(cmd) > 0 && path.Base(cmd[0]) == "busybox" {
		cmd = cmd[1:]
	}
	if len(cmd) == 0 {
		return 0, false
	}
	switch path.Base(cmd[0]) {
	case "sleep":
		return sumSleepArgs(cmd[1:])
	case "sh", "bash", "ash", "dash", "zsh":
		for i := 1; i+1 < len(cmd); i++ {
			if strings.HasPrefix(cmd[i], "-") && !strings.HasPrefix(cmd[i], "--") && strings.Contains(cmd[i], "c") {
				return shellSleepSeconds(cmd[i+1])
			}
		}
	}
	return 0, false
}

// shellSleep finds `sleep ARGS` in a shell script.
var shellSleep = regexp.MustCompile(`(?:^|[\s;&|(])sleep((?:[ \t]+[0-9a-z.]+)+)`)

func shellSleepSeconds(script string) (secs int64, forever bool) {
	for _, m := range shellSleep.FindAllStringSubmatch(script, -1) {
		n, inf := sumSleepArgs(strings.Fields(m[1]))
		secs += n
		forever = forever || inf
	}
	return secs, forever
}

// sumSleepArgs adds up sleep's operands as GNU sleep does ("1m 30" is 90s). Operands that are not
// durations (the rest of a script) end the list.
func sumSleepArgs(args []string) (secs int64, forever bool) {
	var total float64
	for _, a := range args {
		if a == "inf" || a == "infinity" {
			return 0, true
		}
		mult := 1.0
		switch {
		case strings.HasSuffix(a, "s"):
			a = strings.TrimSuffix(a, "s")
		case strings.HasSuffix(a, "m"):
			a, mult = strings.TrimSuffix(a, "m"), 60
		case strings.HasSuffix(a, "h"):
			a, mult = strings.TrimSuffix(a, "h"), 3600
		case strings.HasSuffix(a, "d"):
			a, mult = strings.TrimSuffix(a, "d"), 86400
		}
		v, err := strconv.ParseFloat(a, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			break
		}
		total += v * mult
	}
	if total > math.MaxInt32 {
		return math.MaxInt32, false
	}
	return int64(math.Ceil(total)), false
}
