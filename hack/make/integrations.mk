# GitOps and promotion integrations: Argo CD health check, Argo Rollouts/Kargo analysis,
# Flagger promotion gate, OpenReports (config/integrations, internal/integrations).

ARGOCD_HEALTH_LUA := config/integrations/argocd/health.lua
ARGOCD_CM_PATCH := config/integrations/argocd/argocd-cm-patch.yaml

# ARGOCD_CM_PATCH_CMD prints the argocd-cm patch embedding health.lua.
ARGOCD_CM_PATCH_CMD = { \
  echo '\# Argo CD health check for ProductionReadiness, as an argocd-cm patch.'; \
  echo '\# Generated from health.lua by `make argocd-cm-patch`: do not edit by hand.'; \
  echo '\# Apply: kubectl -n argocd patch configmap argocd-cm --type merge --patch-file argocd-cm-patch.yaml'; \
  echo '\# or list it under `patches:` in the kustomization that installs Argo CD.'; \
  echo 'apiVersion: v1'; \
  echo 'kind: ConfigMap'; \
  echo 'metadata:'; \
  echo '  name: argocd-cm'; \
  echo '  namespace: argocd'; \
  echo '  labels:'; \
  echo '    app.kubernetes.io/name: argocd-cm'; \
  echo '    app.kubernetes.io/part-of: argocd'; \
  echo 'data:'; \
  echo '  resource.customizations.health.readiness.prodready.io_ProductionReadiness: |'; \
  sed -e 's/^\(.\)/    \1/' $(ARGOCD_HEALTH_LUA); \
}

##@ Integrations

VERIFY_TARGETS += verify-integrations

.PHONY: argocd-cm-patch
argocd-cm-patch: ## Regenerate the Argo CD argocd-cm patch from config/integrations/argocd/health.lua.
	@$(ARGOCD_CM_PATCH_CMD) > $(ARGOCD_CM_PATCH)
	@echo "wrote $(ARGOCD_CM_PATCH)"

.PHONY: verify-integrations
verify-integrations: ## Fail when the argocd-cm patch is out of date with health.lua (changes nothing).
	@$(ARGOCD_CM_PATCH_CMD) | diff -u $(ARGOCD_CM_PATCH) - || { echo "$(ARGOCD_CM_PATCH) is out of date: run make argocd-cm-patch" >&2; exit 1; }

.PHONY: test-integrations
test-integrations: envtest ## Tests of the integrations: Argo CD Lua, kstatus, Flagger gate, OpenReports, manifests, docs.
	KUBEBUILDER_ASSETS="$$(hack/envtest-assets.sh)" go test $(GO_TEST_FLAGS) ./internal/integrations/...
	KUBEBUILDER_ASSETS="$$(hack/envtest-assets.sh)" go test $(GO_TEST_FLAGS) -run 'Kstatus' ./internal/controller/...
