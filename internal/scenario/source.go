package scenario

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// source knows where each line of a scenario starts, so that byte offsets
// from goldmark and line numbers from YAML both become line:column
// diagnostics that quote the offending line.
type source struct {
	file  string
	text  string
	start []int // start[i] is the byte offset of line i+1
	diags Diagnostics
}

func newSource(file, text string) *source {
	s := &source{file: file, text: text, start: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			s.start = append(s.start, i+1)
		}
	}
	return s
}

// position turns a byte offset into a 1-based line and column.
func (s *source) position(offset int) (line, col int) {
	line = sort.Search(len(s.start), func(i int) bool { return s.start[i] > offset })
	return line, offset - s.start[line-1] + 1
}

// line returns the text of 1-based line n, without its line break.
func (s *source) line(n int) string {
	if n < 1 || n > len(s.start) {
		return ""
	}
	end := len(s.text)
	if n < len(s.start) {
		end = s.start[n] - 1
	}
	return strings.TrimRight(s.text[s.start[n-1]:end], "\r")
}

// errorAt records a mistake at a line and column.
func (s *source) errorAt(line, col int, format string, args ...any) {
	s.diags = append(s.diags, wire.Diagnostic{
		File: s.file, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...),
		Text:    quoteLine(s.line(line)),
	})
}

// quoteLine is a source line fit to quote in a message: valid UTF-8 (a
// page shows it) and short enough to read.
func quoteLine(l string) string {
	const max = 200
	l = strings.ToValidUTF8(l, "\uFFFD")
	if r := []rune(l); len(r) > max {
		l = string(r[:max]) + "…"
	}
	return l
}

// errorAtOffset records a mistake at a byte offset of the whole source.
func (s *source) errorAtOffset(offset int, format string, args ...any) {
	line, col := s.position(offset)
	s.errorAt(line, col, format, args...)
}

func (s *source) err() error {
	if len(s.diags) == 0 {
		return nil
	}
	sort.SliceStable(s.diags, func(i, j int) bool {
		a, b := s.diags[i], s.diags[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return s.diags
}

// byteSize words a size for a diagnostic: "256 KiB", "300 bytes".
func byteSize(n int) string {
	switch {
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 10<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
