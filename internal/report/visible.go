package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible returns s with every character a terminal would act on instead
// of showing it written as \xNN, its code point (or, for a byte that is not
// UTF-8, the byte) in hex: the C0 controls but for the line feed and the
// tab, which are layout, DEL, and the C1 controls. A scenario's title,
// SQL, values and messages reach the terminal through the command line;
// left raw, an ESC or a CSI in them could recolour the output, retitle the
// window or, with a carriage return, overwrite the summary line. A CR LF
// line ending is a line break.
//
// Table cells show line breaks, carriage returns and tabs as ↵, ␍ and ⇥
// first (see [Cell]), so that a row stays on its line.
func Visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r' && strings.HasPrefix(s[i:], "\r\n"):
			// The line feed that follows is written on the next turn.
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isControl reports whether Visible escapes r.
func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f
}

// needsEscape is Visible's fast path: most text has nothing to escape.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f {
			if c < 0x80 {
				return true
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || isControl(r) {
				return true
			}
			i += size - 1
		}
	}
	return false
}
