package main

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/permalink"
)

func TestLinkRoundTrip(t *testing.T) {
	p := playTiny(t)
	out, err := linkEncodeJSON(tiny, "tiny", p.Digest, "")
	if err != nil {
		t.Fatal(err)
	}
	var info linkInfo
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatal(err)
	}
	want := p.Digest
	if !strings.HasPrefix(info.Fragment, "v1.") || info.Length != len(info.Fragment) || info.Warn || info.Digest != want || want == "" {
		t.Errorf("linkEncode = %+v, want digest %s", info, want)
	}
	back, err := linkDecodeJSON("#"+info.Fragment, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var got permalink.Payload
	if err := json.Unmarshal(back, &got); err != nil {
		t.Fatal(err)
	}
	if got != (permalink.Payload{Source: tiny, Base: "tiny", Engine: engine.Version, Digest: want}) {
		t.Errorf("decoded %+v", got)
	}
}

// TestLinkOfAnEdit: with the scenario's own source, a link holds only the
// edit (v2) and opens on that scenario's page, and only there.
func TestLinkOfAnEdit(t *testing.T) {
	// Prose that does not compress, so that the whole source makes a
	// longer link than the edit.
	rng := rand.New(rand.NewPCG(3, 4))
	prose := make([]byte, 600)
	for i := range prose {
		prose[i] = "abcdefghij klmnop"[rng.IntN(17)]
	}
	base := tiny + "\n" + string(prose) + "\n"
	edited := strings.Replace(base, "'x' AS b", "'y' AS b", 1)
	out, err := linkEncodeJSON(edited, "tiny", "", base)
	if err != nil {
		t.Fatal(err)
	}
	var info linkInfo
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(info.Fragment, "v2.") {
		t.Errorf("linkEncode with the base's source = %q, want a v2 link", info.Fragment)
	}
	back, err := linkDecodeJSON(info.Fragment, "tiny", base)
	var got permalink.Payload
	if err == nil {
		err = json.Unmarshal(back, &got)
	}
	if err != nil || got.Source != edited || got.Base != "tiny" {
		t.Errorf("linkDecode on its page = %+v, %v", got, err)
	}
	if _, err := linkDecodeJSON(info.Fragment, "", ""); err == nil || !strings.Contains(err.Error(), "open it on that scenario's page") {
		t.Errorf("linkDecode elsewhere: %v, want the page to open it on", err)
	}
}

func TestLinkEncodeDigest(t *testing.T) {
	for _, digest := range []string{"", playTiny(t).Digest} {
		out, err := linkEncodeJSON(tiny, "", digest, "")
		if err != nil {
			t.Fatal(err)
		}
		var info linkInfo
		json.Unmarshal(out, &info)
		if info.Digest != digest {
			t.Errorf("digest %q, want %q", info.Digest, digest)
		}
	}
	// Random letters do not compress: a long enough comment makes a long link.
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 3000)
	for i := range noise {
		noise[i] = 'a' + byte(rng.IntN(26))
	}
	out, err := linkEncodeJSON("```sql\n-- "+string(noise)+"\nSELECT 1\n```\n", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var info linkInfo
	json.Unmarshal(out, &info)
	if info.Length <= permalink.Warn || !info.Warn {
		t.Errorf("long link: %d characters, warn %v", info.Length, info.Warn)
	}
}

func TestShareErrors(t *testing.T) {
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"damaged link", func() error { _, err := linkDecodeJSON("v1.@@@", "", ""); return err }, "damaged"},
		{"not a link", func() error { _, err := linkDecodeJSON("step-3", "", ""); return err }, "not a dbquirks scenario link"},
		{"too big to share", func() error {
			_, err := linkEncodeJSON(strings.Repeat("x", permalink.MaxDecoded+1), "", "", "")
			return err
		}, "more than a link can carry"},
		{"csv without a run", func() error { _, err := exportCSV("", "1", "0"); return err }, "no longer in the engine"},
		{"csv of a forgotten run", func() error { _, err := exportCSV("999999", "1", "0"); return err }, "no longer in the engine"},
		{"markdown of a forgotten run", func() error { _, err := exportMarkdown("-1", ""); return err }, "no longer in the engine"},
		{"csv out of range", func() error { _, err := exportCSV(strconv.Itoa(playTiny(t).Run), "2", "0"); return err }, `no statement "0" of step "2"`},
		{"csv bad index", func() error { _, err := exportCSV(strconv.Itoa(playTiny(t).Run), "one", "0"); return err }, "no statement"},
	}
	for _, tt := range tests {
		if err := tt.call(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestExports(t *testing.T) {
	run := strconv.Itoa(playTiny(t).Run)
	md, err := exportMarkdown(run, "https://example.com/#v1.x")
	if err != nil || !strings.Contains(md, "Tiny") || !strings.Contains(md, "https://example.com/#v1.x") {
		t.Errorf("markdown = %q, %v", md, err)
	}
	py, err := exportDjangoTest(run, "")
	if err != nil || !strings.Contains(py, "TestCase") {
		t.Errorf("django test = %q, %v", py, err)
	}
	csv, err := exportCSV(run, "1", "0")
	if err != nil || csv != "a,b\r\n1,x\r\n" {
		t.Errorf("csv = %q, %v", csv, err)
	}
}
