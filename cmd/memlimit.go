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

package main

import (
	"errors"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// cgroupMemoryFiles are where the container's memory limit is read: cgroup v2, then v1.
var cgroupMemoryFiles = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}

// applyMemoryLimit sets the Go runtime's soft memory limit to ratio × the container's memory
// limit, so the garbage collector works harder as the heap nears the limit instead of the pod
// being OOM-killed, and returns the limit set (0: none). It leaves the runtime alone when
// GOMEMLIMIT is set, ratio is not in (0, 1], or no limit is found (no cgroup limit: "max", or
// v1's page-rounded maximum).
func applyMemoryLimit(ratio float64, files []string) int64 {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set || ratio <= 0 || ratio > 1 {
		return 0
	}
	limit, err := cgroupMemoryLimit(files)
	if err != nil {
		return 0
	}
	soft := int64(float64(limit) * ratio)
	debug.SetMemoryLimit(soft)
	return soft
}

var errNoLimit = errors.New("no memory limit")

func cgroupMemoryLimit(files []string) (int64, error) {
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(raw))
		if v == "max" {
			return 0, errNoLimit
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n >= math.MaxInt64/2 { // v1 without a limit: 9223372036854771712
			return 0, errNoLimit
		}
		return n, nil
	}
	return 0, errNoLimit
}
