package permalink

// maxDiffCells bounds the table of the line diff (one int32 per pair of
// lines, 1 MiB): an arbitrary cap, far above what an edit of a catalogue
// scenario needs. Past it, the changed middle is replaced whole, which is
// correct, only longer.
const maxDiffCells = 1 << 18

// diffLines returns the changes that turn a into b, each replacing at
// least one line of a (see edit). Lines both share at the start and the
// end are never compared again; the middle is aligned by its longest
// common subsequence.
func diffLines(a, b []string) []edit {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	var edits []edit
	if len(am)*len(bm) > maxDiffCells {
		edits = []edit{{At: pre, Del: am, Add: bm}}
	} else {
		edits = alignLines(am, bm, pre)
	}
	if len(edits) > 1 && edits[0].At == 0 && len(edits[0].Del) == 0 && edits[1].At == 1 {
		// An insertion at the top and a change right after the first line
		// would both anchor on that line: they become one change.
		first, next := edits[0], edits[1]
		merged := edit{At: 0, Del: append([]string{a[0]}, next.Del...), Add: append(append(first.Add, a[0]), next.Add...)}
		edits = append([]edit{merged}, edits[2:]...)
	}
	for i := range edits {
		anchor(&edits[i], a)
	}
	return edits
}

// alignLines diffs a and b by their longest common subsequence; the edits
// name lines of a counted from offset.
func alignLines(a, b []string, offset int) []edit {
	n, m := len(a), len(b)
	// lcs[i*(m+1)+j] is the length of the LCS of a[i:] and b[j:].
	lcs := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				lcs[i*(m+1)+j] = lcs[(i+1)*(m+1)+j+1] + 1
			case lcs[(i+1)*(m+1)+j] >= lcs[i*(m+1)+j+1]:
				lcs[i*(m+1)+j] = lcs[(i+1)*(m+1)+j]
			default:
				lcs[i*(m+1)+j] = lcs[i*(m+1)+j+1]
			}
		}
	}
	var edits []edit
	var cur *edit
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && a[i] == b[j] {
			cur = nil
			i, j = i+1, j+1
			continue
		}
		if cur == nil {
			edits = append(edits, edit{At: offset + i})
			cur = &edits[len(edits)-1]
		}
		if j == m || i < n && lcs[(i+1)*(m+1)+j] >= lcs[i*(m+1)+j+1] {
			cur.Del = append(cur.Del, a[i])
			i++
		} else {
			cur.Add = append(cur.Add, b[j])
			j++
		}
	}
	return edits
}

// anchor widens a pure insertion to replace the unchanged line before it
// (or after it, at the top), so that every change names a line it can be
// found by in a later version of a (see apply). That line is never part
// of another change: changes are separated by at least one common line,
// and diffLines merges the one case where two would share it.
func anchor(e *edit, a []string) {
	switch {
	case len(e.Del) > 0 || len(a) == 0:
	case e.At > 0:
		e.At--
		e.Del = []string{a[e.At]}
		e.Add = append([]string{a[e.At]}, e.Add...)
	default:
		e.Del = []string{a[0]}
		e.Add = append(e.Add, a[0])
	}
}
