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

package v1alpha1

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
)

// CompactChecks drops the Pass results of the status and keeps a digest of the whole list, so
// that SameChecks still tells whether a list equals it. The operator's cache holds statuses so:
// most results of a cached ProductionReadiness pass, and the operator only needs to know
// whether a new evaluation changed them; the results that do not pass (what fleet views and the
// promotion gate read) stay. A compacted status is a cache's copy: writing it back would drop
// the Pass results, so the operator always writes a freshly built list (SetChecks).
func (s *ProductionReadinessStatus) CompactChecks() {
	if s.ChecksDigest != "" {
		return
	}
	digest := checksDigestOf(s.Checks)
	var kept []CheckResult
	for _, c := range s.Checks {
		if c.Result != ResultPass {
			kept = append(kept, c)
		}
	}
	s.Checks, s.ChecksDigest = slices.Clip(kept), digest
}

// ChecksCompacted reports whether CompactChecks dropped the Pass results of the status.
func (s *ProductionReadinessStatus) ChecksCompacted() bool { return s.ChecksDigest != "" }

// SameChecks reports whether checks is the list of results the status holds, compacted or not.
func (s *ProductionReadinessStatus) SameChecks(checks []CheckResult) bool {
	if s.ChecksDigest != "" {
		return checksDigestOf(checks) == s.ChecksDigest
	}
	return slices.Equal(s.Checks, checks)
}

// SetChecks sets the results of the status (a whole list: it is no longer compacted).
func (s *ProductionReadinessStatus) SetChecks(checks []CheckResult) {
	s.Checks, s.ChecksDigest = checks, ""
}

// checksDigestOf is the SHA-256 of every field of every result, in order, each prefixed by its
// length (messages carry workload content, so no separator could be unambiguous); never empty.
func checksDigestOf(checks []CheckResult) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, c := range checks {
		for _, f := range [...]string{c.ID, c.Category, string(c.Enforcement), string(c.Result), c.Message} {
			_, _ = h.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
			_, _ = h.Write([]byte(f))
		}
	}
	_, _ = h.Write(n[:binary.PutUvarint(n[:], uint64(len(checks)))])
	return string(h.Sum(nil))
}
