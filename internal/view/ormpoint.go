package view

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// writeORMCode writes the Django side's ORM code. Without a point it is
// one figure, as the other code is. With one (internal/scenario's "# point"
// markers) the figure shows the point, each stretch of code left out as a
// line holding "…", and the whole code, as make test-django runs it, in a
// <details> below it: one click away, and open without JavaScript.
func writeORMCode(w *writer, orm string, point []wire.LineRange) {
	shown, ok := pointLines(strings.Split(orm, "\n"), point)
	if !ok {
		writeCodeFigure(w, "ORM code", "code code-python", orm)
		return
	}
	w.raw(`<figure class="code-fig orm-point" data-testid="orm-code"><figcaption>ORM code, the lines that matter</figcaption>`)
	w.raw(`<pre class="code code-python" data-testid="orm-point"><code>`)
	for i, l := range shown {
		if i > 0 {
			w.raw("\n")
		}
		w.text(l.text)
		if l.elided {
			// After the indentation of the lines it stands for; how many they
			// are is drawn beside it (app.css), not copied with the code.
			w.raw(`<span class="code-elided" data-testid="orm-elided"`)
			w.attr("data-left-out", linesLeftOut(l.leftOut))
			w.raw(` title="Lines left out: the whole code is below">…</span>`)
		}
	}
	w.raw("</code></pre>\n")
	w.raw(`<details class="code-whole" data-testid="orm-whole"><summary>The whole code, as <code>make test-django</code> runs it</summary>`)
	w.raw(`<pre class="code code-python"><code>`)
	w.text(orm)
	w.raw("</code></pre></details></figure>\n")
}

// shownLine is a line of the point as the page shows it: a line of code,
// or, elided, the indentation of a stretch of leftOut lines left out.
type shownLine struct {
	text    string
	elided  bool
	leftOut int
}

func linesLeftOut(n int) string {
	if n == 1 {
		return "1 line left out"
	}
	return strconv.Itoa(n) + " lines left out"
}

// pointLines are the lines of the point: the lines point marks, and one
// elided line for every stretch between, before or after them that holds
// code (a stretch of blank lines is shown as it is). ok is false when
// point marks nothing or is not a point of these lines (out of order or
// out of range), and the code is shown whole.
func pointLines(lines []string, point []wire.LineRange) (shown []shownLine, ok bool) {
	next := 1 // the first line not shown yet
	for _, r := range point {
		if r.From < next || r.To < r.From || r.To > len(lines) {
			return nil, false
		}
		shown = appendGap(shown, lines[next-1:r.From-1])
		for _, l := range lines[r.From-1 : r.To] {
			shown = append(shown, shownLine{text: l})
		}
		next = r.To + 1
	}
	return appendGap(shown, lines[next-1:]), len(point) > 0
}

// appendGap appends the lines left out between two stretches of the
// point: nothing for none, themselves when all are blank, otherwise one
// elided line indented as the first of them that holds code, counting the
// lines that hold code (a reader who opens the whole code finds that many,
// not the blank lines between them).
func appendGap(shown []shownLine, gap []string) []shownLine {
	code, indent := 0, ""
	for _, l := range gap {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if code == 0 {
			indent = l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		}
		code++
	}
	if code > 0 {
		return append(shown, shownLine{text: indent, elided: true, leftOut: code})
	}
	for _, l := range gap {
		shown = append(shown, shownLine{text: l})
	}
	return shown
}
