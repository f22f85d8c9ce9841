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
	b, err := os.ReadFile("testdata/golden-v1.json")
	if err != nil {
		f.Fatal(err)
	}
	var gs []frozenLink
	if err := json.Unmarshal(b, &gs); err != nil {
		f.Fatal(err)
	}
	for _, g := range gs {
		add(g.Fragment)
		add(g.Fragment[:len(g.Fragment)/2])
		add(strings.Replace(g.Fragment, "v1.", "v2.", 1))
	}
	for _, s := range []string{"", "#", "v1.", "v9.AAAA", "step-3", "v1.AAAA"} {
		add(s)
	}
}

// FuzzDecode: no input makes Decode panic, and anything it accepts is a
// valid payload that encodes and decodes to itself.
func FuzzDecode(f *testing.F) {
	seedLinks(f, func(s string) { f.Add(s) })
	f.Fuzz(func(t *testing.T, fragment string) {
		p, err := Decode(fragment)
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
		if z, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(s, "v1.")); err == nil {
			f.Add(z)
		}
	})
	f.Fuzz(func(t *testing.T, z []byte) {
		p, err := Decode("v1." + base64.RawURLEncoding.EncodeToString(z))
		if err == nil {
			checkAccepted(t, p)
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
