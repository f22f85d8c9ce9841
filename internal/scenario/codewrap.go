package scenario

import (
	"io"
	"strings"
	"unicode"
)

// This file decides where a line of code may wrap on a narrow screen, for
// the prose's inline code (codeSpanRenderer) and a step's options line
// (internal/view): the way an editor wraps it, never inside a word or a
// number.

// A CodePiece is a stretch of a code string that the markup writes as one.
type CodePiece struct {
	Text  string
	Break bool // a line may break before it: the markup writes <wbr>
	Whole bool // a number or placeholder a browser would split on its own, kept on one line
}

// maxName is the longest name, in runes, kept whole in code wider than its
// line. A longer one may break after its underscores: on a phone a line of
// code holds 30 to 40 runes, less in a list or a lane, and a name that does
// not fit would otherwise break anywhere ("…unique_constr|aints"). Browsers
// break at the last place a line allows, so a shorter name with break
// points would split where it could have moved to the next line whole
// (MariaDB's ERROR_FOR_DIVISION_BY_ZERO, 26 runes, in a lane's label).
// Code that fits on its line never breaks (app.css).
const maxName = 32

// maxWhole is the longest token, in runes, kept on one line: a longer one
// may wrap where the browser's own line breaking allows, so that the page
// never scrolls sideways (arbitrary; a 360 px phone's line holds about 35).
const maxWhole = 24

// CodePieces cuts code where a line may break besides its spaces (where
// browsers break anyway):
//   - after , ; ( [ { = and /, unless a closing bracket, a . or :, or
//     another of , ; = / follows: "f(|a=|1, b)", never "f(|)" or "a=|=b";
//   - before the . of a name or call that follows a name: "Tag|.objects|.get";
//   - before a %(name)s placeholder that follows a name: "UNIQUE|%(x)s";
//   - after the _ of a name longer than maxName, which a phone's line may
//     not hold: "shop_booking_|at_most_one_|confirmed_…" (a shorter name
//     moves to the next line whole, as a word does).
//
// It never cuts inside any other word (letters, digits, _), a number (0.1, 1e-3,
// 2024-12-31, 23:59:59.999999+01:00) or a placeholder. Browsers break
// after a hyphen or a % on their own ("1e-|3", "2024-|12-31", "%|(name)s"),
// so such a number or placeholder is a Whole piece, which the markup keeps
// on one line. A date breaks at its space only, then.
func CodePieces(code string) []CodePiece {
	var r []rune
	var at []int // where each rune starts in code
	for i, c := range code {
		r, at = append(r, c), append(at, i)
	}
	at = append(at, len(code))
	t := findTokens(r)
	var out []CodePiece
	start, brk := 0, false
	for i := 1; i <= len(r); i++ {
		edge := i == len(r) || t.wholeAt(i) != t.wholeAt(i-1) || t.wholeAt(i) && !t.same(i, i-1)
		next := i < len(r) && mayBreak(r, t, i)
		if edge || next {
			out = append(out, CodePiece{Text: code[at[start]:at[i]], Break: brk, Whole: t.wholeAt(start)})
			start, brk = i, next
		}
	}
	return out
}

// WriteCode writes code to w as the content of a <code> element: each
// piece escaped by esc, <wbr> where a line may break, and a whole piece in
// <span class="whole">. The text content stays code, and <wbr> copies as
// nothing. Write errors are the caller's writer's to report (both callers
// write to memory).
func WriteCode(w io.Writer, code string, esc *strings.Replacer) {
	for _, p := range CodePieces(code) {
		if p.Break {
			io.WriteString(w, "<wbr>")
		}
		if p.Whole {
			io.WriteString(w, `<span class="whole">`)
		}
		esc.WriteString(w, p.Text)
		if p.Whole {
			io.WriteString(w, "</span>")
		}
	}
}

// tokens says which number or placeholder each rune of a code string is
// part of, and which runes are in a name too long to keep on one line.
type tokens struct {
	id    []int  // for each rune: 0, or 1 + the index of its token in whole
	whole []bool // for each token: kept on one line
	long  []bool // for each rune: in a run of word runes longer than maxName
}

func (t tokens) same(i, j int) bool { return t.id[i] != 0 && t.id[i] == t.id[j] }

func (t tokens) wholeAt(i int) bool { return t.id[i] != 0 && t.whole[t.id[i]-1] }

// findTokens finds the numbers and %(name)s placeholders in r. One is
// whole when a browser could split it: when it holds a % : + or -.
func findTokens(r []rune) tokens {
	t := tokens{id: make([]int, len(r)), long: make([]bool, len(r))}
	for i := 0; i < len(r); {
		j := i
		for j < len(r) && isWordRune(r[j]) {
			j++
		}
		for k := i; k < j; k++ {
			t.long[k] = j-i > maxName
		}
		i = max(j, i+1)
	}
	for i := 0; i < len(r); {
		end := 0
		switch {
		case isDigitRune(r[i]) && (i == 0 || !isWordRune(r[i-1])):
			end = numberEnd(r, i)
		case r[i] == '%':
			end = placeholderEnd(r, i)
		}
		if end == 0 {
			i++
			continue
		}
		t.whole = append(t.whole, end-i <= maxWhole && strings.ContainsAny(string(r[i:end]), "%:+-"))
		for ; i < end; i++ {
			t.id[i] = len(t.whole)
		}
	}
	return t
}

// numberEnd returns where the number starting at r[i] ends: it runs on
// over word runes, and over . : + and - that a digit follows.
func numberEnd(r []rune, i int) int {
	for i < len(r) {
		switch {
		case isWordRune(r[i]):
			i++
		case strings.ContainsRune(".:+-", r[i]) && i+1 < len(r) && isDigitRune(r[i+1]):
			i += 2
		default:
			return i
		}
	}
	return i
}

// placeholderEnd returns where the %(name)s placeholder starting at r[i]
// ends, or 0 when there is none.
func placeholderEnd(r []rune, i int) int {
	if i+1 >= len(r) || r[i+1] != '(' {
		return 0
	}
	j := i + 2
	for j < len(r) && isWordRune(r[j]) {
		j++
	}
	if j == i+2 || j+1 >= len(r) || r[j] != ')' || !unicode.IsLetter(r[j+1]) {
		return 0
	}
	return j + 2
}

// mayBreak reports whether a line may break before r[i] (0 < i < len(r))
// although no space is there.
func mayBreak(r []rune, t tokens, i int) bool {
	a, b := r[i-1], r[i]
	switch {
	case unicode.IsSpace(a) || unicode.IsSpace(b):
		return false // the browser breaks there already
	case t.same(i, i-1):
		return false
	case strings.ContainsRune(",;([{=/", a):
		return !strings.ContainsRune(")]},;=/.:", b)
	case b == '.':
		return (isWordRune(a) || a == ')' || a == ']') && t.id[i-1] == 0 &&
			i+1 < len(r) && (unicode.IsLetter(r[i+1]) || r[i+1] == '_')
	case b == '%':
		return (isWordRune(a) || a == ')') && t.id[i] != 0
	case a == '_':
		return t.long[i] && b != '_'
	}
	return false
}

func isWordRune(c rune) bool { return c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c) }

func isDigitRune(c rune) bool { return '0' <= c && c <= '9' }
