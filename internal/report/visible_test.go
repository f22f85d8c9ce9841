package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestVisible(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text stays", "SELECT 'é' — ✓ │", "SELECT 'é' — ✓ │"},
		{"layout stays", "a\n\tb", "a\n\tb"},
		{"escape sequence", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"window title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"carriage return overwrites a line", "ok\rFAIL", `ok\x0dFAIL`},
		{"CRLF is a line break", "a\r\nb", "a\nb"},
		{"C1 control", "a\u009b31mb\u0085", `a\x9b31mb\x85`},
		{"byte that is not UTF-8", "a\x9b31m\xff", `a\x9b31m\xff`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Visible(tc.in); got != tc.want {
				t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// hostileText carries every kind of control a terminal acts on.
const hostileText = "\x1b[2J\x1b]0;title\x07\rX\x00\x7f\u009b1m\xff\x08"

// expectNoControls fails for any byte of out a terminal would act on.
func expectNoControls(t *testing.T, where, out string) {
	t.Helper()
	for i, r := range out {
		if r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f {
			t.Errorf("%s: control %q at byte %d: %q", where, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
}

func TestTextShowsControlsAsEscapes(t *testing.T) {
	e := &wire.Error{Code: "SQLITE_ERROR", Extended: "SQLITE_ERROR", Message: "near \"" + hostileText + "\": syntax error", Limit: "x", Note: hostileText}
	tr := &wire.Transcript{
		Scenario: "id" + hostileText, Title: hostileText, Storage: "memdb",
		Connections: []wire.Connection{{Name: "c" + hostileText, Pragmas: []wire.Setting{{Name: hostileText, Value: hostileText}}, Error: e}},
		Steps: []wire.Step{{
			Index: 1, Conn: "c" + hostileText, Kind: "open", Cursor: hostileText, SQL: "SELECT '" + hostileText + "'",
			Params: []wire.Param{{Name: ":" + hostileText, Value: wire.TextValue(hostileText)}},
			Statements: []wire.Statement{
				{SQL: "SELECT " + hostileText, Columns: []wire.Column{{Name: hostileText, DeclType: hostileText}},
					Rows: [][]wire.Value{{wire.TextValue(hostileText)}}, RowCount: 1, Truncated: hostileText, Note: hostileText},
				{SQL: hostileText, Error: e},
			},
			States: []wire.ConnState{{Name: hostileText, Txn: "none", Autocommit: true, Cursors: []string{hostileText}}},
			Checks: []wire.Check{{Kind: "rows", Want: hostileText, Got: hostileText}, {Kind: "error", Want: hostileText, Got: hostileText}},
		}},
		Stopped: &wire.Stop{Reason: "crash", Message: hostileText},
	}
	var b bytes.Buffer
	if err := Text(&b, tr, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	expectNoControls(t, "Text", out)
	if !strings.Contains(out, `\x1b[2J`) {
		t.Errorf("the escape sequence is not shown as \\x1b[2J:\n%s", out)
	}
	for _, line := range Unmet("f"+hostileText+".md", tr) {
		expectNoControls(t, "Unmet", line)
	}
}
