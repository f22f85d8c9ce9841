package play

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/golden"
)

// TestStandbyPlaysAsWithout plays a page's Runs with a Standby prepared
// between them, as the page does: Run again, an edit of the setup, another
// storage, more connections than the spare has. Each answer is the one a
// play without a Standby gives, and each play takes the spare prepared
// for it.
func TestStandbyPlaysAsWithout(t *testing.T) {
	body := "\n\n```sql\nCREATE TABLE t (a); INSERT INTO t VALUES ('A'), ('b')\n```\n\n```sql rows=1\nSELECT a FROM t WHERE a LIKE 'a'\n```\n"
	runs := []struct{ name, src string }{
		{"the first Run", "---\ntitle: t\n---" + body},
		{"Run again", "---\ntitle: t\n---" + body},
		{"an edited setup", "---\ntitle: t\nconnections:\n  default:\n    pragmas:\n      case_sensitive_like: \"ON\"\n---" +
			strings.Replace(body, "rows=1", "rows=0", 1)},
		{"another storage", "---\ntitle: t\nstorage: mvcc\n---" + body},
		{"more connections", "---\ntitle: t\nstorage: mvcc\nconnections:\n  default: {}\n  other: {}\n  third: {}\n---" + body +
			"\n```sql conn=third rows=2\nSELECT a FROM t\n```\n"},
		{"fewer connections", "---\ntitle: t\n---" + body},
	}
	var standby Standby
	defer standby.Close()
	if err := standby.Prepare(); err != nil || standby.spare != nil {
		t.Fatalf("Prepare before any play opened %v (%v), want nothing: it knows nothing to prepare for", standby.spare, err)
	}
	lastConns := 0 // the last play's connections, which Prepare opens
	for i, run := range runs {
		var prepared int
		var ready *engine.Spare
		if i > 0 {
			if err := standby.Prepare(); err != nil {
				t.Fatal(err)
			}
			ready = standby.spare
			if prepared = ready.Open(); prepared != lastConns {
				t.Errorf("%s: %d connections prepared after %s, want its %d", run.name, prepared, runs[i-1].name, lastConns)
			}
		}
		handed := Spares()
		with := Play(t.Context(), "t.md", []byte(run.src), Options{HTML: true, Standby: &standby})
		if n := Spares() - handed; i > 0 && n != 1 {
			t.Errorf("%s: %d plays counted as handed a spare, want 1", run.name, n)
		}
		if with.Transcript.Failures != 0 {
			t.Errorf("%s: %d failures", run.name, with.Transcript.Failures)
		}
		// The run took the spare (and closed it with itself).
		if i > 0 && (prepared == 0 || ready.Open() != 0 || standby.spare != nil) {
			t.Errorf("%s: the play did not take the spare prepared for it (%d connections)", run.name, prepared)
		}
		lastConns = len(with.Transcript.Connections)
		without := Play(t.Context(), "t.md", []byte(run.src), Options{HTML: true})
		if a, b := golden.Timeless(t, with.Play), golden.Timeless(t, without.Play); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the play with a Standby differs from the play without", run.name)
		}
	}
	if err := standby.Prepare(); err != nil || standby.spare.Open() != 1 {
		t.Fatalf("after the last play: %v, %d connections prepared, want 1", err, standby.spare.Open())
	}
	spare := standby.spare
	standby.Close()
	if spare.Open() != 0 || standby.spare != nil {
		t.Errorf("Close left the spare's %d connections open", spare.Open())
	}
}
