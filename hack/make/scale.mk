# The scale benchmark (hack/scalebench): the real manager binary against envtest's kube-apiserver
# and etcd, from outside. Included by the Makefile; see docs/performance.md.

##@ Performance

# BENCH_SIZES are NSxW (namespaces × workloads per namespace), comma-separated.
BENCH_SIZES ?= 50x20,1x2000,100x100
BENCH_FLAGS ?=

.PHONY: bench-scale
bench-scale: envtest ## The scale benchmark at BENCH_SIZES (default 1k in 50 ns, 2k in one ns, 10k in 100 ns): one summary line per size.
	KUBEBUILDER_ASSETS="$$(hack/envtest-assets.sh)" go run ./hack/scalebench -sizes '$(BENCH_SIZES)' $(BENCH_FLAGS)

.PHONY: bench-scale-quick
bench-scale-quick: envtest ## The scale benchmark's quick mode (part of make test): fails on a live read after sync, a write while nothing changed or on restart.
	KUBEBUILDER_ASSETS="$$(hack/envtest-assets.sh)" go run ./hack/scalebench -quick
