package record

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// sample is a small recording with every kind of step a lane can hold.
func sample() *wire.Recording {
	return &wire.Recording{
		Version: wire.RecordingVersion, Scenario: "demo", Lane: "postgres", Recorded: "2026-01-02",
		Server: wire.Server{Product: "PostgreSQL", Version: "15.18", Label: "PostgreSQL 15.18", Client: "pgx",
			Settings: []wire.Setting{{Name: "datcollate", Value: "C.UTF-8"}}},
		Steps: []wire.LaneStep{
			{LaneStepHead: wire.LaneStepHead{Index: 1, Conn: "default", Kind: "exec", SQL: "SELECT 0.80, true, 'a<b>&'", SQLFrom: "step"},
				Statements: []wire.Statement{{SQL: "SELECT 0.80, true, 'a<b>&'", Done: true, RowCount: 1,
					Columns: []wire.Column{{Name: "numeric", DeclType: "numeric"}, {Name: "bool", DeclType: "bool"}, {Name: "text", DeclType: "text"}},
					Rows:    [][]wire.Value{{{Type: wire.Numeric, Text: "0.80"}, {Type: wire.Boolean, Text: "true"}, wire.TextValue("a<b>&")}}}},
				States: []wire.ConnState{{Name: "default", Txn: "none", Autocommit: true}}},
			{LaneStepHead: wire.LaneStepHead{Index: 2, Conn: "default", Kind: "exec", NotApplicable: "PRAGMA is SQLite's own"}},
			{LaneStepHead: wire.LaneStepHead{Index: 3, Conn: "other", Kind: "exec", SQL: "UPDATE t SET x = 1", SQLFrom: "step"},
				Statements: []wire.Statement{{SQL: "UPDATE t SET x = 1", Done: true, Note: "blocked: waits for default's lock"}},
				Blocked:    &wire.Blocked{Statement: 1, WaitsFor: []string{"default"}, Message: "blocked: waits for default's lock"}},
			{LaneStepHead: wire.LaneStepHead{Index: 4, Conn: "default", Kind: "exec", SQL: "INSERT", SQLFrom: "lane"},
				Error: &wire.Error{Code: "23505", Extended: "23505", Message: "duplicate key"}},
		},
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	data := Encode(sample())
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if again := Encode(got); !bytes.Equal(again, data) {
		t.Errorf("a decoded recording encodes differently:\n%s\nvs\n%s", again, data)
	}
	if !bytes.Contains(data, []byte(`"a<b>&"`)) || !bytes.HasSuffix(data, []byte("}\n")) {
		t.Errorf("text is escaped or the file lacks its final newline:\n%s", data)
	}
}

func TestDecodeRefusesWhatItCannotTrust(t *testing.T) {
	good := string(Encode(sample()))
	tests := []struct{ name, data, want string }{
		{"misspelt field", strings.Replace(good, `"recorded"`, `"recordedd"`, 1), "unknown field"},
		{"other version", strings.Replace(good, `"version": 1`, `"version": 99`, 1), "recording version 99"},
		{"two values", good + "{}", "more than one JSON value"},
	}
	for _, tt := range tests {
		if _, err := Decode([]byte(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one that says %q", tt.name, err, tt.want)
		}
	}
}

// TestWriteKeepsTheDayOfUnchangedResults: recording the same results again
// must leave the file byte for byte as it was.
func TestWriteKeepsTheDayOfUnchangedResults(t *testing.T) {
	path := filepath.Join(t.TempDir(), Folder, "demo.postgres.json")
	first := sample()
	if err := write(path, first, nil, "2026-01-02"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	old, err := load(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(path, sample(), old, "2026-03-04"); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("unchanged results rewrote the file:\n%s", after)
	}
	changed := sample()
	changed.Steps[0].Statements[0].Rows[0][0].Text = "0.8"
	if err := write(path, changed, old, "2026-03-04"); err != nil {
		t.Fatal(err)
	}
	if rec, _ := load(path); rec.Recorded != "2026-03-04" {
		t.Errorf("changed results keep the old day %s", rec.Recorded)
	}
}

// TestStoredRecordingsRoundTrip decodes every recording under
// scenarios/recorded/ and encodes it again: the same bytes must come out,
// so that the Go types still read and write every field the files hold,
// under the same names and in the same order.
func TestStoredRecordingsRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "scenarios", Folder, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no stored recordings found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := Decode(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if again := Encode(rec); !bytes.Equal(again, data) {
			t.Errorf("%s encodes differently after decoding:\n%s", f, golden.FirstDifference(string(data), string(again)))
		}
	}
}
