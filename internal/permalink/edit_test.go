package permalink

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
)

// editFirstStep changes the first SQL line of a source's first step, as a
// person trying a variation would: one step, one line.
func editFirstStep(t testing.TB, src string) string {
	t.Helper()
	i := strings.Index(src, "```sql")
	if i < 0 {
		t.Fatal("no sql step")
	}
	nl := strings.IndexByte(src[i:], '\n') + i
	end := strings.IndexByte(src[nl+1:], '\n') + nl + 1
	return src[:end] + " -- and 1.5 * 2" + src[end:]
}

// TestEditLinksOfCatalogue: a one-step edit of every catalogue scenario
// makes a v2 link well under 1,000 characters, which opens to exactly the
// edited source on that scenario's page.
func TestEditLinksOfCatalogue(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.md")
	if err != nil || len(files) == 0 {
		t.Fatal("no scenario files found", err)
	}
	longest := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".md")
		from := Original{ID: id, Source: string(b)}
		p := Payload{Source: editFirstStep(t, from.Source), Base: id, Engine: "0.1.0", Digest: "0123456789abcdef"}
		frag, err := EncodeFrom(p, from)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if !strings.HasPrefix(frag, EditVersion+".") || len(frag) > 700 {
			t.Errorf("%s: one-step edit link is %d characters (%.8s…), want a v2 link under 700", id, len(frag), frag)
		}
		longest = max(longest, len(frag))
		got, err := DecodeFrom(frag, from)
		if err != nil || got != p {
			t.Errorf("%s: decoded to %.40q, %v", id, got.Source, err)
		}
	}
	t.Logf("%d scenarios, longest one-step edit link %d characters", len(files), longest)
}

func TestEditLinkEdges(t *testing.T) {
	src, err := os.ReadFile("testdata/busy.md")
	if err != nil {
		t.Fatal(err)
	}
	orig := string(src)
	from := Original{ID: "busy", Source: orig}
	for _, tc := range []struct{ name, edited string }{
		{"one step", editFirstStep(t, orig)},
		{"line added at the top", "<!-- note -->\n" + orig},
		{"line added at the top and one changed below it", "x\n---\nchanged\n" + orig[4:]},
		{"line added at the end", orig + "more\n"},
		{"newline removed at the end", strings.TrimSuffix(orig, "\n")},
		{"two steps", strings.Replace(strings.Replace(orig, "COMMIT", "ROLLBACK", 1), "VALUES (20)", "VALUES (21)", 1)},
		{"a step removed", strings.Replace(orig, "```sql\nCOMMIT\n```\n", "", 1)},
		{"line endings", strings.ReplaceAll(orig, "\n", "\r\n")},
		{"all new", "```sql\nSELECT 1\n```\n"},
		{"unchanged", orig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Payload{Source: tc.edited, Base: "busy"}
			frag, err := EncodeFrom(p, from)
			if err != nil {
				t.Fatal(err)
			}
			whole, _ := Encode(p)
			if len(frag) > len(whole) {
				t.Errorf("EncodeFrom wrote %d characters, Encode %d", len(frag), len(whole))
			}
			if got, err := DecodeFrom(frag, from); err != nil || got != p {
				t.Errorf("decoded to %.60q, %v", got.Source, err)
			}
		})
	}
}

// TestEditLinkAfterTheScenarioChanged: a v2 link keeps opening after the
// catalogue scenario moves on elsewhere, and says why when the lines it
// changed are gone.
func TestEditLinkAfterTheScenarioChanged(t *testing.T) {
	src, _ := os.ReadFile("testdata/busy.md")
	orig := string(src)
	p := Payload{Source: strings.Replace(orig, "VALUES (20)", "VALUES (25)", 1), Base: "busy"}
	frag, err := EncodeFrom(p, Original{ID: "busy", Source: orig})
	if err != nil || !strings.HasPrefix(frag, "v2.") {
		t.Fatalf("EncodeFrom = %q, %v", frag, err)
	}
	later := strings.Replace(orig, "Two connections share one database.", "Two connections\nshare one database.", 1)
	later = strings.Replace(later, "COMMIT", "COMMIT;\nSELECT 1", 1)
	got, err := DecodeFrom(frag, Original{ID: "busy", Source: later})
	want := strings.Replace(later, "VALUES (20)", "VALUES (25)", 1)
	if err != nil || got.Source != want {
		t.Errorf("on a later version: %.60q, %v", got.Source, err)
	}

	for _, tc := range []struct {
		name string
		from Original
		want string
	}{
		{"the changed line is gone", Original{ID: "busy", Source: strings.Replace(orig, "VALUES (20)", "VALUES (30)", 1)},
			`the scenario "busy" has changed since this link was made, and the link's changes no longer fit it (the lines of change 1 are gone)`},
		{"another scenario's page", Original{ID: "other", Source: orig}, `this link holds changes to the scenario "busy": open it on that scenario's page`},
		{"no scenario", Original{}, `this link holds changes to the scenario "busy": open it on that scenario's page`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeFrom(frag, tc.from)
			if err == nil || err.Error() != tc.want || got != (Payload{}) {
				t.Errorf("DecodeFrom = %+v, %v; want the error %q", got, err, tc.want)
			}
		})
	}
}

// TestDiffLinesTable pins the changes diffLines finds.
func TestDiffLinesTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want string
	}{
		{"one line", "a\nb\nc", "a\nB\nc", `[{"at":1,"del":["b"],"add":["B"]}]`},
		{"insertion anchors on the line before", "a\nb", "a\nx\nb", `[{"at":0,"del":["a"],"add":["a","x"]}]`},
		{"insertion at the top anchors on the line after", "a\nb", "x\na\nb", `[{"at":0,"del":["a"],"add":["x","a"]}]`},
		{"top insertion and a change after line one merge", "a\nb\nc", "x\na\nB\nc", `[{"at":0,"del":["a","b"],"add":["x","a","B"]}]`},
		{"two apart", "a\nb\nc\nd\ne", "A\nb\nc\nd\nE", `[{"at":0,"del":["a"],"add":["A"]},{"at":4,"del":["e"],"add":["E"]}]`},
		{"deletion", "a\nb\nc", "a\nc", `[{"at":1,"del":["b"],"add":null}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edits := diffLines(lines(tc.a), lines(tc.b))
			got, _ := json.Marshal(edits)
			if string(got) != tc.want {
				t.Errorf("diffLines = %s, want %s", got, tc.want)
			}
			if out, err := apply(lines(tc.a), edits, true); err != nil || out != tc.b {
				t.Errorf("apply = %q, %v; want %q", out, err, tc.b)
			}
		})
	}
}

// writeGoldenEdits writes testdata/golden-v2.json when it is missing and
// -update is given: the v2 links a released dbquirks wrote, which must keep
// decoding against testdata/busy.md.
func writeGoldenEdits(t *testing.T) {
	path := filepath.Join("testdata", "golden-v2.json")
	if _, err := os.Stat(path); !os.IsNotExist(err) || !golden.Updating() {
		return
	}
	src, err := os.ReadFile("testdata/busy.md")
	if err != nil {
		t.Fatal(err)
	}
	orig := string(src)
	from := Original{ID: "busy", Source: orig}
	var gs []frozenLink
	for _, p := range []Payload{
		{Source: strings.Replace(orig, "VALUES (20)", "VALUES (25)", 1), Base: "busy", Engine: "0.1.0", Digest: "0123456789abcdef"},
		{Source: strings.Replace(orig, "COMMIT\n", "ROLLBACK\n", 1) + "\nOne more line.\n", Base: "busy", Engine: "0.1.0"},
	} {
		f, err := EncodeFrom(p, from)
		if err != nil || !strings.HasPrefix(f, EditVersion+".") {
			t.Fatalf("EncodeFrom = %q, %v", f, err)
		}
		gs = append(gs, frozenLink{Note: "written by Go's EncodeFrom", Fragment: f, Payload: p, From: "busy.md"})
	}
	b, _ := json.MarshalIndent(gs, "", "  ")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
