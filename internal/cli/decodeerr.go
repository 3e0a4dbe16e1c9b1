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
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/snapshot"
)

// maxFieldSearch bounds the decodes spent locating a bad field (only on the error path).
const maxFieldSearch = 500

// describeAddError turns an error of snapshot.Manifests.Add into the message of an InputError
// (without the file:line prefix, which the InputError carries). Errors formed by prodready
// itself are kept; an error wrapping a decoder's (JSON, time, quantity, selector parsing) is
// replaced by a fixed message naming the object and the field path, found by decoding the
// document with parts removed: a decoder's text may quote the value (a time, a duration, a
// label), and an input value never reaches any output.
func describeAddError(doc manifest.Document, err error) string {
	prefix := doc.Source.String() + ": "
	if doc.Err != nil || errors.Unwrap(err) == nil || doc.Object == nil {
		return strings.TrimPrefix(err.Error(), prefix)
	}
	what := "has a value of the wrong type or format"
	var typeErr *json.UnmarshalTypeError
	var timeErr *time.ParseError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		// Value is "string", "number", "bool", "array", "object" (a number may follow: drop it).
		got, _, _ := strings.Cut(typeErr.Value, " ")
		what = fmt.Sprintf("is a JSON %s, which this field does not take", got)
	case errors.As(err, &timeErr):
		what = "is not a time in RFC 3339 format (2006-01-02T15:04:05Z)"
	case errors.Is(err, resource.ErrFormatWrong), errors.Is(err, resource.ErrSuffix), errors.Is(err, resource.ErrNumeric):
		what = "is not a valid quantity (such as 500m or 128Mi)"
	case errors.As(err, &syntaxErr):
		what = "is not valid JSON"
	}
	field := badField(doc)
	if field == "" {
		return fmt.Sprintf("%s %q: a field %s", doc.Object.GetKind(), doc.Object.GetName(), what)
	}
	return fmt.Sprintf("%s %q: field %s %s", doc.Object.GetKind(), doc.Object.GetName(), field, what)
}

// badField finds the path of the field that makes the document fail to decode: it descends
// into the key or item whose removal makes the decode succeed, and stops where no single
// removal does. "" when even the top level cannot be narrowed down.
func badField(doc manifest.Document) string {
	root := runtime.DeepCopyJSONValue(doc.Object.Object).(map[string]any)
	trials := 0
	fails := func(obj map[string]any) bool {
		trials++
		js, err := json.Marshal(obj)
		if err != nil {
			return true
		}
		d := doc
		d.Object, d.JSON = &unstructured.Unstructured{Object: obj}, js
		return snapshot.NewManifests("").Add(d) != nil
	}
	var path []string
	var cur any = root
	for trials < maxFieldSearch {
		next, step, ok := narrow(root, cur, len(path) == 0, fails)
		if !ok {
			break
		}
		path = append(path, step)
		cur = next
	}
	return strings.TrimPrefix(strings.Join(path, ""), ".")
}

// narrow tries removing each key (or item) of cur, in place in root; it returns the child whose
// removal made root decode, and the path step to it.
func narrow(root map[string]any, cur any, top bool, fails func(map[string]any) bool) (any, string, bool) {
	switch node := cur.(type) {
	case map[string]any:
		keys := make([]string, 0, len(node))
		for k := range node {
			if top && (k == "apiVersion" || k == "kind" || k == "metadata") {
				continue
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if top {
			keys = append(keys, "metadata") // last: removing it changes the object's identity
		}
		for _, k := range keys {
			if _, ok := node[k]; !ok {
				continue
			}
			v := node[k]
			delete(node, k)
			ok := !fails(root)
			node[k] = v
			if ok {
				return v, "." + k, true
			}
		}
	case []any:
		for i := range node {
			v := node[i]
			node[i] = nil // a null item decodes as the zero value
			ok := !fails(root)
			node[i] = v
			if ok {
				return v, fmt.Sprintf("[%d]", i), true
			}
		}
	}
	return nil, "", false
}
