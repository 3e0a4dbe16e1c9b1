# The prodready CLI (cmd/prodready, internal/cli): build, tests, fuzzing. Included by the Makefile.

##@ CLI

# CLI_VERSION is stamped into the binary (`prodready version`, the SARIF driver version).
CLI_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
CLI_LDFLAGS := -X github.com/prodready/prodready/internal/cli.Version=$(CLI_VERSION)
# FUZZTIME is how long `make fuzz` runs each fuzz target; FUZZMINIMIZETIME bounds the
# minimisation of each new input (Go's default, 60s, would eat a short run).
FUZZTIME ?= 10s
FUZZMINIMIZETIME ?= 2s

.PHONY: build-cli
build-cli: ## Build the CLI into bin/prodready (CGO off, -trimpath, version from git describe).
	CGO_ENABLED=0 go build -trimpath -ldflags "$(CLI_LDFLAGS)" -o bin/prodready ./cmd/prodready

.PHONY: build-kubectl-plugin
build-kubectl-plugin: build-cli ## Also provide bin/kubectl-prodready (a copy), for `kubectl prodready` with bin/ on PATH.
	cp bin/prodready bin/kubectl-prodready

.PHONY: test-cli
test-cli: envtest ## Test the CLI and the manifest reader (status and --cluster against envtest; fuzz seeds included).
	KUBEBUILDER_ASSETS="$$(hack/envtest-assets.sh)" go test -count=1 ./internal/cli/... ./internal/manifest/...

.PHONY: fuzz
fuzz: ## Run each fuzz target for FUZZTIME (default 10s): FuzzReader (manifest parser), FuzzEvaluate (engine), FuzzRules (custom-check CEL rules).
	go test -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./internal/manifest
	go test -run '^$$' -fuzz '^FuzzEvaluate$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./internal/cli
	go test -run '^$$' -fuzz '^FuzzRules$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./internal/customcheck
