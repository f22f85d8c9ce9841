package permalink

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
)

// TestRoundTripScenarios encodes every scenario of the catalogue, and the
// format's own README, and checks each decodes to exactly the same bytes.
func TestRoundTripScenarios(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.md")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*.md")
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no scenario files found")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := Payload{Source: string(src), Base: strings.TrimSuffix(filepath.Base(f), ".md"), Engine: "0.1.0", Digest: "0123456789abcdef"}
		if len(src) > MaxDecoded-200 {
			t.Errorf("%s: %d bytes, too large for a link", f, len(src))
			continue
		}
		frag, err := Encode(p)
		if err != nil {
			t.Errorf("%s: Encode: %v", f, err)
			continue
		}
		got, err := Decode("#" + frag)
		if err != nil {
			t.Errorf("%s: Decode: %v", f, err)
			continue
		}
		if got != p {
			t.Errorf("%s: round trip changed the payload", f)
		}
		t.Logf("%s: %d bytes -> %d characters", filepath.Base(f), len(src), len(frag))
	}
	t.Logf("%d files round-tripped", len(files))
}

func TestRoundTripEdges(t *testing.T) {
	for _, src := range []string{
		"x",
		"line one\r\nline two\r\n",
		"no newline at end",
		"tabs\tand \x00 nul and \u2028 separators \ufeff bom",
		"</script><script>alert(1)</script> & <b>",
		"emoji 🧪 and 中文 and combining é",
		strings.Repeat("SELECT 1;\n", 3000),
	} {
		p := Payload{Source: src}
		frag, err := Encode(p)
		if err != nil {
			t.Fatalf("Encode(%.20q): %v", src, err)
		}
		got, err := Decode(frag)
		if err != nil || got != p {
			t.Errorf("round trip of %.20q: got %.20q, %v", src, got.Source, err)
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Payload
		want string
	}{
		{"empty", Payload{Source: " \n"}, "source is empty"},
		{"too large", Payload{Source: strings.Repeat("a", MaxDecoded)}, "more than a link can carry (64 KiB)"},
		{"not utf8", Payload{Source: "a\xffb"}, "not UTF-8"},
		{"bad base", Payload{Source: "x", Base: "../etc"}, "not a scenario id"},
		{"bad engine", Payload{Source: "x", Engine: "<b>"}, "not an engine version"},
		{"bad digest", Payload{Source: "x", Digest: "xyz"}, "not a result digest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Encode(tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// frag builds a v1 fragment from raw bytes, compressing them unless raw.
func frag(t testing.TB, data []byte) string {
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	w.Write(data)
	w.Close()
	return "v1." + base64.RawURLEncoding.EncodeToString(z.Bytes())
}

func TestDecodeRefuses(t *testing.T) {
	good, err := Encode(Payload{Source: "---\ntitle: t\n---\n\n```sql\nSELECT 1\n```\n", Base: "x", Engine: "0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimPrefix(good, "v1.")
	z, _ := base64.RawURLEncoding.DecodeString(body)
	flipped := append([]byte(nil), z...)
	flipped[len(flipped)/2] ^= 0xff
	bomb := frag(t, make([]byte, 10<<20))
	if len(bomb) > maxEncoded {
		t.Fatalf("the bomb (%d characters) should pass the length check to test the inflate limit", len(bomb))
	}
	for _, tc := range []struct {
		name, fragment, want string
	}{
		{"empty", "", "holds no scenario"},
		{"only hash", "#", "holds no scenario"},
		{"anchor", "step-3", "not a dbquirks scenario link"},
		{"no version", "abc.def", "not a dbquirks scenario link"},
		{"newer version", "v9.AAAA", "made by a newer dbquirks (link format v9; this page reads v2)"},
		{"version zero", "v0.AAAA", "unknown link format v0"},
		{"nothing after version", "v1.", "cut off: nothing follows v1."},
		{"version without dot", "v1", "cut off: nothing follows v1."},
		{"truncated", good[:len(good)*2/3], "cut off"},
		{"truncated to one char past a group", good[:len("v1.")+4*((len(body)-1)/4)+1], "cut off or damaged"},
		{"bad character", good[:10] + "*" + good[11:], `character 11 ('*') cannot appear`},
		{"padding", good + "==", "cannot appear"},
		{"standard base64", "v1." + base64.RawStdEncoding.EncodeToString([]byte{0xfb, 0xff, 0xfe}), "cannot appear"},
		{"corrupted", "v1." + base64.RawURLEncoding.EncodeToString(flipped), "damaged"},
		{"not deflate", "v1." + base64.RawURLEncoding.EncodeToString([]byte("hello, this is not deflate data at all")), "damaged"},
		{"extra data", good + "AAAA", "extra data after the scenario"},
		{"too long", "v1." + strings.Repeat("A", maxEncoded+1), "too long"},
		{"deflate bomb", bomb, "unpacks to more than 64 KiB"},
		{"just over the cap", frag(t, []byte(`{"source":"`+strings.Repeat("a", MaxDecoded)+`"}`)), "more than 64 KiB"},
		{"not utf8", frag(t, []byte("{\"source\":\"a\xff\"}")), "not UTF-8"},
		{"not json", frag(t, []byte("SELECT 1")), "not a dbquirks scenario"},
		{"json array", frag(t, []byte(`["SELECT 1"]`)), "not a dbquirks scenario"},
		{"wrong type", frag(t, []byte(`{"source":1}`)), "not a dbquirks scenario"},
		{"two objects", frag(t, []byte(`{"source":"a"}{"source":"b"}`)), "extra data"},
		{"no source", frag(t, []byte(`{"base":"x"}`)), "source is empty"},
		{"bad base", frag(t, []byte(`{"source":"x","base":"<script>"}`)), "not a scenario id"},
		{"bad digest", frag(t, []byte(`{"source":"x","digest":"ZZZZZZZZZZZZZZZZ"}`)), "not a result digest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Decode(tc.fragment)
			if err == nil {
				t.Fatalf("Decode(%.40q) = %+v, want an error", tc.fragment, p)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode(%.40q): %v\nwant an error containing %q", tc.fragment, err, tc.want)
			}
			if p != (Payload{}) {
				t.Errorf("a refused link still returned %+v", p)
			}
		})
	}
}

func TestDecodeAccepts(t *testing.T) {
	for _, tc := range []struct {
		name, fragment string
		want           Payload
	}{
		// A later v1 writer may add fields; older pages ignore them.
		{"unknown field", frag(t, []byte(`{"source":"x","future":true}`)), Payload{Source: "x"}},
		{"only source", frag(t, []byte(`{"source":"SELECT 1"}`)), Payload{Source: "SELECT 1"}},
		{"spaces around", "  #" + frag(t, []byte(`{"source":"x"}`)) + "\n", Payload{Source: "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.fragment)
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

// frozenLink is one frozen link: every link a released dbquirks wrote must keep
// decoding to the same payload.
type frozenLink struct {
	Note     string  `json:"note"`
	Fragment string  `json:"fragment"`
	Payload  Payload `json:"payload"`
	// From is the file under testdata holding the source a v2 link's
	// changes apply to (the scenario Payload.Base).
	From string `json:"from,omitempty"`
}

// TestGoldenLinks decodes the frozen links of every version. -update only
// adds a file that is missing: a written golden is never regenerated.
func TestGoldenLinks(t *testing.T) {
	path := filepath.Join("testdata", "golden-v1.json")
	if _, err := os.Stat(path); os.IsNotExist(err) && golden.Updating() {
		src, err := os.ReadFile("testdata/busy.md")
		if err != nil {
			t.Fatal(err)
		}
		var gs []frozenLink
		for _, p := range []Payload{
			{Source: string(src), Base: "busy", Engine: "0.1.0", Digest: "0123456789abcdef"},
			{Source: "```sql\nSELECT 'héllo' || char(10) || '</script>', x'00ff'\n```\n"},
		} {
			f, err := Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			gs = append(gs, frozenLink{Note: "written by Go's Encode", Fragment: f, Payload: p})
		}
		b, _ := json.MarshalIndent(gs, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeGoldenEdits(t)
	files, _ := filepath.Glob("testdata/golden-v*.json")
	if len(files) == 0 {
		t.Fatal("no golden links in testdata (run go test -update once to write them)")
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var gs []frozenLink
		if err := json.Unmarshal(b, &gs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i, g := range gs {
			var from Original
			if g.From != "" {
				src, err := os.ReadFile(filepath.Join("testdata", g.From))
				if err != nil {
					t.Fatal(err)
				}
				from = Original{ID: g.Payload.Base, Source: string(src)}
			}
			got, err := DecodeFrom(g.Fragment, from)
			if err != nil {
				t.Errorf("%s[%d] (%s): %v", f, i, g.Note, err)
			} else if got != g.Payload {
				t.Errorf("%s[%d] (%s): decoded to %+v, want %+v", f, i, g.Note, got, g.Payload)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("golden files hold no links")
	}
}
