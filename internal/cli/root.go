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

// Package cli implements the prodready command line: `check` evaluates workloads in manifest
// files offline (or against a cluster's related objects), `checks` and `explain` document the
// catalogue, `status` reads ProductionReadiness verdicts from a cluster. The same binary works as
// the kubectl plugin `kubectl prodready` when installed as kubectl-prodready.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Version is the CLI's version, set at build time with
// -ldflags "-X github.com/prodready/prodready/internal/cli.Version=v1.2.3".
var Version = "dev"

// Exit codes, documented in docs/cli.md.
const (
	// ExitOK: every Required check passes (or --fail-on none).
	ExitOK = 0
	// ExitFailed: a Required check fails (with --fail-on advisory: or an Advisory one warns).
	ExitFailed = 1
	// ExitError: a usage error, unreadable or malformed input, an invalid ProductionReadiness,
	// or a cluster that could not be read.
	ExitError = 2
	// ExitInterrupted: SIGINT or SIGTERM stopped `check` before every workload was evaluated
	// (128 + SIGINT, as shells report it); the report printed is complete for the workloads
	// evaluated.
	ExitInterrupted = 130
)

// pluginPrefix is the binary name prefix kubectl looks for when it runs plugins.
const pluginPrefix = "kubectl-"

// Env is what a command runs with: its streams, clock and binary name. Tests build their own.
type Env struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Now is the evaluation time (exemption expiry).
	Now func() time.Time
	// Binary is the name the CLI was invoked as (os.Args[0]); kubectl-prodready makes the help
	// read `kubectl prodready`.
	Binary string
	// IsTerminal reports whether a writer is an interactive terminal (colours in tables).
	IsTerminal func(w io.Writer) bool

	// afterWorkload, when set, is called by `check` after each workload is evaluated, with
	// the number evaluated so far (tests interrupt a run with it).
	afterWorkload func(evaluated int)
}

// DefaultEnv is the process's environment.
func DefaultEnv() *Env {
	return &Env{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Now: time.Now, Binary: os.Args[0], IsTerminal: isTerminal}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// exitError carries an exit code out of a command. A nil err means the command already said
// everything (e.g. checks failed: the report is the message).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErrorf is a usage error: exit 2 with the message.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// Run executes the CLI with args (without the binary name) and returns the exit code.
func Run(ctx context.Context, env *Env, args []string) int {
	root := NewRootCommand(env)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(env.Err, "Error: %s\n", escapeControl(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintf(env.Err, "Error: %s\n", escapeControl(err.Error()))
	return ExitError
}

// NewRootCommand builds the command tree.
func NewRootCommand(env *Env) *cobra.Command {
	name := displayName(env.Binary)
	root := &cobra.Command{
		Use:   "prodready",
		Short: "Production-readiness checks for Kubernetes workloads",
		Long: `prodready evaluates Deployments, StatefulSets and DaemonSets against a production-readiness
profile: probes, resources, images, secrets, disruption budgets, autoscaling, spread,
security and more. It reads manifests (files, directories, Helm or kustomize output on stdin)
and, with --cluster, the related objects of a live cluster; it reads the verdicts the
prodready operator writes on ProductionReadiness objects.`,
		Example: strings.ReplaceAll(`  # Evaluate manifests with the production profile
  NAME check -f deploy/

  # Evaluate a Helm chart's output and upload the findings to code scanning
  helm template ./chart | NAME check -f - -o sarif > prodready.sarif

  # Explain a check
  NAME explain probe-readiness`, "NAME", name),
		SilenceUsage:  true,
		SilenceErrors: true,
		Annotations:   map[string]string{cobra.CommandDisplayNameAnnotation: name},
	}
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: ExitError, err: err}
	})
	root.AddCommand(
		newCheckCommand(env),
		newChecksCommand(env),
		newExplainCommand(env),
		newStatusCommand(env),
		newVersionCommand(env),
	)
	return root
}

// displayName is how help text names the CLI: "kubectl prodready" for the plugin binary.
func displayName(binary string) string {
	base := strings.TrimSuffix(filepath.Base(binary), ".exe")
	if strings.HasPrefix(base, pluginPrefix) {
		return "kubectl " + strings.ReplaceAll(strings.TrimPrefix(base, pluginPrefix), "_", "-")
	}
	return "prodready"
}
