package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/permalink"
)

// noticeText is the text of a notice of a kind, "" when there is none.
func noticeText(tb *tab, kind string) string {
	tb.t.Helper()
	return eval[string](tb, `(document.querySelector('[data-notice=`+jsString(kind)+`]')?.textContent || '').replace(/\s*×$/, '')`)
}

// TestShareLinkOpensElsewhere makes a link with the Share dialog after an
// edit and a run, and opens it in another browser profile: the edited
// scenario runs there, says where it came from and which engine made the
// link, and its results match the recorded ones.
func TestShareLinkOpensElsewhere(t *testing.T) {
	tb := editTab(t)
	id, step, _ := openEditable(tb)
	title := eval[string](tb, `document.querySelector('[data-testid=scenario-title]').textContent.trim()`)
	editLast(tb, "SELECT 'shared-canary' || 7 AS canary")
	runAndWait(tb)
	tb.click("share")
	tb.waitFor("the link", `(document.querySelector('[data-testid=share-link]')?.value || '').includes('#v')`)
	link := eval[string](tb, `document.querySelector('[data-testid=share-link]').value`)
	if !strings.HasPrefix(link, env.url+"s/"+id+"/#v2.") || len(link) >= 1000 {
		t.Fatalf("the Share dialog's link is %q, want a short link to the edit", link)
	}

	other := newTab(t, chromedp.WithNewBrowserContext())
	other.open(link)
	other.waitLive()
	if got := stepText(other, step); !strings.Contains(got, "shared-canary7") {
		t.Errorf("step %d of the shared link shows %q, want the edited result", step, got)
	}
	notice := noticeText(other, "shared")
	for _, want := range []string{"An edited version of “\u2068" + title + "\u2069”", "made with engine " + engine.Version} {
		if !strings.Contains(notice, want) {
			t.Errorf("the shared-link notice %q does not say %q", notice, want)
		}
	}
	other.waitFor("the results to be compared", `window.__dbquirks.resultsDiffer !== undefined`)
	if eval[bool](other, `window.__dbquirks.resultsDiffer`) || noticeText(other, "results-differ") != "" {
		t.Errorf("a link made from a finished run says its results differ: %q", noticeText(other, "results-differ"))
	}
	if d := eval[string](other, `window.__dbquirks.shared.digest`); len(d) != 16 {
		t.Errorf("the Share dialog's link recorded digest %q, want one of 16 hex digits", d)
	}
	other.screenshot("shared-link")
}

// TestShareLinkResultsDiffer opens a link whose recorded digest is not
// that of its results, as a link made by another engine version would be.
func TestShareLinkResultsDiffer(t *testing.T) {
	id := env.ids[0]
	tb := editTab(t)
	tb.open("s/" + id + "/")
	tb.waitLive()
	source := eval[string](tb, `window.__dbquirks.lastDocument.source`)
	frag, err := permalink.Encode(permalink.Payload{Source: source + "\n", Base: id, Engine: "0.0.9", Digest: "0000000000000000"})
	if err != nil {
		t.Fatal(err)
	}
	tb.open("about:blank")
	tb.open("s/" + id + "/#" + frag)
	tb.waitLive()
	tb.waitFor("the results to be compared", `window.__dbquirks.resultsDiffer !== undefined`)
	if !eval[bool](tb, `window.__dbquirks.resultsDiffer`) {
		t.Error("resultsDiffer is false for a link with a wrong digest")
	}
	want := "Results differ from when this was shared (made with engine 0.0.9; this page runs " + engine.Version + ")."
	if got := noticeText(tb, "results-differ"); got != want {
		t.Errorf("results-differ notice = %q, want %q", got, want)
	}
	if got := noticeText(tb, "shared"); !strings.Contains(got, "made with engine 0.0.9") {
		t.Errorf("the shared-link notice %q does not name the link's engine", got)
	}
	tb.screenshot("shared-link-results-differ")
}

// TestBadLinks opens links that are cut off, damaged or of a later format:
// each says what is wrong, and nothing of the link runs. On a scenario's
// page the original scenario is shown (and runs); on the gallery's address,
// where the link was all there was, nothing runs at all.
func TestBadLinks(t *testing.T) {
	good, err := permalink.Encode(permalink.Payload{Source: "---\ntitle: Cut\n---\n\n```sql\nSELECT 'bad-link-canary'\n```\n"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, frag, want string }{
		{"newer format", "v9.abc", "made by a newer dbquirks"},
		{"cut off", good[:len(good)/2], "cut off"},
		{"nothing after the version", "v1.", "cut off"},
		{"damaged", "v1.!!!!", "damaged"},
	}
	tb := editTab(t)
	id := env.ids[0]
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb.t = t
			defer func() { tb.t = t }()

			tb.open("about:blank")
			tb.open("s/" + id + "/#" + c.frag)
			tb.waitLive()
			msg := noticeText(tb, "link")
			if !strings.HasPrefix(msg, "This link cannot be opened: ") || !strings.Contains(msg, c.want) {
				t.Errorf("scenario page: notice %q, want it to say the link cannot be opened (%s)", msg, c.want)
			}
			if eval[bool](tb, `!!window.__dbquirks.shared`) || strings.Contains(eval[string](tb, `JSON.stringify(window.__dbquirks.lastTranscript)`), "bad-link-canary") {
				t.Error("scenario page: something of the bad link ran")
			}
			if got := eval[string](tb, `document.querySelector('[data-testid=scenario]').dataset.id`); got != id {
				t.Errorf("scenario page shows %q, want the original %q", got, id)
			}

			tb.open("about:blank")
			tb.open("#" + c.frag)
			tb.waitFor("the notice", `(document.querySelector('[data-notice=link]')?.textContent || '').includes('cannot be opened')`)
			if msg := noticeText(tb, "link"); !strings.Contains(msg, c.want) {
				t.Errorf("gallery address: notice %q does not say %q", msg, c.want)
			}
			if n := tb.runs(); n != 0 {
				t.Errorf("gallery address: %d runs of a link that cannot be read", n)
			}
			if eval[bool](tb, `!document.querySelector('[data-testid=toolbar]').hidden`) {
				t.Error("gallery address: the toolbar offers Run for a link that cannot be read")
			}
		})
	}
	tb.t = t
	tb.screenshot("bad-link")
}

// TestCSVDownloadAsExported downloads a result as CSV whose text happens
// to be valid JSON too (one quoted header, no rows: "a,b" and a line
// break): the file must hold the engine's CSV as it is, not what
// JSON.parse makes of it.
func TestCSVDownloadAsExported(t *testing.T) {
	tb := editTab(t)
	_, step, _ := openEditable(tb)
	editLast(tb, `SELECT 1 AS "a,b" WHERE 0`)
	runAndWait(tb)
	if got, want := downloadCSV(tb, step), "\"a,b\"\r\n"; got != want {
		t.Errorf("the CSV file holds %q, want %q", got, want)
	}
}

// TestCSVAfterTheEngineRestarted downloads a result as CSV after the
// engine was replaced (the Go program ended, as a crash would): the new
// engine does not know the run the page shows, so the page plays its
// source again, once, without showing it, and exports that.
func TestCSVAfterTheEngineRestarted(t *testing.T) {
	tb := editTab(t)
	_, step, _ := openEditable(tb)
	editLast(tb, "SELECT 'restarted' AS engine, 2 AS n")
	runAndWait(tb)
	runs := tb.runs()
	inWorker(tb, `setTimeout(() => self.dbquirks.shutdown(), 0)`)
	tb.waitFor("the crashed state", `document.querySelector('[data-testid=engine-status]').dataset.state === 'crashed'`)
	tb.waitFor("the new engine", `document.querySelector('[data-testid=engine-status]').dataset.ready === 'true'`)
	if got, want := downloadCSV(tb, step), "engine,n\r\nrestarted,2\r\n"; got != want {
		t.Errorf("the CSV file holds %q, want %q", got, want)
	}
	if got := tb.runs(); got != runs {
		t.Errorf("playing the source again for the export showed it as a run: runs %d -> %d", runs, got)
	}
}

// downloadCSV clicks the first "Download CSV" of a step and returns the
// file. The page hands the file to a link it clicks: the file's Blob is
// kept (the page's CSP lets no fetch read a blob: URL) and the download
// stopped.
func downloadCSV(tb *tab, step int) string {
	tb.t.Helper()
	eval[bool](tb, `(() => {
		window.csvDownloads = [];
		if (window.csvCaught) return true;
		window.csvCaught = true;
		const createObjectURL = URL.createObjectURL;
		URL.createObjectURL = (blob) => {
			window.csvDownloads.push(blob);
			return createObjectURL.call(URL, blob);
		};
		document.addEventListener('click', (e) => {
			if (e.target.closest && e.target.closest('a[download]')) e.preventDefault();
		}, true);
		return true;
	})()`)
	csv := fmt.Sprintf(`[data-testid=step][data-step="%d"] [data-testid=csv]`, step)
	tb.do("clicking Download CSV", chromedp.Click(chromedp.CSS(csv), chromedp.NodeVisible))
	tb.waitFor("the download", `window.csvDownloads.length > 0`)
	return eval[string](tb, `window.csvDownloads[0].text()`)
}
