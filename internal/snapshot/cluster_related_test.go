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

package snapshot

import (
	"context"
	"reflect"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// indexRecorder collects the indexes RegisterIndexes adds, for a fake client builder.
type indexRecorder struct{ b *fake.ClientBuilder }

func (r indexRecorder) IndexField(_ context.Context, obj client.Object, field string, fn client.IndexerFunc) error {
	r.b.WithIndex(obj, field, fn)
	return nil
}

// The Indexed Gatherer (the operator's and the webhook's) must give every check exactly the
// result the namespace-listing one gives, on the objects of every fixture with a built-in
// workload kind, held by an in-memory reader with the indexes RegisterIndexes declares. (The
// envtest parity test runs the real cache; this one covers the whole fixture set.)
func TestIndexedGatherEvaluatesAsTheWholeNamespace(t *testing.T) {
	files := fixtureFiles(t)
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	compared := 0
	for _, file := range files {
		m := loadFixture(t, file)
		b := fake.NewClientBuilder().WithScheme(scheme)
		if err := RegisterIndexes(ctx, indexRecorder{b}); err != nil {
			t.Fatal(err)
		}
		docs := loadObjects(t, file, scheme)
		if len(docs) == 0 {
			continue
		}
		c := b.WithObjects(docs...).Build()
		indexed, whole := &Gatherer{Reader: c, Indexed: true}, &Gatherer{Reader: c}
		for i := range m.Workloads {
			w := &m.Workloads[i].Workload
			if w.WorkloadKind.Optional || w.APIVersion() != w.Object.GetObjectKind().GroupVersionKind().GroupVersion().String() {
				continue // CRD-served or removed versions: read from manifests only
			}
			obj, k, err := indexed.GetWorkload(ctx, w.Namespace(), v1alpha1.TargetRef{Kind: w.Kind(), Name: w.Name()})
			if err != nil {
				continue // a refused or duplicate object the fixture is about
			}
			si, err := indexed.Gather(ctx, k, obj, now)
			if err != nil {
				t.Fatalf("%s: indexed gather: %v", file, err)
			}
			sw, err := whole.Gather(ctx, k, obj, now)
			if err != nil {
				t.Fatalf("%s: gather: %v", file, err)
			}
			for _, p := range []string{checks.ProfileBaseline, checks.ProfileProduction, checks.ProfileStrict} {
				pol, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: p}, m.ProfileGetter())
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				got, want := checks.Evaluate(si, pol).Results, checks.Evaluate(sw, pol).Results
				for k := range want {
					if k < len(got) && !reflect.DeepEqual(got[k], want[k]) {
						t.Errorf("%s: %s %s, profile %q: indexed gather\n  %+v\nnamespace lists\n  %+v", file, w.Kind(), w.Name(), p, got[k], want[k])
					}
				}
				compared++
			}
		}
	}
	if compared < 300 {
		t.Fatalf("only %d evaluations compared", compared)
	}
	t.Logf("%d evaluations compared over %d files", compared, len(files))
}
