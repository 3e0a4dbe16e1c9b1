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

import "github.com/prodready/prodready/api/v1alpha1"

// Summarize counts results as Evaluate does, for a caller that changed a Report's results (the
// CLI turns the checks whose objects it could not read into Skip).
func Summarize(results []v1alpha1.CheckResult) v1alpha1.Summary { return summarize(results) }
