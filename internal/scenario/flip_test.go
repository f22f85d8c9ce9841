package scenario

import (
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestFlipped(t *testing.T) {
	src := "---\nconnections:\n  other:\n    pragmas:\n      case_sensitive_like: \"OFF\"\nflips:\n  case_sensitive_like: \"ON\"\n  storage: mvcc\n  busy_timeout: 250\n  transaction_mode: IMMEDIATE\n---\n\n```sql\nSELECT 1\n```\n"
	sc, err := Parse("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Meta.Flips) != 4 || sc.Meta.Flips[0].Label != "PRAGMA case_sensitive_like = ON on every connection" {
		t.Fatalf("flips = %+v", sc.Meta.Flips)
	}
	check := func(name string, ok func(*Scenario) bool) {
		t.Helper()
		_, f, err := Flipped(sc, name)
		if err != nil {
			t.Fatal(err)
		}
		if !ok(f) {
			t.Errorf("flip %s: meta %+v", name, f.Meta)
		}
	}
	every := func(f *Scenario, ok func(wire.Connection) bool) bool {
		for _, c := range f.Meta.Connections {
			if !ok(c) {
				return false
			}
		}
		return len(f.Meta.Connections) == 2
	}
	check("case_sensitive_like", func(f *Scenario) bool {
		return every(f, func(c wire.Connection) bool {
			last := c.Pragmas[len(c.Pragmas)-1]
			return last.Name == "case_sensitive_like" && last.Value == "ON"
		})
	})
	check("storage", func(f *Scenario) bool { return f.Meta.Storage == StorageMVCC })
	check("busy_timeout", func(f *Scenario) bool {
		return every(f, func(c wire.Connection) bool { return c.BusyTimeoutMs == 250 })
	})
	check("transaction_mode", func(f *Scenario) bool {
		return every(f, func(c wire.Connection) bool { return c.TransactionMode == "IMMEDIATE" })
	})
	if sc.Meta.Storage == StorageMVCC || len(sc.Meta.Connections[1].Pragmas) != 1 || sc.Meta.Connections[0].TransactionMode != "" {
		t.Errorf("Flipped changed the scenario: %+v", sc.Meta)
	}
	if _, _, err := Flipped(sc, "journal_mode"); err == nil {
		t.Error("Flipped accepted a flip the scenario does not offer")
	}
}
