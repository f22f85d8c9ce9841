package export

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file writes Python source text: string and number literals, the
// values sqlite3 and Django return, parameters, comments and identifiers.
// Everything from a scenario passes through here on its way into the module.

// pyParams returns the Python parameters for a statement: nothing when it
// has no placeholders (SQLite ignores the step's list there, Python's
// sqlite3 would refuse it), a list for positional ones, a dict for named
// ones. note explains what Django's cursor cannot express.
func pyParams(sql string, params []wire.Param) (args, note string) {
	ph := placeholders(sql)
	if len(ph) == 0 {
		return "", ""
	}
	var pos []string
	named := map[string]string{}
	var order []string
	for _, p := range params {
		if p.Name == "" {
			pos = append(pos, pyValue(p.Value))
			continue
		}
		key := p.Name[1:]
		if _, ok := named[key]; !ok {
			order = append(order, key)
		}
		named[key] = pyValue(p.Value)
	}
	var hasPos, hasNamed, numbered bool
	for _, p := range ph {
		switch {
		case p == "?":
			hasPos = true
		case p[0] == '?':
			hasPos, numbered = true, true
		default:
			hasNamed = true
		}
	}
	switch {
	case hasPos && hasNamed:
		note = "This statement mixes positional and named parameters; Python's sqlite3 binds only one kind at a time, so it fails here."
	case numbered:
		note = "Numbered parameters (?NNN) have no Django form; they reach SQLite unchanged and bind by position."
	}
	if hasNamed && !hasPos {
		items := make([]string, len(order))
		for i, k := range order {
			items[i] = pyStr(k) + ": " + named[k]
		}
		return "{" + strings.Join(items, ", ") + "}", note
	}
	return "[" + strings.Join(pos, ", ") + "]", note
}

// converter is the name of the sqlite3 converter Django's connection applies
// to a result column, or "". Python's sqlite3 looks first for a type in
// brackets in the column name (PARSE_COLNAMES), then at the declared type up
// to its first space or parenthesis (PARSE_DECLTYPES), case-insensitively;
// Django registers converters for these five names.
func converter(c wire.Column) string {
	name := ""
	if open := strings.IndexByte(c.Name, '['); open >= 0 {
		if end := strings.IndexByte(c.Name[open:], ']'); end >= 0 {
			inner := c.Name[:open+end]
			name = inner[strings.LastIndexByte(inner, '[')+1:]
		}
	}
	if name == "" {
		name = c.DeclType
		if i := strings.IndexAny(name, " ("); i >= 0 {
			name = name[:i]
		}
	}
	switch name = strings.ToUpper(name); name {
	case "BOOL", "DATE", "TIME", "DATETIME", "TIMESTAMP":
		return name
	}
	return ""
}

// pyConverted writes the Python value Django's converter makes of v. The
// converters receive the value as SQLite's text of it (a blob's bytes as
// they are) and never see NULL.
func (g *pyGen) pyConverted(v wire.Value, conv string) string {
	if v.Type == wire.Null {
		return "None"
	}
	text := pyStr(v.Text)
	if v.Type == wire.Blob {
		text = "bytes.fromhex(" + pyStr(v.Text) + ").decode()"
	}
	switch conv {
	case "BOOL":
		raw := v.Text
		if v.Type == wire.Blob {
			b, _ := hex.DecodeString(v.Text)
			raw = string(b)
		}
		if raw == "1" {
			return "True"
		}
		return "False"
	case "DATE":
		g.usesDates = true
		return "parse_date(" + text + ")"
	case "TIME":
		g.usesDates = true
		return "parse_time(" + text + ")"
	}
	g.usesDates = true
	return "parse_datetime(" + text + ")"
}

// pyValue writes a value as the Python object sqlite3 returns for it.
// Numbers are written as literals only when their text is a plain decimal
// (the engine's canonical form); anything else goes through int("…") or
// float("…"), so a value's text never becomes code.
func pyValue(v wire.Value) string {
	switch v.Type {
	case wire.Integer:
		return pyInt(v.Text)
	case wire.Real:
		switch v.Text {
		case "Inf":
			return `float("inf")`
		case "-Inf":
			return `float("-inf")`
		case "NaN":
			return `float("nan")`
		}
		if isDecimalReal(v.Text) {
			return v.Text
		}
		return `float(` + pyStr(v.Text) + `)`
	case wire.Text:
		return pyStr(v.Text)
	case wire.Blob:
		return "bytes.fromhex(" + pyStr(v.Text) + ")"
	}
	return "None"
}

// pyInt writes an integer literal, or int("…") for anything that is not
// plain digits with an optional minus sign: "007" is a syntax error in
// Python 3, "+5" an expression, and untrusted text must never become code.
func pyInt(s string) string {
	if isDecimalInt(s) {
		return s
	}
	return "int(" + pyStr(s) + ")"
}

// isDecimalInt reports whether s is -?(0|[1-9][0-9]*), which reads the same
// in Python, SQL and a spreadsheet.
func isDecimalInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// isDecimalReal reports whether s is a decimal with a point or an exponent
// (wire.FormatReal's form: 1.0, -0.5, 1e+21), which Python reads as a float.
func isDecimalReal(s string) bool {
	mant, exp, hasExp := strings.Cut(s, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(s, "E")
	}
	whole, frac, hasPoint := strings.Cut(mant, ".")
	switch {
	case !hasPoint && !hasExp, !isDecimalInt(whole):
		return false
	case hasPoint && (frac == "" || strings.Trim(frac, "0123456789") != ""):
		return false
	}
	if hasExp {
		exp = strings.TrimLeft(exp, "+-")
		return exp != "" && len(exp) <= 3 && strings.Trim(exp, "0123456789") == ""
	}
	return true
}

// pyStr writes s as a Python string literal: in double quotes (single
// quotes when s holds only double ones, as SQL with quoted names does), with
// backslash escapes for the quote, backslashes and every character that is
// not printable, so the literal is one line of valid source whatever s holds.
func pyStr(s string) string {
	quote := '"'
	if strings.ContainsRune(s, '"') && !strings.ContainsRune(s, '\'') {
		quote = '\''
	}
	var b strings.Builder
	b.WriteRune(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = '\ufffd' // Python text is Unicode; sqlite3 could not return this byte either
		}
		i += size
		switch {
		case r == quote || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && (r < ' ' || r == 0x7f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && !unicode.IsPrint(r) || r == '\u2028' || r == '\u2029':
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteRune(quote)
	return b.String()
}

// commentSafe makes text safe for a Python comment: it turns into a space
// everything that is not a printable character. That covers every line
// break Python or an editor knows (\r, \n, \f, \v, \x1c-\x1e, NEL, U+2028,
// U+2029), the other control characters (terminal escapes such as CSI), and
// invisible or bidirectional formatting characters that could make the
// comment read differently from what it holds. Invalid UTF-8 goes too.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, s)
}

// identifier turns s into letters, digits and sep, dropping the rest; with
// sep "" the words are joined in CamelCase.
func identifier(s, sep string) string {
	var words []string
	cur := ""
	for _, r := range s {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			cur += string(r)
			continue
		}
		if cur != "" {
			words = append(words, cur)
			cur = ""
		}
	}
	if cur != "" {
		words = append(words, cur)
	}
	if sep == "" {
		for i, w := range words {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, sep)
}

var pyKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`False None True and as assert async await break class continue def del elif else
		except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield
		match case type print`) {
		pyKeywords[k] = true
	}
}
