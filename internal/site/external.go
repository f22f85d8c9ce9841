package site

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// BuildWithFreshCommand compiles the dbquirks command from opt.Root and
// runs its build. A long-running server uses it once Go sources changed
// under it: its own engine, compiled before the change, would pre-render
// results the new wasm module no longer produces.
func BuildWithFreshCommand(opt Options) error {
	opt, err := opt.WithDefaults()
	if err != nil {
		return err
	}
	tool, err := goTool(opt.Go)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "dbquirks-cmd-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "dbquirks"+exeSuffix())
	fmt.Fprintln(opt.Log, "Go sources changed: compiling the dbquirks command")
	if _, err := goCmd(tool, opt.Root, nil, "build", "-o", bin, "./cmd/dbquirks"); err != nil {
		return err
	}
	args := []string{"build", "--out", absOr(opt.Out), "--base", opt.Base, "--dir", absOr(opt.Scenarios)}
	if opt.NoCache {
		args = append(args, "--no-cache")
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = opt.Root
	cmd.Stdout, cmd.Stderr = opt.Log, opt.Log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("dbquirks build (freshly compiled): %w", err)
	}
	return nil
}
