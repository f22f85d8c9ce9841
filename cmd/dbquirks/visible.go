package main

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/report"
)

// visibleWriter makes every control character written through it visible
// (report.Visible) before it reaches the terminal: whatever a command
// prints, a scenario's title, SQL, values or a diagnostic quoting its
// source, cannot recolour the output, retitle the window or overwrite a
// line. It holds back an incomplete UTF-8 sequence or a carriage return
// at the end of a write until the next one shows what it is part of. A
// site build may log from more than one goroutine, hence the lock.
type visibleWriter struct {
	w       io.Writer
	mu      sync.Mutex
	pending []byte
}

func (v *visibleWriter) Write(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	b := append(v.pending, p...)
	cut := len(b) - unfinishedTail(b)
	v.pending = bytes.Clone(b[cut:])
	if _, err := io.WriteString(v.w, report.Visible(string(b[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what was held back: the output ended there.
func (v *visibleWriter) Flush() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, err := io.WriteString(v.w, report.Visible(string(v.pending)))
	v.pending = nil
	return err
}

// unfinishedTail is how many bytes at the end of b may belong with the
// next write: a carriage return that may start a CR LF, or the start of a
// UTF-8 sequence that is not complete.
func unfinishedTail(b []byte) int {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return 1
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return 0
			}
			return len(b) - i
		}
	}
	return 0
}

// escapeC1 writes the C1 controls (U+0080 to U+009F) of JSON text as \u
// escapes. encoding/json escapes the C0 controls but leaves these, which
// some terminals act on; inside JSON they can only be in strings, where
// the escape means the same character.
func escapeC1(js []byte) []byte {
	var out bytes.Buffer
	for len(js) > 0 {
		r, size := utf8.DecodeRune(js)
		if r >= 0x80 && r <= 0x9f {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(js[:size])
		}
		js = js[size:]
	}
	return out.Bytes()
}
