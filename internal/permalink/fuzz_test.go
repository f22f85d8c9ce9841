package permalink

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedLinks adds the golden links and some damaged copies of them.
func seedLinks(f *testing.F, add func(string)) {
	var gs []frozenLink
	for _, name := range []string{"testdata/golden-v1.json", "testdata/golden-v2.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var more []frozenLink
		if err := json.Unmarshal(b, &more); err != nil {
			f.Fatal(err)
		}
		gs = append(gs, more...)
	}
	for _, g := range gs {
		add(g.Fragment)
		add(g.Fragment[:len(g.Fragment)/2])
		add(strings.Replace(g.Fragment, "v1.", "v2.", 1))
		add(strings.Replace(g.Fragment, "v2.", "v1.", 1))
	}
	for _, s := range []string{"", "#", "v1.", "v9.AAAA", "step-3", "v1.AAAA"} {
		add(s)
	}
}

// FuzzDecode: no input makes DecodeFrom panic, on the page of the golden
// v2 links' scenario, and anything it accepts is a valid payload that
// encodes and decodes to itself.
func FuzzDecode(f *testing.F) {
	seedLinks(f, func(s string) { f.Add(s) })
	src, err := os.ReadFile("testdata/busy.md")
	if err != nil {
		f.Fatal(err)
	}
	from := Original{ID: "busy", Source: string(src)}
	f.Fuzz(func(t *testing.T, fragment string) {
		p, err := DecodeFrom(fragment, from)
		if err != nil {
			if p != (Payload{}) {
				t.Fatalf("refused %q but returned %+v", fragment, p)
			}
			return
		}
		checkAccepted(t, p)
	})
}

// FuzzInflate feeds arbitrary bytes to the decompressor and JSON reader,
// which the base64 layer of FuzzDecode rarely lets the fuzzer reach.
func FuzzInflate(f *testing.F) {
	seedLinks(f, func(s string) {
		if z, err := base64.RawURLEncoding.DecodeString(s[min(3, len(s)):]); err == nil {
			f.Add(z)
		}
	})
	src, err := os.ReadFile("testdata/busy.md")
	if err != nil {
		f.Fatal(err)
	}
	from := Original{ID: "busy", Source: string(src)}
	f.Fuzz(func(t *testing.T, z []byte) {
		for _, v := range []string{"v1.", "v2."} {
			p, err := DecodeFrom(v+base64.RawURLEncoding.EncodeToString(z), from)
			if err == nil {
				checkAccepted(t, p)
			}
		}
	})
}

func checkAccepted(t *testing.T, p Payload) {
	t.Helper()
	if err := p.validate(); err != nil {
		t.Fatalf("accepted an invalid payload: %v", err)
	}
	again, err := Encode(p)
	if err != nil {
		t.Fatalf("accepted a payload Encode refuses: %v", err)
	}
	if q, err := Decode(again); err != nil || q != p {
		t.Fatalf("re-encoded payload decodes to %+v, %v", q, err)
	}
}

// FuzzRoundTrip: every payload Encode accepts decodes to itself exactly.
func FuzzRoundTrip(f *testing.F) {
	src, _ := os.ReadFile("testdata/busy.md")
	f.Add(string(src), "busy", "0.1.0", "0123456789abcdef")
	f.Add("SELECT 1", "", "", "")
	f.Add("a\r\nb\x00c\u2028", "x", "1.0.0-rc.1+abc", "")
	f.Fuzz(func(t *testing.T, source, base, eng, digest string) {
		p := Payload{Source: source, Base: base, Engine: eng, Digest: digest}
		frag, err := Encode(p)
		if err != nil {
			if p.validate() == nil && len(source) < MaxDecoded/8 {
				t.Fatalf("refused a valid payload: %v", err)
			}
			return
		}
		if !utf8.ValidString(frag) || !strings.HasPrefix(frag, "v1.") {
			t.Fatalf("bad fragment %q", frag)
		}
		got, err := Decode(frag)
		if err != nil {
			t.Fatalf("Decode of Encode output: %v", err)
		}
		if got != p {
			t.Fatalf("round trip changed %+v into %+v", p, got)
		}
	})
}

// FuzzEditRoundTrip: a link from any source edited into any other opens to
// exactly the edited source on the original's page, and is never longer
// than the link to the whole source.
func FuzzEditRoundTrip(f *testing.F) {
	src, _ := os.ReadFile("testdata/busy.md")
	f.Add(string(src), editFirstStep(f, string(src)))
	f.Add("a\nb\nc", "x\na\nB\nc\n")
	f.Add("a\r\nb", "a\nb\r\n")
	f.Add("\n\n\n", "\n")
	f.Fuzz(func(t *testing.T, orig, edited string) {
		from := Original{ID: "base", Source: orig}
		p := Payload{Source: edited, Base: "base"}
		frag, err := EncodeFrom(p, from)
		if err != nil {
			if p.validate() == nil && len(edited) < MaxDecoded/8 {
				t.Fatalf("refused a valid payload: %v", err)
			}
			return
		}
		if whole, _ := Encode(p); len(frag) > len(whole) {
			t.Fatalf("EncodeFrom wrote %d characters, Encode %d", len(frag), len(whole))
		}
		got, err := DecodeFrom(frag, from)
		if err != nil || got != p {
			t.Fatalf("round trip of %q against %q: %q, %v", edited, orig, got.Source, err)
		}
	})
}
