package browsertest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestNoMissingFiles: the gallery, a scenario page and an embed frame ask
// the site for nothing it does not have, and each names an icon the site
// serves (without one, a browser asks for /favicon.ico, a 404 in the
// console of every page).
func TestNoMissingFiles(t *testing.T) {
	host := hostPage(t, map[string]string{
		"/": `<!doctype html><html><head><meta charset="utf-8"><title>docs</title></head><body>
<div data-dbquirks="sqlite-like-ascii-case">LIKE</div><script src="` + env.url + `embed.js"></script></body></html>`,
	})
	tb := newTab(t)
	var mu sync.Mutex
	var missing []string
	chromedp.Listen(tb.ctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok && r.Response.Status >= 400 && strings.HasPrefix(r.Response.URL, env.url) {
			mu.Lock()
			missing = append(missing, fmt.Sprintf("%d %s", r.Response.Status, r.Response.URL))
			mu.Unlock()
		}
	})
	if _, err := chromedp.Call(tb.ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	const icon = `document.querySelector('link[rel~=icon]')?.href || ''`
	for _, c := range []struct{ name, url, frame string }{
		{"the gallery", env.url, ""},
		{"a scenario page", env.url + "s/sqlite-like-ascii-case/", ""},
		{"an embed frame", host + "/", "embed=1"},
	} {
		tb.open(c.url)
		var href string
		if c.frame == "" {
			tb.waitFor(c.name+" to load", `document.readyState === 'complete'`)
			href = eval[string](tb, icon)
		} else {
			tb.waitShown(c.name, c.frame)
			href = inFrame[string](tb, c.frame, icon)
		}
		if href == "" {
			t.Errorf("%s names no icon", c.name)
			continue
		}
		resp, err := http.Get(href)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s's icon %s: HTTP %d", c.name, href, resp.StatusCode)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range missing {
		t.Errorf("the site answered %s", m)
	}
}
