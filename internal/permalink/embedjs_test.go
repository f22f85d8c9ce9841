// The Node harness needs os/exec, which GOOS=js lacks.

//go:build !js

package permalink

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// embedHarness loads web/embed.js in Node with just enough of a browser
// around it, then encodes the sources it reads from stdin (a JSON array) and
// prints {fragments, scenarios}: one link per source and the scenario each
// source becomes as a <pre data-dbquirks> block.
const embedHarness = `
const fs = require("fs");
globalThis.window = globalThis;
globalThis.location = { href: "https://docs.example/page.html" };
globalThis.document = {
  currentScript: { src: "https://dbquirks.example/base/embed.js" },
  readyState: "complete",
  querySelectorAll: () => [],
  addEventListener() {},
};
globalThis.addEventListener = () => {};
if (process.env.NO_COMPRESSION) delete globalThis.CompressionStream;
eval(fs.readFileSync(process.argv[1], "utf8"));
const sources = JSON.parse(fs.readFileSync(0, "utf8"));
Promise.all(sources.map((s) => window.dbquirksEmbed.encode(s)))
  .then((fragments) => {
    const scenarios = sources.map((s) => window.dbquirksEmbed.fromSQL(s, "T \"quoted\"\nline"));
    process.stdout.write(JSON.stringify({ fragments, scenarios }));
  })
  .catch((e) => { console.error(e); process.exit(1); });
`

// TestEmbedJSWritesV1 checks that web/embed.js, which makes links in the
// browser, writes links this package reads back exactly, with the browser's
// CompressionStream and with its stored-block fallback.
func TestEmbedJSWritesV1(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to test web/embed.js: ", err)
	}
	script, err := filepath.Abs("../../web/embed.js")
	if err != nil {
		t.Fatal(err)
	}
	sources := []string{
		"SELECT 1",
		"SELECT 'héllo', '中文', '🧪' -- \u2028 and \x00",
		"SELECT '```' || x'00ff';\r\nSELECT \"\"\"\";",
		strings.Repeat("SELECT randomblob(8); -- a fairly long scenario line\n", 900),
	}
	in, _ := json.Marshal(sources)
	for _, mode := range []string{"CompressionStream", "stored blocks"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(node, "-e", embedHarness, script)
			cmd.Stdin = strings.NewReader(string(in))
			cmd.Stderr = os.Stderr
			if mode == "stored blocks" {
				cmd.Env = append(os.Environ(), "NO_COMPRESSION=1")
			}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v", err)
			}
			var res struct {
				Fragments []string `json:"fragments"`
				Scenarios []string `json:"scenarios"`
			}
			if err := json.Unmarshal(out, &res); err != nil || len(res.Fragments) != len(sources) {
				t.Fatalf("harness output %q: %v", out, err)
			}
			for i, f := range res.Fragments {
				p, err := Decode(f)
				if err != nil {
					t.Fatalf("source %d: embed.js wrote %.40q, which Decode refuses: %v", i, f, err)
				}
				if p != (Payload{Source: sources[i]}) {
					t.Errorf("source %d: embed.js link decodes to %+v", i, p)
				}
			}
			if mode == "CompressionStream" && len(res.Fragments[3]) > len(sources[3])/4 {
				t.Errorf("the long source was not compressed: %d characters", len(res.Fragments[3]))
			}
			// A <pre> block becomes a one-step scenario with exactly its SQL.
			for i, src := range res.Scenarios {
				sc, err := scenario.Parse("pre.md", []byte(src))
				if err != nil {
					t.Errorf("fromSQL(%.30q) does not parse: %v\n%s", sources[i], err, src)
					continue
				}
				// embed.js trims the block's trailing space before this, so
				// only line breaks at the end may differ.
				if len(sc.Steps) != 1 || strings.TrimRight(sc.Steps[0].SQL, "\n") != strings.TrimRight(sources[i], "\n") {
					t.Errorf("fromSQL(%.30q) gives steps %+v", sources[i], sc.Steps)
				}
				if sc.Meta.Title != `T "quoted" line` {
					t.Errorf("title %q", sc.Meta.Title)
				}
			}
		})
	}
}
