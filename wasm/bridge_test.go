//go:build js

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/dbquirks/dbquirks/internal/play"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// await waits for p to settle, the way JavaScript would: the Go scheduler
// hands control back to the event loop while the channel is empty.
func await(p js.Value) (value, reason js.Value) {
	ch := make(chan [2]js.Value, 1)
	then := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- [2]js.Value{a[0], js.Undefined()}; return nil })
	catch := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- [2]js.Value{js.Undefined(), a[0]}; return nil })
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	r := <-ch
	return r[0], r[1]
}

func TestBridge(t *testing.T) {
	b := &bridge{done: make(chan struct{})}
	api := install(b)
	defer b.releaseAll()

	if v := api.Get("version").Int(); v != wire.Version {
		t.Errorf("version = %d", v)
	}
	parsed = play.LastParse{} // tiny is new to the module
	c0 := api.Call("counters")
	p, why := await(api.Call("play", tiny, "tiny", "/"))
	if !why.IsUndefined() {
		t.Fatalf("play rejected: %v", why)
	}
	c1 := api.Call("counters")
	if n := c1.Get("calls").Int() - c0.Get("calls").Int(); n != 1 {
		t.Errorf("a play counted %d calls, want 1", n)
	}
	if n := c1.Get("parses").Int() - c0.Get("parses").Int(); n != 1 {
		t.Errorf("a play counted %d parses, want 1", n)
	}
	if _, why := await(api.Call("prepare")); !why.IsUndefined() {
		t.Errorf("prepare rejected: %v", why)
	}
	again, why := await(api.Call("play", tiny, "tiny", "/"))
	c2 := api.Call("counters")
	if d := [3]int{c2.Get("calls").Int() - c1.Get("calls").Int(), c2.Get("parses").Int() - c1.Get("parses").Int(),
		c2.Get("spares").Int() - c1.Get("spares").Int()}; d != [3]int{1, 0, 1} {
		t.Errorf("prepare and a play of the same source again counted %d calls, %d parses and %d spares, want 1, 0 and 1", d[0], d[1], d[2])
	}
	if !why.IsUndefined() || again.Get("digest").String() != p.Get("digest").String() {
		t.Errorf("the play again (%v) has digest %v, want %v", why, again.Get("digest"), p.Get("digest"))
	}
	if got := p.Get("document").Get("steps").Index(0).Get("sql").String(); got != "SELECT 1 AS a, 'x' AS b" {
		t.Errorf("steps[0].sql = %q", got)
	}
	row := p.Get("transcript").Get("steps").Index(0).Get("statements").Index(0).Get("rows").Index(0)
	if row.Index(0).Get("type").String() != "integer" || row.Index(1).Get("text").String() != "x" {
		t.Errorf("row = %v", js.Global().Get("JSON").Call("stringify", row))
	}
	if html := p.Get("html").Get("steps").Index(0).Get("result").String(); !strings.Contains(html, "result-table") {
		t.Errorf("step html = %q", html)
	}

	bad, why := await(api.Call("play", "```sql bogus=1\nSELECT 1\n```\n", "broken", "/"))
	if !why.IsUndefined() || bad.Get("diagnostics").Length() == 0 || bad.Get("diagnostics").Index(0).Get("line").Int() != 1 || !bad.Get("document").IsNull() {
		t.Errorf("malformed scenario: %v, rejection %v; want diagnostics", js.Global().Get("JSON").Call("stringify", bad), why)
	}

	w, why := await(api.Call("warmup"))
	if !why.IsUndefined() || w.Get("failures").Int() != 0 || w.Get("elapsedMs").Float() <= 0 {
		t.Errorf("warmup = %v, rejection %v", js.Global().Get("JSON").Call("stringify", w), why)
	}

	csv, why := await(api.Call("exportCSV", p.Get("run"), "1", "0")) // a number, as the page sends it
	if !why.IsUndefined() || csv.Type() != js.TypeString || csv.String() != "a,b\r\n1,x\r\n" {
		t.Errorf("exportCSV = %v, rejection %v", csv, why)
	}
	_, why = await(api.Call("linkDecode", "v1.@@@"))
	if why.IsUndefined() || !why.InstanceOf(js.Global().Get("Error")) || !strings.Contains(why.Get("message").String(), "damaged") {
		t.Errorf("linkDecode of a damaged link: rejection %v, want an Error that says so", why)
	}

	_, why = await(api.Call("exportMarkdown", 123456, ""))
	if why.IsUndefined() || why.Get("name").String() != "UnknownRun" {
		t.Errorf("an export of a forgotten run: rejection %v, want an UnknownRun Error", why)
	}

	// Missing arguments are empty strings: an empty scenario, which has a
	// diagnostic like any other mistake, never a crash.
	if empty, why := await(api.Call("play")); !why.IsUndefined() || empty.Get("diagnostics").Length() == 0 {
		t.Errorf("play() = %v, rejection %v; want diagnostics", js.Global().Get("JSON").Call("stringify", empty), why)
	}
}
