package dialect

import "strings"

// tokenKind is what a piece of SQL text is, as far as the recorder needs to
// know: enough to split statements, find parameters and rewrite words
// without ever touching what is inside a string or a quoted name.
type tokenKind int

const (
	tokSpace  tokenKind = iota // blanks and comments
	tokWord                    // keyword, bare name or number
	tokQuoted                  // "name", `name` or [name]
	tokString                  // 'text' or a PostgreSQL $tag$ body $tag$
	tokParam                   // ? or ?NNN; :name, @name, $name (SQLite's named forms)
	tokPunct                   // anything else, one character (or ::)
)

// token is one piece of SQL text; the text of all tokens of a string, in
// order, is the string.
type token struct {
	kind tokenKind
	text string
}

// lex cuts SQL into tokens. It never fails: an unclosed string or comment
// runs to the end of the text, as the server would see it.
func lex(sql string) []token {
	var out []token
	for i := 0; i < len(sql); {
		kind, n := next(sql[i:])
		out = append(out, token{kind, sql[i : i+n]})
		i += n
	}
	return out
}

// next returns the kind and length of the token at the start of s.
func next(s string) (tokenKind, int) {
	c := s[0]
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return tokSpace, 1 + span(s[1:], isSpace)
	case strings.HasPrefix(s, "--"):
		if end := strings.IndexByte(s, '\n'); end >= 0 {
			return tokSpace, end + 1
		}
		return tokSpace, len(s)
	case strings.HasPrefix(s, "/*"):
		if end := strings.Index(s[2:], "*/"); end >= 0 {
			return tokSpace, end + 4
		}
		return tokSpace, len(s)
	case c == '\'':
		return tokString, quoted(s, '\'')
	case c == '"':
		return tokQuoted, quoted(s, '"')
	case c == '`':
		return tokQuoted, quoted(s, '`')
	case c == '[':
		if end := strings.IndexByte(s, ']'); end >= 0 {
			return tokQuoted, end + 1
		}
		return tokQuoted, len(s)
	case c == '?':
		return tokParam, 1 + span(s[1:], isDigit)
	case c == ':' && len(s) > 1 && s[1] == ':':
		return tokPunct, 2
	case (c == ':' || c == '@') && len(s) > 1 && isWordStart(s[1]):
		return tokParam, 1 + span(s[1:], isWordByte)
	case c == '$':
		return dollar(s)
	case isWordByte(c):
		return tokWord, span(s, isWordByte)
	}
	return tokPunct, 1
}

// quoted returns the length of a string or name opened by q at s[0], where
// a doubled q stands for itself.
func quoted(s string, q byte) int {
	for i := 1; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

// dollar reads what starts with '$': PostgreSQL's $tag$...$tag$ string or
// $1 parameter, or SQLite's $name parameter.
func dollar(s string) (tokenKind, int) {
	tag := 1 + span(s[1:], isWordByte)
	if tag < len(s) && s[tag] == '$' && (tag == 1 || !isDigit(s[1])) {
		delim := s[:tag+1]
		if end := strings.Index(s[len(delim):], delim); end >= 0 {
			return tokString, len(delim) + end + len(delim)
		}
		return tokString, len(s)
	}
	if tag > 1 {
		return tokParam, tag
	}
	return tokPunct, 1
}

func span(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return n
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordByte accepts ASCII letters, digits, '_' and every byte of a
// non-ASCII UTF-8 character, which SQLite allows in bare names.
func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c >= 0x80
}
func isWordStart(c byte) bool { return isWordByte(c) && !isDigit(c) }

// Statements splits SQL into its statements at the semicolons outside
// strings, names and comments, and drops the empty ones, as SQLite's
// sqlite3_exec does. Each statement keeps its text without the semicolon,
// trimmed.
func Statements(sql string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" && hasCode(lex(s)) {
			out = append(out, s)
		}
		cur.Reset()
	}
	for _, t := range lex(sql) {
		if t.kind == tokPunct && t.text == ";" {
			flush()
			continue
		}
		cur.WriteString(t.text)
	}
	flush()
	return out
}

// hasCode reports whether tokens hold anything but blanks and comments.
func hasCode(toks []token) bool {
	for _, t := range toks {
		if t.kind != tokSpace {
			return true
		}
	}
	return false
}

// words returns the upper-cased words of tokens, blanks and comments left
// out, with the other tokens as they are: what the detectors read.
func words(toks []token) []token {
	var out []token
	for _, t := range toks {
		switch t.kind {
		case tokSpace:
		case tokWord:
			out = append(out, token{tokWord, strings.ToUpper(t.text)})
		default:
			out = append(out, t)
		}
	}
	return out
}
