# Packaging and deployment: kustomize (config/), the Helm chart (charts/prodready) and the image.
#
# Tools come from hack/tools.sh (installed once into bin/tools from the Go module proxy; helm
# builds from source in a few minutes on first use). The recipes call it lazily, so targets
# that need neither tool never install them.

KUSTOMIZE = "$(CURDIR)/hack/tools.sh" kustomize
HELM = "$(CURDIR)/hack/tools.sh" helm
KUBECTL ?= kubectl
CONTAINER_TOOL ?= docker
CHART_DIR := charts/prodready
DIST_DIR ?= dist
HELM_RELEASE ?= prodready
HELM_NAMESPACE ?= prodready-system
# Where build-image-binary writes the manager built exactly as the image builds it.
IMAGE_BINARY ?= bin/image/manager
IGNORE_NOT_FOUND ?= true

# kustomize-build-with-image OUTPUT: build config/default with the manager image set to $(IMG),
# on a temporary copy of config/ (config/ itself is never modified).
define kustomize-build-with-image
	tmp="$$(mktemp -d /tmp/prodready-kustomize.XXXXXX)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	kustomize="$$($(KUSTOMIZE))"; \
	cp -R config "$$tmp/config"; \
	(cd "$$tmp/config/manager" && "$$kustomize" edit set image controller=$(IMG)); \
	"$$kustomize" build "$$tmp/config/default" > $(1)
endef

# The Dockerfile's `go build` RUN instruction as a shell command: continuation lines joined,
# `RUN` and its --mount options removed. build-image-binary runs it with the output redirected.
DOCKERFILE_GO_BUILD = awk '{ if (sub(/\\$$/, "")) { buf = buf $$0 " "; next } line = buf $$0; buf = ""; if (line ~ /^RUN .*go build/) { sub(/^RUN[ \t]+/, "", line); gsub(/--mount=[^ \t]+[ \t]*/, "", line); print line } }' Dockerfile
# The sources the Dockerfile's build stage COPYs into its context (go.mod, go.sum, api/, ...).
DOCKERFILE_SOURCES = awk '/^FROM /{ stage++ } stage == 1 && /^COPY / && !/--from/ { for (i = 2; i < NF; i++) print $$i }' Dockerfile

##@ Deployment (kustomize)

.PHONY: deploy
deploy: ## Deploy the operator (CRDs, RBAC, manager, webhooks) with kustomize to the current kubeconfig; IMG sets the image.
	@mkdir -p $(LOCALBIN)
	@$(call kustomize-build-with-image,$(LOCALBIN)/deploy.yaml)
	$(KUBECTL) apply --server-side --force-conflicts -f $(LOCALBIN)/deploy.yaml
	@rm -f $(LOCALBIN)/deploy.yaml

.PHONY: undeploy
undeploy: ## Remove what `make deploy` installed, CRDs included (this deletes every ProductionReadiness).
	@mkdir -p $(LOCALBIN)
	@$(call kustomize-build-with-image,$(LOCALBIN)/undeploy.yaml)
	$(KUBECTL) delete --ignore-not-found=$(IGNORE_NOT_FOUND) -f $(LOCALBIN)/undeploy.yaml
	@rm -f $(LOCALBIN)/undeploy.yaml

.PHONY: build-installer
build-installer: ## Write dist/install.yaml (DIST_DIR), everything in one file, with the image set to IMG.
	@mkdir -p $(DIST_DIR)
	@$(call kustomize-build-with-image,$(DIST_DIR)/install.yaml)
	@echo "wrote $(DIST_DIR)/install.yaml (image $(IMG))"

##@ Helm

VERIFY_TARGETS += verify-helm-crds

.PHONY: helm-crds
helm-crds: ## Copy controller-gen's output and the admission policies into the chart: CRDs (crds/), manager RBAC rules, webhooks and policies (files/).
	rm -f $(CHART_DIR)/crds/*.yaml
	cp config/crd/bases/*.yaml $(CHART_DIR)/crds/
	cp config/rbac/role.yaml $(CHART_DIR)/files/manager-role.yaml
	cp config/webhook/manifests.yaml $(CHART_DIR)/files/webhook-manifests.yaml
	cp config/admission-policy/promotion_label_policy.yaml $(CHART_DIR)/files/promotion-label-policy.yaml
	cp config/admission-policy/operator_scope_policy.yaml $(CHART_DIR)/files/operator-scope-policy.yaml

.PHONY: verify-helm-crds
verify-helm-crds: ## Fail when the chart's CRDs, RBAC rules or webhooks differ from config/ (run `make helm-crds`).
	@diff -r config/crd/bases $(CHART_DIR)/crds >/dev/null \
	  && diff config/rbac/role.yaml $(CHART_DIR)/files/manager-role.yaml >/dev/null \
	  && diff config/webhook/manifests.yaml $(CHART_DIR)/files/webhook-manifests.yaml >/dev/null \
	  && diff config/admission-policy/promotion_label_policy.yaml $(CHART_DIR)/files/promotion-label-policy.yaml >/dev/null \
	  && diff config/admission-policy/operator_scope_policy.yaml $(CHART_DIR)/files/operator-scope-policy.yaml >/dev/null \
	  || { echo "$(CHART_DIR) is out of sync with config/ (CRDs, config/rbac/role.yaml, config/webhook/manifests.yaml or config/admission-policy): run 'make manifests helm-crds'" >&2; \
	       diff -r config/crd/bases $(CHART_DIR)/crds | head -20 >&2; exit 1; }

.PHONY: helm-lint
helm-lint: ## Lint the chart strictly, with default values and with every optional feature on.
	helm="$$($(HELM))"; \
	"$$helm" lint --strict $(CHART_DIR); \
	"$$helm" lint --strict $(CHART_DIR) --set webhook.certManager.enabled=true \
	  --set metrics.serviceMonitor.enabled=true --set promotionGate.enabled=true --set openReports.enabled=true

.PHONY: helm-template
helm-template: ## Render the chart with default values (extra flags: HELM_ARGS="--set ...").
	@helm="$$($(HELM))"; "$$helm" template $(HELM_RELEASE) $(CHART_DIR) --namespace $(HELM_NAMESPACE) --include-crds $(HELM_ARGS)

.PHONY: helm-package
helm-package: verify-helm-crds ## Package the chart into dist/ (DIST_DIR).
	@mkdir -p $(DIST_DIR)
	helm="$$($(HELM))"; "$$helm" package $(CHART_DIR) --destination $(DIST_DIR)

.PHONY: helm-install
helm-install: ## Install or upgrade the chart into the current kubeconfig (release HELM_RELEASE in HELM_NAMESPACE).
	helm="$$($(HELM))"; "$$helm" upgrade --install $(HELM_RELEASE) $(CHART_DIR) --namespace $(HELM_NAMESPACE) --create-namespace $(HELM_ARGS)

##@ Image

.PHONY: docker-build
docker-build: ## Build the manager image IMG with docker (CONTAINER_TOOL). Needs a reachable container engine.
	@$(CONTAINER_TOOL) info >/dev/null 2>&1 || { \
	  echo "docker-build: no container engine is reachable ('$(CONTAINER_TOOL) info' failed)." >&2; \
	  echo "  Start Docker (or set CONTAINER_TOOL=podman), or run 'make build-image-binary' to build and test" >&2; \
	  echo "  the image's binary without one." >&2; exit 1; }
	$(CONTAINER_TOOL) build -t $(IMG) .

.PHONY: docker-push
docker-push: ## Push the manager image IMG.
	@$(CONTAINER_TOOL) info >/dev/null 2>&1 || { echo "docker-push: no container engine is reachable ('$(CONTAINER_TOOL) info' failed)." >&2; exit 1; }
	$(CONTAINER_TOOL) push $(IMG)

.PHONY: build-image-binary
build-image-binary: ## Build the manager exactly as the Dockerfile does (same sources, flags; static) into IMAGE_BINARY.
	@cmd="$$($(DOCKERFILE_GO_BUILD))"; \
	[ -n "$$cmd" ] || { echo "build-image-binary: no 'RUN ... go build' instruction in Dockerfile" >&2; exit 1; }; \
	out="$(abspath $(IMAGE_BINARY))"; mkdir -p "$$(dirname "$$out")"; \
	cmd="$$(printf '%s' "$$cmd" | sed -e "s| -o /manager | -o $$out |")"; \
	ctx="$$(mktemp -d /tmp/prodready-image-context.XXXXXX)"; trap 'rm -rf "$$ctx"' EXIT; \
	for src in $$($(DOCKERFILE_SOURCES)); do cp -R "$$src" "$$ctx/$$src"; done; \
	echo "(in a copy of the image's build context) $$cmd"; \
	cd "$$ctx" && TARGETOS=linux TARGETARCH="$$(go env GOARCH)" sh -c "$$cmd"
