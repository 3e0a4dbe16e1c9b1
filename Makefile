# prodready Makefile (kubebuilder v4 layout).
#
# Everything installs from the Go module proxy into bin/ (gitignored) and is cached there:
# Kubernetes binaries in bin/k8s/<version>-<os>-<arch>/, tools in bin/tools/.

SHELL := /usr/bin/env bash -o pipefail
.SHELLFLAGS := -ec

IMG ?= prodready-controller:latest
KUBE_VERSION ?= 1.37.0
ETCD_VERSION ?= 3.6.16

GOBIN_DIR := $(CURDIR)/bin/tools
LOCALBIN := $(CURDIR)/bin
K8S_BIN_DIR ?= $(LOCALBIN)/k8s/$(KUBE_VERSION)-$(shell go env GOOS)-$(shell go env GOARCH)
export K8S_BIN_DIR KUBE_VERSION ETCD_VERSION

CONTROLLER_GEN := go tool controller-gen

# Test timeouts are generous: the first envtest compile on 2 cores takes minutes.
GO_TEST_FLAGS ?= -race -count=1 -timeout 20m

.PHONY: all
all: build

# Area makefiles (CLI, packaging, integrations) live in hack/make/*.mk. They may add checks of
# generated files to VERIFY_TARGETS, which `make verify` (and so `make test`) runs.
VERIFY_TARGETS :=
include $(wildcard hack/make/*.mk)

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "\nUsage:\n  make \033[36m<target>\033[0m\n"} /^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) } ' $(MAKEFILE_LIST)

##@ Development

.PHONY: manifests
manifests: ## Generate CRDs and RBAC from the markers into config/.
	$(CONTROLLER_GEN) rbac:roleName=manager-role crd webhook paths="./api/..." paths="./internal/..." paths="./cmd/..." output:crd:artifacts:config=config/crd/bases output:rbac:artifacts:config=config/rbac output:webhook:artifacts:config=config/webhook

.PHONY: generate
generate: ## Generate deepcopy code.
	$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./api/..." paths="./internal/checks/..."

.PHONY: fmt
fmt: ## gofmt the tree.
	gofmt -s -w $$(git ls-files -co --exclude-standard '*.go')

.PHONY: vet
vet: ## go vet.
	go vet ./...

.PHONY: lint
lint: ## Run golangci-lint (installed once into bin/tools).
	"$$(hack/tools.sh golangci-lint)" run ./...

.PHONY: lint-fix
lint-fix: ## Run golangci-lint and fix what it can.
	"$$(hack/tools.sh golangci-lint)" run --fix ./...

.PHONY: verify
verify: $(VERIFY_TARGETS) ## Fail when generated files (deepcopy, CRDs, RBAC, webhooks, docs, chart CRDs) or formatting are out of date.
	hack/verify-generated.sh

.PHONY: docs
docs: ## Generate docs/checks from the check catalogue.
	go run ./hack/gendocs

.PHONY: envtest
envtest: ## Provide kube-apiserver, etcd and kubectl for envtest (built from source once, then cached).
	@hack/envtest-assets.sh >/dev/null

.PHONY: test
test: verify vet lint envtest cluster-binaries ## Everything, with -race: unit, envtest, packaging and end-to-end tests. The README's test command.
	KUBEBUILDER_ASSETS="$$(hack/envtest-assets.sh)" go test $(GO_TEST_FLAGS) ./...
	$(MAKE) --no-print-directory bench-scale-quick
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory test-e2e

.PHONY: test-e2e
test-e2e: cluster-binaries ## End-to-end tests on a local kwok cluster (real rollouts, the manager binary).
	go test -tags e2e $(GO_TEST_FLAGS) ./test/e2e/

.PHONY: cluster-binaries
cluster-binaries: ## Provide kube-controller-manager, kube-scheduler, kwok and kwokctl (built once, cached).
	@hack/k8s-binaries.sh kube-apiserver etcd kubectl kube-controller-manager kube-scheduler >/dev/null
	@hack/tools.sh kwok >/dev/null
	@hack/tools.sh kwokctl >/dev/null

.PHONY: test-unit
test-unit: ## Unit tests only (no API server).
	go test $(GO_TEST_FLAGS) ./internal/checks/... ./api/...

.PHONY: bench
bench: ## Benchmarks of the engine, the snapshot builder, the metrics recorder, the workload admission webhook and the CLI.
	go test -run '^$$' -bench . -benchmem ./internal/checks/... ./internal/snapshot/ ./internal/metrics/ ./internal/webhook/admissionbench/ ./internal/cli/

##@ Demo

.PHONY: demo
demo: ## The README's first command: a local cluster, the operator, a sample app failing then passing.
	hack/demo.sh

.PHONY: demo-down
demo-down: ## Stop the demo operator and delete its cluster.
	hack/demo-down.sh

##@ Build

.PHONY: build
build: ## Build the manager binary.
	CGO_ENABLED=0 go build -trimpath -o bin/manager ./cmd

.PHONY: run
run: manifests generate ## Run the manager against the current kubeconfig (installs nothing: see `make install`).
	go run ./cmd --metrics-bind-address=0 --health-probe-bind-address=:8081

##@ Deployment

.PHONY: install
install: manifests ## Install the CRDs into the cluster of the current kubeconfig.
	kubectl apply --server-side -f config/crd/bases

.PHONY: uninstall
uninstall: ## Remove the CRDs (and every ProductionReadiness) from the cluster.
	kubectl delete --ignore-not-found -f config/crd/bases
