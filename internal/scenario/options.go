package scenario

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/rescode"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// option is one word of a step's info string: key=value, key="quoted
// value" or a bare flag.
type option struct {
	key, value string
	flag       bool // written without "="
	col        int  // byte offset of the key within the info string
	valCol     int  // byte offset of the value, inside its quotes if quoted
}

// splitOptions splits an info string into options. Values may be double
// quoted to hold spaces; inside quotes, \" is a quote and \\ a backslash.
func splitOptions(info string) ([]option, *literalError) {
	var out []option
	i := 0
	for {
		for i < len(info) && (info[i] == ' ' || info[i] == '\t') {
			i++
		}
		if i == len(info) {
			return out, nil
		}
		start := i
		for i < len(info) && info[i] != '=' && info[i] != ' ' && info[i] != '\t' {
			i++
		}
		o := option{key: info[start:i], col: start}
		if i == len(info) || info[i] != '=' {
			o.flag = true
			out = append(out, o)
			continue
		}
		i++ // '='
		o.valCol = i
		if i < len(info) && info[i] == '"' {
			o.valCol++
			v, end, err := unquote(info, i)
			if err != nil {
				return nil, err
			}
			o.value, i = v, end
		} else {
			vs := i
			for i < len(info) && info[i] != ' ' && info[i] != '\t' {
				i++
			}
			o.value = info[vs:i]
		}
		out = append(out, o)
	}
}

// unquote reads a double-quoted value starting at info[i] and returns it
// with the offset just past its closing quote.
func unquote(info string, i int) (string, int, *literalError) {
	var b strings.Builder
	for j := i + 1; j < len(info); j++ {
		switch c := info[j]; {
		case c == '\\' && j+1 < len(info) && (info[j+1] == '"' || info[j+1] == '\\'):
			b.WriteByte(info[j+1])
			j++
		case c == '"':
			return b.String(), j + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, &literalError{offset: i, msg: `quoted value is never closed with "`}
}

// stepOptions lists every option a step accepts, with what it does; the
// parser and the "unknown option" message both use it.
var stepOptions = map[string]string{
	"conn":    "connection to run on",
	"cursor":  "open, fetch from or close a named cursor",
	"fetch":   "rows a cursor step takes: a number or all",
	"close":   "close the cursor",
	"params":  "values bound to the statement's parameters",
	"expect":  "ok, or the SQLite error code the step must fail with",
	"rows":    "number of rows the step must return",
	"changes": "number of rows the step must change",
	"busy":    "virtual milliseconds the step must wait for a lock, or refused",
	"txn":     "transaction state of the connection after the step",
	"quirk":   "mark the step that shows the quirk (it needs an expectation)",
}

// flagOptions are the options written without a value.
var flagOptions = map[string]bool{"close": true, "quirk": true}

// suggest returns the known option closest to an unknown one, if it is
// close enough to be a typo.
func suggest(key string) string {
	best, bestDist := "", 3
	for k := range stepOptions {
		if d := editDistance(key, k); d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between short ASCII words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// errorCodeWant checks the value of expect=: ok, a documented result code,
// or DBQUIRKS for a step the engine itself refuses (a parameter without a
// value, a cursor that failed to open).
func errorCodeWant(v string) bool {
	return v == "ok" || v == wire.EngineCode || rescode.Known(v)
}

// count parses a non-negative count such as rows=3.
func count(v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}
