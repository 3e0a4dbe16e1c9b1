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
	"time"

	"github.com/spf13/pflag"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/discovery"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// requestTimeout bounds each API request of the CLI.
const requestTimeout = 30 * time.Second

var scheme = runtime.NewScheme()

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(v1alpha1.AddToScheme(scheme))
}

// kubeFlags are the kubeconfig flags, as kubectl spells them.
type kubeFlags struct {
	kubeconfig string
	context    string
}

func (k *kubeFlags) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&k.kubeconfig, "kubeconfig", "", "path to the kubeconfig file (default $KUBECONFIG, then ~/.kube/config)")
	fs.StringVar(&k.context, "context", "", "the kubeconfig context to use (default the current context)")
}

// clientConfig loads the kubeconfig as kubectl does: --kubeconfig, else $KUBECONFIG, else
// ~/.kube/config, else the in-cluster configuration.
func (k *kubeFlags) clientConfig() clientcmd.ClientConfig {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = k.kubeconfig
	return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: k.context})
}

// newClient returns a live (uncached) client and the context's namespace.
func (k *kubeFlags) newClient() (client.Client, string, error) {
	cc := k.clientConfig()
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, "", fmt.Errorf("loading kubeconfig: %w", err)
	}
	cfg.UserAgent = "prodready/" + cliVersion()
	cfg.Timeout = requestTimeout
	if err := ping(cfg); err != nil {
		return nil, "", err
	}
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return nil, "", fmt.Errorf("connecting to the cluster: %w", err)
	}
	ns, _, err := cc.Namespace()
	if err != nil {
		return nil, "", fmt.Errorf("reading the kubeconfig namespace: %w", err)
	}
	return c, ns, nil
}

// ping fails fast, with one clear error, when the API server cannot be reached (/version is
// readable by any client, whatever its RBAC).
func ping(cfg *rest.Config) error {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return fmt.Errorf("connecting to the cluster: %w", err)
	}
	if _, err := dc.ServerVersion(); err != nil {
		return fmt.Errorf("cannot reach the cluster at %s: %w", cfg.Host, err)
	}
	return nil
}

// clusterReader reads a workload's related objects and ReadinessProfiles from a cluster for
// `check --cluster`. The workload itself always comes from the input.
type clusterReader struct {
	client   client.Client
	gatherer *snapshot.Gatherer
	// reader is what the gatherer reads through: once per namespace, referenced Secrets only.
	reader     *namespaceReader
	referenced bool
}

// referenceAll records the Secrets every workload of the input references, before the first
// namespace is read (its Secrets are then read once for all its workloads).
func (c *clusterReader) referenceAll(set *snapshot.Manifests) error {
	if c.referenced {
		return nil
	}
	c.referenced = true
	for i := range set.Workloads {
		wd, err := set.Decoded(&set.Workloads[i])
		if err != nil {
			return err
		}
		c.reader.reference(wd.Workload.Namespace(), wd.Workload.PodSpec())
	}
	return nil
}

func newClusterReader(c client.Client) *clusterReader {
	var kinds []schema.GroupVersionKind
	for _, gvk := range []schema.GroupVersionKind{snapshot.ServiceMonitorGVK, snapshot.PodMonitorGVK} {
		if _, err := c.RESTMapper().RESTMapping(gvk.GroupKind(), gvk.Version); err == nil {
			kinds = append(kinds, gvk)
		}
	}
	nr := newNamespaceReader(c)
	return &clusterReader{client: c, reader: nr, gatherer: &snapshot.Gatherer{Reader: nr, Served: snapshot.NewServed(kinds...)}}
}

// profile reads a cluster-scoped ReadinessProfile.
func (c *clusterReader) profile(ctx context.Context, name string) (*v1alpha1.ReadinessProfile, bool) {
	var rp v1alpha1.ReadinessProfile
	if err := c.client.Get(ctx, client.ObjectKey{Name: name}, &rp); err != nil {
		return nil, false
	}
	return &rp, true
}

// merge replaces an offline snapshot's related objects with the cluster's, the input's own
// related objects taking precedence over cluster objects of the same name (they are about to
// be applied). The result is an online snapshot: a referenced object that is missing is missing.
func (c *clusterReader) merge(ctx context.Context, offline *checks.Snapshot) (*checks.Snapshot, error) {
	live, err := c.gatherer.Gather(ctx, offline.Workload.WorkloadKind, offline.Workload.Object, offline.Now)
	if err != nil {
		return nil, err
	}
	live.Workload = offline.Workload
	live.Offline = false
	live.MonitorsKnown = live.MonitorsKnown || len(offline.Monitors) > 0
	live.PDBs = mergeByName(live.PDBs, offline.PDBs, func(o *policyv1.PodDisruptionBudget) string { return o.Name })
	live.HPAs = mergeByName(live.HPAs, offline.HPAs, func(o *autoscalingv2.HorizontalPodAutoscaler) string { return o.Name })
	live.Services = mergeByName(live.Services, offline.Services, func(o *corev1.Service) string { return o.Name })
	live.NetworkPolicies = mergeByName(live.NetworkPolicies, offline.NetworkPolicies, func(o *networkingv1.NetworkPolicy) string { return o.Name })
	live.ServiceAccounts = mergeByName(live.ServiceAccounts, offline.ServiceAccounts, func(o *corev1.ServiceAccount) string { return o.Name })
	live.Secrets = mergeByName(live.Secrets, offline.Secrets, func(o *checks.KeySet) string { return o.Name })
	live.ConfigMaps = mergeByName(live.ConfigMaps, offline.ConfigMaps, func(o *checks.KeySet) string { return o.Name })
	live.Monitors = mergeByName(live.Monitors, offline.Monitors, func(o *checks.Monitor) string { return o.Kind + "/" + o.Name })
	return live, nil
}

// mergeByName returns the cluster's objects, each replaced by the input's object of the same
// name, followed by the input's other objects.
func mergeByName[T any](cluster, input []T, name func(*T) string) []T {
	if len(input) == 0 {
		return cluster
	}
	fromInput := make(map[string]bool, len(input))
	for i := range input {
		fromInput[name(&input[i])] = true
	}
	out := make([]T, 0, len(cluster)+len(input))
	for i := range cluster {
		if !fromInput[name(&cluster[i])] {
			out = append(out, cluster[i])
		}
	}
	return append(out, input...)
}
