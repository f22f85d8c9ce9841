package scenario

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// ORM code that really runs under make test-django (threads, events,
// asserts) can be long, and the lines that meet the quirk get lost in it.
// Its author marks them: every stretch between a "# point" line and an
// "# end point" line is part of the point, which the page shows first,
// with the whole code a click away. The markers are Python comments, but
// they are taken out of the code all the same, so the code a reader sees
// and copies, in whole or in part, is exactly the code make test-django
// runs, and the point is cut from it: it cannot drift from what is run.

// The point markers, each alone on its line apart from indentation.
const (
	PointOpen  = "# point"
	PointClose = "# end point"
)

// pointProblem is a mistake in the markers: line counts the code's lines
// from 1, markers included.
type pointProblem struct {
	line int
	msg  string
}

// cutPoint takes the point markers out of code. It returns the code
// without them, the stretches of its lines they marked (blank lines at
// either end of a stretch left out), and the mistakes in them.
func cutPoint(code string) (whole string, point []wire.LineRange, problems []pointProblem) {
	lines := strings.Split(code, "\n")
	kept := make([]string, 0, len(lines))
	opened := 0 // the line of the open "# point", or 0
	from := 0   // the first kept line after it
	for i, l := range lines {
		n := i + 1
		switch pointMarker(l) {
		case markerOpen:
			if opened > 0 {
				problems = append(problems, pointProblem{n, "\"" + PointOpen + "\" inside the point opened on line " + strconv.Itoa(opened) + ": close that one with \"" + PointClose + "\" first"})
				continue
			}
			opened, from = n, len(kept)+1
		case markerClose:
			if opened == 0 {
				problems = append(problems, pointProblem{n, "\"" + PointClose + "\" without a \"" + PointOpen + "\" before it"})
				continue
			}
			if r, ok := trimBlank(kept, from, len(kept)); ok {
				point = append(point, r)
			} else {
				problems = append(problems, pointProblem{n, "the point opened on line " + strconv.Itoa(opened) + " is empty: mark at least one line of code"})
			}
			opened = 0
		case markerMisspelt:
			problems = append(problems, pointProblem{n, "a point marker is \"" + PointOpen + "\" or \"" + PointClose + "\", alone on its line"})
		default:
			kept = append(kept, l)
		}
	}
	if opened > 0 {
		problems = append(problems, pointProblem{opened, "\"" + PointOpen + "\" is never closed by \"" + PointClose + "\""})
	}
	whole = strings.TrimRight(strings.Join(kept, "\n"), "\n")
	if len(point) > 0 && len(problems) == 0 && coversAll(kept, point) {
		first := 0
		for i, l := range lines {
			if pointMarker(l) == markerOpen {
				first = i + 1
				break
			}
		}
		problems = append(problems, pointProblem{first, "the point is the whole code: leave the markers out, and the page shows it whole"})
	}
	return whole, point, problems
}

type marker int

const (
	notMarker marker = iota
	markerOpen
	markerClose
	markerMisspelt // "#point", "# Point:", "# end-point": meant as one, read as none
)

func pointMarker(line string) marker {
	l := strings.TrimSpace(line)
	switch l {
	case PointOpen:
		return markerOpen
	case PointClose:
		return markerClose
	}
	comment, ok := strings.CutPrefix(l, "#")
	if !ok {
		return notMarker
	}
	words := strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(strings.ToLower(comment))), " ")
	switch {
	case words == "point", words == "end point", words == "endpoint", words == "end of point", words == "point end":
		return markerMisspelt
	case strings.HasPrefix(words, "point:"), strings.HasPrefix(words, "end point:"):
		return markerMisspelt // "# point: the fix", a marker with a label
	}
	return notMarker
}

// trimBlank is lines from to to (counted from 1) without the blank lines
// at either end; ok is false when nothing else is left.
func trimBlank(lines []string, from, to int) (r wire.LineRange, ok bool) {
	for from <= to && strings.TrimSpace(lines[from-1]) == "" {
		from++
	}
	for to >= from && strings.TrimSpace(lines[to-1]) == "" {
		to--
	}
	return wire.LineRange{From: from, To: to}, from <= to
}

// coversAll reports whether every line that is not blank is in point.
func coversAll(lines []string, point []wire.LineRange) bool {
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		in := false
		for _, r := range point {
			in = in || r.From <= i+1 && i+1 <= r.To
		}
		if !in {
			return false
		}
	}
	return true
}
