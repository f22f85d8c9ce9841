package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// PGliteSample is one fresh-profile measure of the live PostgreSQL lane:
// seconds from a click on Run on PostgreSQL to the lane's answer, cold
// (download, compile, initdb, the run) and on the next click.
type PGliteSample struct {
	Cold, Warm float64
}

// pgliteRounds runs internal/browsertest's BenchmarkPGliteFirstAnswer
// (the page and the lane as the browser tests drive them, so the flow is
// written once) reps times and reads its two metrics.
func pgliteRounds(root string, reps int) ([]PGliteSample, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "^BenchmarkPGliteFirstAnswer$", "-benchtime", "1x",
		"-count", strconv.Itoa(reps), "-timeout", "30m", "./internal/browsertest")
	cmd.Dir, cmd.Stderr = root, os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("the PGlite benchmark: %w\n%s", err, out)
	}
	return parsePGlite(string(out))
}

// parsePGlite reads "BenchmarkPGliteFirstAnswer-2  1  N ns/op  23.1 s-cold  9.4 s-warm" lines.
func parsePGlite(out string) ([]PGliteSample, error) {
	var samples []PGliteSample
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || !strings.HasPrefix(f[0], "BenchmarkPGliteFirstAnswer") {
			continue
		}
		var s PGliteSample
		for i := 1; i+1 < len(f); i++ {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "s-cold":
				s.Cold = v
			case "s-warm":
				s.Warm = v
			}
		}
		if s.Cold == 0 || s.Warm == 0 {
			return nil, fmt.Errorf("the PGlite benchmark printed %q without both metrics", sc.Text())
		}
		samples = append(samples, s)
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("the PGlite benchmark printed no result:\n%s", out)
	}
	return samples, nil
}
