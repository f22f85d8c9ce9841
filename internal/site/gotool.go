package site

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// goTool finds the go command to build the wasm module with: the one named
// by Options.Go, else the one of the toolchain this program was built with
// (so `go run ./cmd/dbquirks serve` builds the wasm with that same Go), else
// the go on PATH. wasm_exec.js is taken from that tool's GOROOT, because
// the glue and the module must come from the same release.
func goTool(name string) (string, error) {
	if name != "" {
		return exec.LookPath(name)
	}
	for _, root := range []string{os.Getenv("GOROOT"), runtime.GOROOT()} {
		if root == "" {
			continue
		}
		p := filepath.Join(root, "bin", "go"+exeSuffix())
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the wasm module is built with Go, and no go command was found on PATH: %w", err)
	}
	return p, nil
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// goCmd runs the go tool in dir with extra environment and returns its
// standard output; on failure the error carries its standard error.
func goCmd(tool, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("go %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}
