//go:build js

package main

import (
	"strings"
	"syscall/js"
	"testing"
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

	if v := api.Get("apiVersion").Int(); v != APIVersion {
		t.Errorf("apiVersion = %d", v)
	}
	doc, why := await(api.Call("parse", tiny, "tiny"))
	if !why.IsUndefined() {
		t.Fatalf("parse rejected: %v", why)
	}
	if got := doc.Get("steps").Index(0).Get("sql").String(); got != "SELECT 1 AS a, 'x' AS b" {
		t.Errorf("steps[0].sql = %q", got)
	}

	tr, why := await(api.Call("run", tiny, "tiny"))
	if !why.IsUndefined() {
		t.Fatalf("run rejected: %v", why)
	}
	row := tr.Get("steps").Index(0).Get("statements").Index(0).Get("rows").Index(0)
	if row.Index(0).Get("type").String() != "integer" || row.Index(1).Get("text").String() != "x" {
		t.Errorf("row = %v", js.Global().Get("JSON").Call("stringify", row))
	}

	_, why = await(api.Call("parse", "```sql bogus=1\nSELECT 1\n```\n", "broken"))
	if why.IsUndefined() || !why.InstanceOf(js.Global().Get("Error")) {
		t.Fatalf("malformed scenario: rejection %v, want an Error", why)
	}
	if msg := why.Get("message").String(); !strings.HasPrefix(msg, "broken.md:1:") {
		t.Errorf("message = %q", msg)
	}
	if d := why.Get("diagnostics"); d.Length() == 0 || d.Index(0).Get("line").Int() != 1 {
		t.Errorf("diagnostics = %v", js.Global().Get("JSON").Call("stringify", d))
	}

	w, why := await(api.Call("warmup"))
	if !why.IsUndefined() || w.Get("failures").Int() != 0 || w.Get("elapsedMs").Float() <= 0 {
		t.Errorf("warmup = %v, rejection %v", js.Global().Get("JSON").Call("stringify", w), why)
	}

	csv, why := await(api.Call("exportCSV", js.Global().Get("JSON").Call("stringify", tr), "1", "0"))
	if !why.IsUndefined() || csv.Type() != js.TypeString || csv.String() != "a,b\r\n1,x\r\n" {
		t.Errorf("exportCSV = %v, rejection %v", csv, why)
	}
	_, why = await(api.Call("linkDecode", "v1.@@@"))
	if why.IsUndefined() || !why.InstanceOf(js.Global().Get("Error")) || !strings.Contains(why.Get("message").String(), "damaged") {
		t.Errorf("linkDecode of a damaged link: rejection %v, want an Error that says so", why)
	}

	// Missing arguments are empty strings: an empty scenario, which is
	// rejected with a diagnostic like any other mistake, never a crash.
	if _, why := await(api.Call("run")); why.IsUndefined() || !why.InstanceOf(js.Global().Get("Error")) || why.Get("diagnostics").Length() == 0 {
		t.Errorf("run() = rejection %v, want an Error with diagnostics", why)
	}
}
