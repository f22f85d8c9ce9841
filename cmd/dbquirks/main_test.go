package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// call runs the command line in-process from the repository's root.
func call(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir("../..")
	var out, errOut bytes.Buffer
	code := dispatch(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunJSONShowsTheVirtualWait(t *testing.T) {
	code, out, errOut := call(t, "run", "--json", "scenarios/sqlite-database-locked.md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var tr wire.Transcript
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	waited := false
	for _, st := range tr.Steps {
		for _, s := range st.Statements {
			if s.Error != nil && s.Error.Code == "SQLITE_BUSY" && s.Busy != nil && s.Busy.WaitedMs == 5000 {
				waited = true
			}
		}
	}
	if !waited || tr.VirtualMs == 0 {
		t.Errorf("no SQLITE_BUSY after a 5000 ms virtual wait in the transcript (virtual clock %d ms)", tr.VirtualMs)
	}
}

func TestUnknownOptionNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "like-case.md")
	os.WriteFile(file, []byte("Some prose.\n\n```sql cnn=other\nSELECT 1\n```\n"), 0o644)
	code, _, errOut := call(t, "run", file)
	if code != 1 || !strings.Contains(errOut, `like-case.md:3:8: unknown option "cnn" (did you mean "conn"?)`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestCheckReportsMismatches(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "float.md"), []byte("```sql\nSELECT 0.1 + 0.2\n```\n```rows\n0.3\n```\n"), 0o644)
	code, out, _ := call(t, "check", dir)
	if code != 1 || !strings.Contains(out, "float.md:4: step 1: rows: expected 0.3, got 0.30000000000000004") {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := call(t, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "dbquirks snippet") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// TestRecordWithoutServersFails: the recorder never skips; without servers
// it says which variables to set.
func TestRecordWithoutServersFails(t *testing.T) {
	t.Setenv("DBQUIRKS_POSTGRES", "")
	t.Setenv("DBQUIRKS_MARIADB", "")
	for _, args := range [][]string{{"record"}, {"record", "--check"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, errOut := call(t, args...)
			if code != 1 || !strings.Contains(errOut, "DBQUIRKS_POSTGRES") || !strings.Contains(errOut, "DBQUIRKS_MARIADB") {
				t.Errorf("exit %d, stderr %q", code, errOut)
			}
		})
	}
}

func TestDjangoWritesEveryScenariosDjangoSide(t *testing.T) {
	dir := t.TempDir()
	// a.md marks its point: check.py gets the whole code, without the
	// markers, and no point (the page's alone).
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\nbackend: sqlite\ndjango:\n  models: |\n    class P(models.Model):\n        pass\n  orm: |\n    P.objects.create()\n    # point\n    P.objects.get()\n    # end point\n  raises: DoesNotExist\n  database: file\n  sql: SELECT 1\n---\n```sql\nSELECT 1\n```\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("```sql\nSELECT 1\n```\n"), 0o644)
	out := filepath.Join(dir, "cases.json")
	code, _, errOut := call(t, "django", "--out", out, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, _ := os.ReadFile(out)
	var cases []djangoCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	want := wire.Django{Models: "class P(models.Model):\n    pass", ORM: "P.objects.create()\nP.objects.get()", Raises: "DoesNotExist", Database: "file", SQL: "SELECT 1"}
	if len(cases) != 2 || !reflect.DeepEqual(cases[0].Django, want) || !reflect.DeepEqual(cases[1].Django, wire.Django{}) ||
		cases[0].Backend != "sqlite" || cases[1].Backend != "" ||
		!strings.HasSuffix(cases[0].File, "/a.md") {
		t.Errorf("cases = %+v", cases)
	}
	if strings.Contains(string(b), "ormPoint") {
		t.Errorf("cases.json carries the page's point:\n%s", b)
	}
	// check.py reads these names.
	for _, key := range []string{`"raises": "DoesNotExist"`, `"database": "file"`, `"backend": "sqlite"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("cases.json has no %s:\n%s", key, b)
		}
	}
}

func TestDjangoRefusesAMalformedScenario(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\ndjango:\n  raises: DoesNotExist\n---\n"), 0o644)
	code, _, errOut := call(t, "django", "--out", filepath.Join(dir, "cases.json"), dir)
	if code != 1 || !strings.Contains(errOut, "a.md:3:11: this key needs django.models") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}
