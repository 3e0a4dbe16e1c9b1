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

package cli

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// namespaceReader is the reader `check --cluster` gathers related objects through:
//
//   - each list of a namespace is read from the API server once and reused for every workload
//     of that namespace;
//   - Secrets are never listed: only those the input's workloads reference are read, one GET
//     each, and reduced to their key names at once;
//   - a list or read the user may not make (Forbidden, e.g. Secrets for the built-in view role)
//     yields nothing and is recorded, so the checks needing those objects report Skip with the
//     reason (skipUnreadable) instead of failing the run.
type namespaceReader struct {
	live client.Reader
	// secretRefs are, per namespace, the Secrets the input's workloads reference.
	secretRefs map[string]map[string]bool

	mu        sync.Mutex
	lists     map[string]runtime.Object
	forbidden map[string]map[string]bool // namespace -> kinds it may not read
}

func newNamespaceReader(live client.Reader) *namespaceReader {
	return &namespaceReader{live: live, secretRefs: map[string]map[string]bool{}, lists: map[string]runtime.Object{}, forbidden: map[string]map[string]bool{}}
}

// reference records the Secrets a workload's pod spec references.
func (r *namespaceReader) reference(namespace string, spec *corev1.PodSpec) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.secretRefs[namespace] == nil {
		r.secretRefs[namespace] = map[string]bool{}
	}
	for _, name := range checks.PodSecretNames(spec) {
		r.secretRefs[namespace][name] = true
	}
}

// Get reads through (a workload's template source, a ReadinessProfile).
func (r *namespaceReader) Get(ctx context.Context, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
	return r.live.Get(ctx, key, obj, opts...)
}

// List answers from the namespace's first list of that type, honouring
// client.UnsafeDisableDeepCopy.
func (r *namespaceReader) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	o := &client.ListOptions{}
	o.ApplyOptions(opts)
	if secrets, ok := list.(*corev1.SecretList); ok {
		return r.listSecrets(ctx, o.Namespace, secrets)
	}
	key := fmt.Sprintf("%s|%s|%v|%v", o.Namespace, list.GetObjectKind().GroupVersionKind(), o.LabelSelector, o.FieldSelector)
	key += fmt.Sprintf("|%T", list)
	r.mu.Lock()
	cached, ok := r.lists[key]
	r.mu.Unlock()
	if !ok {
		fresh := list.DeepCopyObject().(client.ObjectList)
		if err := r.live.List(ctx, fresh, client.InNamespace(o.Namespace), &client.ListOptions{LabelSelector: o.LabelSelector, FieldSelector: o.FieldSelector}); err != nil {
			if !apierrors.IsForbidden(err) {
				return err
			}
			r.deny(o.Namespace, listKind(list))
		}
		cached = fresh
		r.mu.Lock()
		r.lists[key] = cached
		r.mu.Unlock()
	}
	// As the manager's cache does: the items are shared with a caller that asked not to have
	// them copied (the Gatherer, which never modifies them), copied for anyone else.
	from := cached
	if o.UnsafeDisableDeepCopy == nil || !*o.UnsafeDisableDeepCopy {
		from = cached.DeepCopyObject().(client.ObjectList)
	}
	items, err := meta.ExtractList(from)
	if err != nil {
		return err
	}
	return meta.SetList(list, items)
}

// listSecrets reads the referenced Secrets of a namespace (once), keeping key names only.
func (r *namespaceReader) listSecrets(ctx context.Context, namespace string, out *corev1.SecretList) error {
	key := namespace + "|secrets"
	r.mu.Lock()
	cached, ok := r.lists[key]
	names := make([]string, 0, len(r.secretRefs[namespace]))
	for n := range r.secretRefs[namespace] {
		names = append(names, n)
	}
	r.mu.Unlock()
	if !ok {
		sort.Strings(names)
		list := &corev1.SecretList{}
		for _, name := range names {
			s := &corev1.Secret{}
			err := r.live.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, s)
			switch {
			case apierrors.IsNotFound(err):
				continue // secrets-refs-exist reports it missing
			case apierrors.IsForbidden(err):
				r.deny(namespace, "Secret")
				continue
			case err != nil:
				return err
			}
			keys := &corev1.Secret{ObjectMeta: s.ObjectMeta, Type: s.Type, Data: make(map[string][]byte, len(s.Data))}
			for k := range s.Data {
				keys.Data[k] = nil
			}
			keys.ManagedFields, keys.Annotations = nil, nil
			list.Items = append(list.Items, *keys)
		}
		cached = list
		r.mu.Lock()
		r.lists[key] = cached
		r.mu.Unlock()
	}
	cached.(*corev1.SecretList).DeepCopyInto(out)
	return nil
}

func (r *namespaceReader) deny(namespace, kind string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.forbidden[namespace] == nil {
		r.forbidden[namespace] = map[string]bool{}
	}
	r.forbidden[namespace][kind] = true
}

// unreadable returns the kinds of a namespace the user may not read, sorted.
func (r *namespaceReader) unreadable(namespace string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.forbidden[namespace]))
	for k := range r.forbidden[namespace] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// listKind is the item kind of a typed or unstructured list ("PodDisruptionBudget").
func listKind(list client.ObjectList) string {
	if k := list.GetObjectKind().GroupVersionKind().Kind; k != "" {
		return strings.TrimSuffix(k, "List")
	}
	t := fmt.Sprintf("%T", list) // *v1.PodDisruptionBudgetList
	return strings.TrimSuffix(t[strings.LastIndex(t, ".")+1:], "List")
}

// skipUnreadable turns the results of the checks that need objects the user may not read into
// Skip, saying why, and counts the report again.
func skipUnreadable(rep *checks.Report, namespace string, kinds []string) {
	if len(kinds) == 0 {
		return
	}
	changed := false
	for i := range rep.Results {
		res := &rep.Results[i]
		c, builtin := checks.Lookup(res.ID)
		if !builtin {
			continue
		}
		// The kinds the check judges are its catalogue entry's Needs (HorizontalPodAutoscalers
		// also decide the effective replica count).
		var unreadable []string
		for _, k := range c.Needs {
			if slices.Contains(kinds, k) {
				unreadable = append(unreadable, k+"s")
			}
		}
		if len(unreadable) > 0 {
			res.Result = v1alpha1.ResultSkip
			res.Message = fmt.Sprintf("cannot read %s in namespace %q: the user may not (Forbidden); run with a user who can, or without --cluster", strings.Join(unreadable, " and "), namespace)
			changed = true
		}
	}
	if changed {
		rep.Summary = checks.Summarize(rep.Results)
	}
}
