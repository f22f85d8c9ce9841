// Package golden compares what a test produced with a file under testdata/,
// and rewrites the file instead when the tests run with -update: one flag and
// one comparison for every package that keeps expected output in files.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with what the tests produce")

// Updating reports whether the tests run with -update, for the rare golden
// file a test refreshes its own way.
func Updating() bool { return *update }

// Check fails t unless got equals the file at path; with -update it writes
// got to path instead.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update rewrites it; review the diff):\n%s", path, FirstDifference(string(want), string(got)))
	}
}

// FirstDifference shows the first line where want and got part ways.
func FirstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(same lines, different bytes)"
}

// Timeless returns v decoded from JSON with every wall-clock time
// ("elapsedMs", at any depth) removed: the one thing two runs of a scenario
// may differ in, so tests compare what is left. It decodes numbers as
// json.Number, keeping their digits: as float64, a rowid of 2^63-1 and the
// 9223372036854776000 JavaScript makes of it would compare equal.
func Timeless(t testing.TB, v any) any {
	t.Helper()
	b, ok := v.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("not JSON (%.80q...): %v", b, err)
	}
	return dropTimes(out)
}

func dropTimes(v any) any {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "elapsedMs")
		for k, x := range v {
			v[k] = dropTimes(x)
		}
	case []any:
		for i, x := range v {
			v[i] = dropTimes(x)
		}
	}
	return v
}
