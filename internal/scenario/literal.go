package scenario

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// literalError is a mistake in a list of literals, at a byte offset of it.
type literalError struct {
	offset int
	msg    string
}

func (e *literalError) Error() string { return e.msg }

// parseLiterals reads a comma-separated list of SQL literals: 12, -1.5,
// 1e3, 'text' (a quote doubled inside), x'00ff', NULL. With named set, each
// value may be preceded by a parameter name and "=": :name=1, @n=2, $v=3.
// The notation is the one wire.Value.Literal writes, so expected rows
// read exactly like printed results.
func parseLiterals(s string, named bool) ([]wire.Param, error) {
	l := &literalLexer{s: s}
	var out []wire.Param
	for {
		l.space()
		if l.i == len(s) && len(out) == 0 {
			return nil, nil
		}
		var p wire.Param
		if named && l.i < len(s) && strings.IndexByte(":@$", s[l.i]) >= 0 {
			p.Name = l.name()
			l.space()
			if !l.eat('=') {
				return nil, l.fail("expected = after parameter name %s", p.Name)
			}
			l.space()
		}
		v, err := l.value()
		if err != nil {
			return nil, err
		}
		p.Value = v
		out = append(out, p)
		l.space()
		if l.i == len(s) {
			return out, nil
		}
		if !l.eat(',') {
			return nil, l.fail("expected a comma between values, found %q", s[l.i:l.i+1])
		}
	}
}

type literalLexer struct {
	s string
	i int
}

func (l *literalLexer) fail(format string, args ...any) error {
	return &literalError{offset: l.i, msg: fmt.Sprintf(format, args...)}
}

func (l *literalLexer) space() {
	for l.i < len(l.s) && (l.s[l.i] == ' ' || l.s[l.i] == '\t') {
		l.i++
	}
}

func (l *literalLexer) eat(c byte) bool {
	if l.i < len(l.s) && l.s[l.i] == c {
		l.i++
		return true
	}
	return false
}

func (l *literalLexer) name() string {
	start := l.i
	l.i++ // the prefix
	for l.i < len(l.s) && isIdentByte(l.s[l.i]) {
		l.i++
	}
	return l.s[start:l.i]
}

func (l *literalLexer) value() (wire.Value, error) {
	if l.i == len(l.s) {
		return wire.Value{}, l.fail("expected a value")
	}
	rest := l.s[l.i:]
	switch c := rest[0]; {
	case c == '\'':
		text, err := l.quoted()
		return wire.TextValue(text), err
	case (c == 'x' || c == 'X') && len(rest) > 1 && rest[1] == '\'':
		start := l.i
		l.i++
		text, err := l.quoted()
		if err != nil {
			return wire.Value{}, err
		}
		b, err := hex.DecodeString(text)
		if err != nil {
			l.i = start
			return wire.Value{}, l.fail("x'%s' is not a blob: use pairs of hex digits", text)
		}
		return wire.BlobValue(b), nil
	case len(rest) >= 4 && strings.EqualFold(rest[:4], "null") && (len(rest) == 4 || !isIdentByte(rest[4])):
		l.i += 4
		return wire.NullValue(), nil
	case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
		return l.number()
	}
	return wire.Value{}, l.fail("%q is not a value: write 12, 1.5, 'text', x'00ff' or NULL", word(rest))
}

// quoted reads a single-quoted string starting at l.i.
func (l *literalLexer) quoted() (string, error) {
	start := l.i
	var b strings.Builder
	for l.i++; l.i < len(l.s); l.i++ {
		if l.s[l.i] != '\'' {
			b.WriteByte(l.s[l.i])
			continue
		}
		if l.i+1 < len(l.s) && l.s[l.i+1] == '\'' {
			b.WriteByte('\'')
			l.i++
			continue
		}
		l.i++
		return b.String(), nil
	}
	l.i = start
	return "", l.fail("string is never closed with '")
}

func (l *literalLexer) number() (wire.Value, error) {
	start := l.i
	for l.i < len(l.s) && isNumberByte(l.s, l.i, start) {
		l.i++
	}
	text := l.s[start:l.i]
	if !strings.ContainsAny(text, ".eE") {
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			l.i = start
			return wire.Value{}, l.fail("%s is not a 64-bit integer", text)
		}
		return wire.IntegerValue(n), nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		l.i = start
		return wire.Value{}, l.fail("%s is not a number", text)
	}
	return wire.RealValue(f), nil
}

// isNumberByte reports whether s[i] continues a number that began at start:
// digits, a point, an exponent, and a sign at the start or after the
// exponent's e.
func isNumberByte(s string, i, start int) bool {
	switch c := s[i]; {
	case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E':
		return true
	case c == '-' || c == '+':
		return i == start || s[i-1] == 'e' || s[i-1] == 'E'
	}
	return false
}

// word returns s up to its first space or comma, for messages.
func word(s string) string {
	if i := strings.IndexAny(s, " ,\t"); i >= 0 {
		return s[:i]
	}
	return s
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isIdent reports whether s is a letter or '_' followed by letters, digits
// and '_'.
func isIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) {
			return false
		}
	}
	return true
}

// isWord reports whether s is a non-empty run of letters, digits and _-.+.
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) && strings.IndexByte("-.+", s[i]) < 0 {
			return false
		}
	}
	return true
}
