# syntax=docker/dockerfile:1
#
# The prodready manager image: a static Go binary on distroless, running as non-root.
#
#   make docker-build IMG=registry.example.com/prodready-controller:v0.1.0
#
# The `go build` RUN line below is the single definition of how the image's binary is built:
# `make build-image-binary` and test/packaging run it verbatim outside a container.

# Build on the builder's own platform and cross-compile to the target (fast multi-arch builds).
FROM --platform=$BUILDPLATFORM golang:1.26 AS builder
ARG TARGETOS
ARG TARGETARCH

WORKDIR /workspace
# Dependencies first, so source changes do not invalidate the module download layer.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

COPY api/ api/
COPY cmd/ cmd/
COPY internal/ internal/

RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} go build -trimpath -ldflags "-s -w" -o /manager ./cmd

# distroless/static: no shell, no package manager, CA certificates and tzdata only.
FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY --from=builder /manager /manager
USER 65532:65532
ENTRYPOINT ["/manager"]
