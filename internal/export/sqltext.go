package export

import (
	"strings"
)

// sqlToken is one token of SQL as far as export needs to know: words,
// parameters and semicolons; strings, quoted names and comments are kept
// whole so that nothing inside them is mistaken for either.
type sqlToken struct {
	kind       byte // 'w' word, 'p' parameter, ';', 's' string or quoted name, 'c' comment, ' ' space, 'o' other
	start, end int
}

// lexSQL splits SQL into tokens with SQLite's quoting rules: '…' strings,
// "…", `…` and […] names, -- and /* */ comments.
func lexSQL(sql string) []sqlToken {
	var out []sqlToken
	for i := 0; i < len(sql); {
		start, c := i, sql[i]
		kind := byte('o')
		switch {
		case c == '\'' || c == '"' || c == '`':
			kind, i = 's', closeQuote(sql, i+1, c)
		case c == '[':
			kind = 's'
			if j := strings.IndexByte(sql[i:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(sql)
			}
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			kind = 'c'
			if j := strings.IndexByte(sql[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(sql)
			}
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			kind = 'c'
			if j := strings.Index(sql[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(sql)
			}
		case c == ';':
			kind, i = ';', i+1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			kind = ' '
			for i < len(sql) && strings.IndexByte(" \t\n\r\f", sql[i]) >= 0 {
				i++
			}
		case c == '?':
			kind, i = 'p', i+1
			for i < len(sql) && isDigit(sql[i]) {
				i++
			}
		case (c == ':' || c == '@' || c == '$') && i+1 < len(sql) && isWordByte(sql[i+1]):
			kind, i = 'p', i+1
			for i < len(sql) && isWordByte(sql[i]) {
				i++
			}
		case isWordByte(c):
			kind = 'w'
			for i < len(sql) && isWordByte(sql[i]) {
				i++
			}
		default:
			i++
		}
		out = append(out, sqlToken{kind, start, i})
	}
	return out
}

// closeQuote returns the offset just past the quote closing a quoted token
// that opened before i; a doubled quote stays inside.
func closeQuote(sql string, i int, q byte) int {
	for i < len(sql) {
		if sql[i] == q {
			if i+1 < len(sql) && sql[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(sql)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isWordByte(c byte) bool {
	return c == '_' || isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// splitStatements splits SQL into its statements, trimmed, the way
// sqlite3_complete sees them: a semicolon ends a statement unless it is
// inside a CREATE TRIGGER body, which only "; END ;" ends. Statements that
// are only spaces and comments are dropped, as SQLite skips them.
func splitStatements(sql string) []string {
	var out []string
	toks := lexSQL(sql)
	start := 0
	var words []string // the statement's first words, upper case
	var prev [2]string // the last two significant tokens, for "; END ;"
	significant := false
	flush := func(end int) {
		if significant {
			out = append(out, strings.TrimSpace(sql[start:end]))
		}
		start, words, prev, significant = end, nil, [2]string{}, false
	}
	for _, tk := range toks {
		text := sql[tk.start:tk.end]
		switch tk.kind {
		case ' ', 'c':
			continue
		case ';':
			if !isTrigger(words) || prev == [2]string{";", "END"} {
				flush(tk.end)
				continue
			}
		case 'w':
			if len(words) < 4 {
				words = append(words, strings.ToUpper(text))
			}
		}
		significant = true
		prev = [2]string{prev[1], strings.ToUpper(text)}
	}
	flush(len(sql))
	return out
}

// isTrigger reports whether a statement's first words create a trigger.
func isTrigger(words []string) bool {
	if len(words) > 0 && words[0] == "EXPLAIN" {
		words = words[1:]
		if len(words) > 1 && words[0] == "QUERY" {
			words = words[2:]
		}
	}
	if len(words) < 2 || words[0] != "CREATE" {
		return false
	}
	if words[1] == "TEMP" || words[1] == "TEMPORARY" {
		return len(words) > 2 && words[2] == "TRIGGER"
	}
	return words[1] == "TRIGGER"
}

// firstWord is a statement's first keyword, upper case.
func firstWord(stmt string) string {
	for _, tk := range lexSQL(stmt) {
		switch tk.kind {
		case 'w':
			return strings.ToUpper(stmt[tk.start:tk.end])
		case ' ', 'c':
			continue
		}
		return ""
	}
	return ""
}

// placeholders lists a statement's parameters in order of appearance, as
// written: "?", "?2", ":name", "@name", "$name".
func placeholders(stmt string) []string {
	var out []string
	for _, tk := range lexSQL(stmt) {
		if tk.kind == 'p' {
			out = append(out, stmt[tk.start:tk.end])
		}
	}
	return out
}

// djangoSQL rewrites a statement for Django's cursor.execute with
// parameters: SQLite's ? becomes Django's %s, :name (and @name, $name)
// becomes %(name)s, and every other % is doubled, because Django's SQLite
// backend rewrites %s and %% before SQLite sees the text (and its query log
// formats the SQL with % again). Numbered ?NNN has no Django form; ok is
// false when the statement uses it.
func djangoSQL(stmt string) (sql string, ok bool) {
	var b strings.Builder
	ok = true
	for _, tk := range lexSQL(stmt) {
		text := stmt[tk.start:tk.end]
		switch {
		case tk.kind == 'p' && text == "?":
			b.WriteString("%s")
		case tk.kind == 'p' && text[0] == '?':
			ok = false
			b.WriteString(text)
		case tk.kind == 'p':
			b.WriteString("%(" + text[1:] + ")s")
		default:
			b.WriteString(strings.ReplaceAll(text, "%", "%%"))
		}
	}
	return b.String(), ok
}
