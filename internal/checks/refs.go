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

	corev1 "k8s.io/api/core/v1"
)

// objectRef is one reference of a pod template to a Secret or ConfigMap by name.
type objectRef struct {
	// Name is the referenced object's name ("" when the reference names none).
	Name string
	// Keys are the keys the reference needs; empty when it takes the whole object.
	Keys []string
	// Optional is the reference's `optional` flag: the kubelet skips a missing object or key.
	Optional bool
	// Container is the name of the referencing container; empty for pod-level references
	// (volumes, imagePullSecrets).
	Container string
	// Where names the referencing field for messages: `container "api" env DB_PASSWORD`,
	// `volume "certs"`, `imagePullSecrets`.
	Where string
}

// refKind describes the kind of object a set of references points to, for messages.
type refKind struct {
	// noun is the lower-case word used in findings, as the kubelet says it: "secret".
	noun string
	// kind is the API kind, for summaries: "Secret".
	kind string
}

var (
	secretRefKind    = refKind{noun: "secret", kind: "Secret"}
	configMapRefKind = refKind{noun: "configmap", kind: "ConfigMap"}
)

func refOptional(b *bool) bool { return b != nil && *b }

// podRefs lists every reference of the workload's pod template to objects of a kind, in pod
// order: containers (init, sidecar and regular: env valueFrom.secretKeyRef or configMapKeyRef,
// envFrom secretRef or configMapRef), then volumes (secret or configMap volumes and projected
// sources, and for Secrets the secret references of volume plugins), then, for Secrets,
// imagePullSecrets.
func podRefs(w *Workload, k refKind) []objectRef {
	secret := k == secretRefKind
	var out []objectRef
	for _, c := range w.AllContainers() {
		for _, e := range c.Env {
			switch src := e.ValueFrom; {
			case src == nil:
			case secret && src.SecretKeyRef != nil:
				r := src.SecretKeyRef
				out = append(out, envRef(c, e.Name, r.Name, r.Key, r.Optional))
			case !secret && src.ConfigMapKeyRef != nil:
				r := src.ConfigMapKeyRef
				out = append(out, envRef(c, e.Name, r.Name, r.Key, r.Optional))
			}
		}
		for _, e := range c.EnvFrom {
			switch {
			case secret && e.SecretRef != nil:
				out = append(out, envFromRef(c, e.SecretRef.Name, e.SecretRef.Optional))
			case !secret && e.ConfigMapRef != nil:
				out = append(out, envFromRef(c, e.ConfigMapRef.Name, e.ConfigMapRef.Optional))
			}
		}
	}
	spec := w.PodSpec()
	for i := range spec.Volumes {
		v := &spec.Volumes[i]
		where := fmt.Sprintf("volume %q", v.Name)
		switch {
		case secret && v.Secret != nil:
			out = append(out, volumeRef(where, v.Secret.SecretName, v.Secret.Items, v.Secret.Optional))
		case !secret && v.ConfigMap != nil:
			out = append(out, volumeRef(where, v.ConfigMap.Name, v.ConfigMap.Items, v.ConfigMap.Optional))
		}
		if v.Projected != nil {
			for _, src := range v.Projected.Sources {
				switch {
				case secret && src.Secret != nil:
					out = append(out, volumeRef(where+" (projected)", src.Secret.Name, src.Secret.Items, src.Secret.Optional))
				case !secret && src.ConfigMap != nil:
					out = append(out, volumeRef(where+" (projected)", src.ConfigMap.Name, src.ConfigMap.Items, src.ConfigMap.Optional))
				}
			}
		}
		if name, ok := pluginSecretName(v); ok && secret {
			out = append(out, objectRef{Name: name, Where: where})
		}
	}
	if secret {
		for _, ps := range spec.ImagePullSecrets {
			out = append(out, objectRef{Name: ps.Name, Where: "imagePullSecrets"})
		}
	}
	return out
}

// envRef is a container's env variable taken from one key of an object.
func envRef(c Container, env, name, key string, optional *bool) objectRef {
	return objectRef{Name: name, Keys: []string{key}, Optional: refOptional(optional), Container: c.Name,
		Where: fmt.Sprintf("%s env %s", c.Describe(), env)}
}

// envFromRef is a container's envFrom of a whole object.
func envFromRef(c Container, name string, optional *bool) objectRef {
	return objectRef{Name: name, Optional: refOptional(optional), Container: c.Name, Where: fmt.Sprintf("%s envFrom", c.Describe())}
}

// volumeRef is a volume or projected source of an object, with the keys of its items.
func volumeRef(where, name string, items []corev1.KeyToPath, optional *bool) objectRef {
	return objectRef{Name: name, Keys: refItemKeys(items), Optional: refOptional(optional), Where: where}
}

// pluginSecretName returns the Secret a volume plugin reads its credentials from (CSI
// nodePublishSecretRef, cephfs, rbd, iSCSI, flexVolume, ScaleIO, StorageOS secretRef, azureFile
// secretName). The kubelet cannot mount the volume without it.
func pluginSecretName(v *corev1.Volume) (string, bool) {
	var ref *corev1.LocalObjectReference
	switch {
	case v.CSI != nil:
		ref = v.CSI.NodePublishSecretRef
	case v.CephFS != nil:
		ref = v.CephFS.SecretRef
	case v.RBD != nil:
		ref = v.RBD.SecretRef
	case v.ISCSI != nil:
		ref = v.ISCSI.SecretRef
	case v.FlexVolume != nil:
		ref = v.FlexVolume.SecretRef
	case v.ScaleIO != nil:
		ref = v.ScaleIO.SecretRef
	case v.StorageOS != nil:
		ref = v.StorageOS.SecretRef
	case v.AzureFile != nil:
		return v.AzureFile.SecretName, true
	}
	if ref == nil {
		return "", false
	}
	return ref.Name, true
}

func refItemKeys(items []corev1.KeyToPath) []string {
	if len(items) == 0 {
		return nil
	}
	keys := make([]string, 0, len(items))
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	return keys
}

// evaluateRefs checks that every reference of the pod template to objects of a kind exists and
// has the referenced keys.
//
//   - An optional reference never fails: the kubelet skips a missing object or key.
//   - A missing object is a violation in the cluster; offline (s.Offline) it may exist elsewhere,
//     so it is undecidable, and the result is Skip when nothing else fails.
//   - An object that is present but lacks a referenced key is a violation, offline too.
//
// Findings about a container's env or envFrom are attributed to that container.
func evaluateRefs(s *Snapshot, k refKind, lookup func(string) (*KeySet, bool)) Outcome {
	refs := podRefs(&s.Workload, k)
	if len(refs) == 0 {
		return Skip("the pod template references no %ss", k.kind)
	}
	var f Findings
	found := map[string]bool{}
	undecided := map[string]bool{}
	optionalAbsent := map[string]bool{}
	for _, r := range refs {
		if r.Name == "" {
			if !r.Optional {
				f.Add(r.Container, "%s: the %s reference has no name; set the %s's name", r.Where, k.noun, k.noun)
			}
			continue
		}
		obj, ok := lookup(r.Name)
		switch {
		case !ok && r.Optional:
			optionalAbsent[r.Name] = true
		case !ok && s.Offline:
			undecided[r.Name] = true
		case !ok:
			f.Add(r.Container, "%s: %s %q not found; create it or fix the name", r.Where, k.noun, r.Name)
		default:
			found[r.Name] = true
			if missing := refMissingKeys(obj, r.Keys); len(missing) > 0 && !r.Optional {
				f.Add(r.Container, "%s: %s %q has no %s %s", r.Where, k.noun, r.Name, plural(len(missing), "key"), quoteListMax(missing))
			}
		}
	}
	for _, name := range sortedKeys(optionalAbsent) {
		if !found[name] && !undecided[name] {
			f.Note("optional %s %q is absent", k.noun, name)
		}
	}
	if len(undecided) > 0 {
		names := sortedKeys(undecided)
		skip := fmt.Sprintf("%s %s not in the input; run with --cluster to check %s",
			plural(len(names), k.noun), quoteListMax(names), byCount(len(names), "it", "them"))
		if f.Len() == 0 {
			return Skip("%s", skip)
		}
		f.Note("%s", skip)
	}
	n := len(found)
	if n == 0 {
		return f.Result("every referenced %s is optional", k.kind)
	}
	if n == 1 {
		return f.Result("the referenced %s exists with the referenced keys", k.kind)
	}
	return f.Result("all %d referenced %ss exist with the referenced keys", n, k.kind)
}

// refMissingKeys returns the keys the object lacks, without duplicates, in reference order.
func refMissingKeys(obj *KeySet, keys []string) []string {
	var missing []string
	seen := map[string]bool{}
	for _, key := range keys {
		if !seen[key] && !obj.HasKey(key) {
			missing = append(missing, key)
		}
		seen[key] = true
	}
	return missing
}

// serviceAccountRef returns the ServiceAccount the pod template runs as: serviceAccountName, or
// the deprecated serviceAccount field when that is unset, or "default". explicit is false when
// neither field is set.
func serviceAccountRef(w *Workload) (name string, explicit bool) {
	spec := w.PodSpec()
	switch {
	case spec.ServiceAccountName != "":
		return spec.ServiceAccountName, true
	case spec.DeprecatedServiceAccount != "":
		return spec.DeprecatedServiceAccount, true
	}
	return "default", false
}
