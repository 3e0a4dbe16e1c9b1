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

// Package integrations connects prodready to GitOps and promotion tools: the Flagger
// confirm-promotion gate served by the manager, and the optional OpenReports publisher. The
// Argo CD health check (config/integrations/argocd/health.lua) and the Argo Rollouts/Kargo
// analysis template (config/integrations/argo-rollouts) are tested here too.
package integrations
