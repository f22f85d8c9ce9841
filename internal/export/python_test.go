package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// hostileText is text that has broken out of string literals and comments
// in one language or another: quotes of both kinds, backslashes before
// what would make an escape, every kind of line break Python, editors and
// terminals know, invisible and bidirectional controls, invalid UTF-8 and
// encoded surrogates.
var hostileText = []string{
	"", `"`, `'`, `"'`, `"""`, `'''`, `\`, `a\`, "\\\n", `\N{BULLET}`, `\x41`, `\u0041`, `{x}`,
	"\x00", "\a\b\t\n\v\f\r", "\x1c\x1d\x1e\x1f", "\x7f", "\u0085", "\u009b", "\u00ad", "\u00a0",
	"\u2028", "\u2029", "\ufeff", "\u202e", "\u2066", "\u200b", "\ufffe", "\U000e0001",
	"\xff", "\xed\xa0\x80", "\xc0\xaf", "é 😀 ✓", "line1\nimport os\n",
}

// pyUnquote reads back a literal pyStr wrote. It is deliberately strict:
// one line, the escapes pyStr uses and no others (no \N{...}, no
// backslash-newline), and only printable characters outside escapes.
func pyUnquote(lit string) (string, error) {
	if len(lit) < 2 || (lit[0] != '"' && lit[0] != '\'') || lit[len(lit)-1] != lit[0] {
		return "", fmt.Errorf("not a quoted literal: %q", lit)
	}
	quote, body := rune(lit[0]), lit[1:len(lit)-1]
	var b strings.Builder
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			return "", fmt.Errorf("invalid UTF-8 in %q", lit)
		case r == quote:
			return "", fmt.Errorf("unescaped quote in %q", lit)
		case r != '\\':
			if !unicode.IsPrint(r) {
				return "", fmt.Errorf("raw %U in %q", r, lit)
			}
			b.WriteRune(r)
			continue
		}
		if i >= len(body) {
			return "", fmt.Errorf("backslash at the end of %q", lit)
		}
		e := body[i]
		i++
		digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
		switch {
		case e == '\\' || e == '"' || e == '\'':
			b.WriteByte(e)
		case e == 'n' || e == 'r' || e == 't':
			b.WriteByte(map[byte]byte{'n': '\n', 'r': '\r', 't': '\t'}[e])
		case digits > 0 && i+digits <= len(body):
			n, err := strconv.ParseUint(body[i:i+digits], 16, 32)
			if err != nil || (n >= 0xd800 && n < 0xe000) || n > unicode.MaxRune {
				return "", fmt.Errorf("bad \\%c escape in %q", e, lit)
			}
			i += digits
			b.WriteRune(rune(n))
		default:
			return "", fmt.Errorf("escape \\%c in %q", e, lit)
		}
	}
	return b.String(), nil
}

func TestPyStr(t *testing.T) {
	for _, s := range hostileText {
		lit := pyStr(s)
		got, err := pyUnquote(lit)
		if err != nil {
			t.Errorf("pyStr(%q) = %s: %v", s, lit, err)
			continue
		}
		if want := string([]rune(s)); got != want { // each invalid byte is U+FFFD
			t.Errorf("pyStr(%q) = %s reads back as %q", s, lit, got)
		}
	}
	for in, want := range map[string]string{
		`plain`:            `"plain"`,
		"a\"b\\c":          `'a"b\\c'`,
		"n\nr\rt\t\x00":    `"n\nr\rt\t\x00"`,
		"é 中 🧪":            `"é 中 🧪"`,
		"\u2028\ufeff\x7f": `"\u2028\ufeff\x7f"`,
		"bad\xffbyte":      `"bad` + "\ufffd" + `byte"`,
		`say "hi"`:         `'say "hi"'`,
		`it's "x"`:         `"it's \"x\""`,
		`\N{BULLET}`:       `"\\N{BULLET}"`,
		"a\\\nb":           `"a\\\nb"`,
		"\u0085\f":         `"\u0085\x0c"`,
		"\xed\xa0\x80":     `"` + "\ufffd\ufffd\ufffd" + `"`, // an encoded surrogate: three invalid bytes
	} {
		if got := pyStr(in); got != want {
			t.Errorf("pyStr(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestCommentSafe: author text in a comment keeps to one line in Python
// and in every editor, and hides nothing (no invisible or bidirectional
// controls).
func TestCommentSafe(t *testing.T) {
	for _, s := range hostileText {
		got := commentSafe(s)
		for _, r := range got {
			if !unicode.IsPrint(r) || r == utf8.RuneError {
				t.Errorf("commentSafe(%q) = %q keeps %U", s, got, r)
			}
		}
	}
}

// TestPyNames: the Python names made from connection and cursor names are
// ASCII identifiers that are not keywords and shadow nothing the test
// method reads (builtins, imports, its own variables).
func TestPyNames(t *testing.T) {
	g := newPyGen(&scenario.Scenario{}, nil)
	read := []string{"self", "rows", "changes", "connection", "connections", "sqlite3", "bytes", "float", "int", "len",
		"parse_date", "parse_datetime", "parse_time", "IntegrityError", "DataError", "DatabaseError", "InternalError",
		"InterfaceError", "OperationalError"}
	names := append(append([]string{"class", "None", "1st", "_", "é", "x y", "print", "match", "async"}, read...), hostileText...)
	seen := map[string]bool{}
	for _, n := range names {
		id := g.name(n)
		if !isPyIdentifier(id) || pyKeywords[id] || slices.Contains(read, id) || seen[id] {
			t.Errorf("name(%q) = %q", n, id)
		}
		seen[id] = true
	}
}

// isPyIdentifier reports whether s is an ASCII Python identifier.
func isPyIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

func TestPyValue(t *testing.T) {
	tests := []struct {
		in   wire.Value
		want string
	}{
		{wire.IntegerValue(-3), "-3"},
		{wire.Value{Type: wire.Integer, Text: "007"}, `int("007")`},
		{wire.Value{Type: wire.Integer, Text: "+5"}, `int("+5")`},
		{wire.Value{Type: wire.Integer, Text: "1_000"}, `int("1_000")`},
		{wire.Value{Type: wire.Integer, Text: "os.system('x')"}, `int("os.system('x')")`},
		{wire.RealValue(-0.5), "-0.5"},
		{wire.RealValue(1e21), "1e+21"},
		{wire.Value{Type: wire.Real, Text: "Inf"}, `float("inf")`},
		{wire.Value{Type: wire.Real, Text: "infinity"}, `float("infinity")`},
		{wire.Value{Type: wire.Real, Text: "nan"}, `float("nan")`},
		{wire.Value{Type: wire.Real, Text: "0x1p-2"}, `float("0x1p-2")`},
		{wire.Value{Type: wire.Real, Text: "5"}, `float("5")`},
		{wire.TextValue("a\nb"), `"a\nb"`},
		{wire.BlobValue([]byte{0, 255}), `bytes.fromhex("00ff")`},
		{wire.NullValue(), "None"},
	}
	for _, tt := range tests {
		if got := pyValue(tt.in); got != tt.want {
			t.Errorf("pyValue(%v %q) = %s, want %s", tt.in.Type, tt.in.Text, got, tt.want)
		}
	}
}
