package main

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// engines are the bench pages' engines, in the order of the first round;
// each round starts one further along, so no engine always goes first.
var engines = []struct{ Key, Name string }{
	{"go", "ours built without -B (as before issue 14)"},
	{"go-B", "ours with -B (as the site ships it)"},
	{"sqljs", "sql.js"},
	{"sqlitewasm", "sqlite-wasm"},
}

// nativeFloor runs sqlbench natively reps times.
func nativeFloor(a *artifacts, reps int, rep *Report) error {
	for range reps {
		out, err := exec.Command(a.native, string(workloadJSON)).Output()
		if err != nil {
			return fmt.Errorf("sqlbench natively: %w", err)
		}
		res, err := parseSQLBench(string(out))
		if err != nil {
			return err
		}
		rep.addEngine("native", "native go-sqlite3 (the floor)", res, 0, 0, 0)
	}
	return nil
}

func parseSQLBench(out string) (*engineResult, error) {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "{") {
			var r engineResult
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				return nil, fmt.Errorf("reading sqlbench's output: %w", err)
			}
			return &r, nil
		}
	}
	return nil, fmt.Errorf("sqlbench printed no result: %q", out)
}

// browserRound is one repetition of every browser measurement: the engines
// in turn (cold, then repeat, each in a fresh profile), then the site.
func browserRound(chromium string, srv *server, a *artifacts, round int, rep *Report) error {
	for i := range engines {
		e := engines[(i+round)%len(engines)]
		b, err := startBrowser(chromium)
		if err != nil {
			return err
		}
		url := srv.page("bench/engine.html?engine=" + e.Key)
		cold, _, err := engineVisit(b, url, firstVisitStay)
		var cached int64
		if err == nil {
			cached, err = b.wasmCodeCache()
		}
		if err != nil {
			b.close()
			return err
		}
		warm, mem, err := engineVisit(b, url, 0)
		b.close()
		if err != nil {
			return err
		}
		rep.addEngine(e.Key, e.Name, warm, cold.FirstPageMs, mem, cached)
	}
	return siteRound(chromium, srv, a, rep)
}

// siteRound measures the site: a reader who only reads, an embed never
// run, the first live result cold and repeated, warm Runs, and the first
// Run after each choice of when to fetch the engine.
func siteRound(chromium string, srv *server, a *artifacts, rep *Report) error {
	page := srv.page(a.site.Base + "s/" + a.scenarios.Median + "/")
	b, err := startBrowser(chromium)
	if err != nil {
		return err
	}
	fcp, total, wasm, wasmReqs, err := readerVisit(b, page)
	if err != nil {
		b.close()
		return err
	}
	rep.Reader = append(rep.Reader, ReaderSample{FCP: fcp, Bytes: total, WasmBytes: wasm, WasmRequests: wasmReqs})
	b.close()

	if b, err = startBrowser(chromium); err != nil {
		return err
	}
	total2, wasmReqs2, err := embedVisit(b, srv.page("bench/embed-host.html"))
	b.close()
	if err != nil {
		return err
	}
	rep.Embed = append(rep.Embed, EmbedSample{Bytes: total2, WasmRequests: wasmReqs2})

	if b, err = startBrowser(chromium); err != nil {
		return err
	}
	defer b.close()
	for _, visit := range []string{"cold", "repeat"} {
		stay := firstVisitStay
		if visit == "repeat" {
			stay = 0
		}
		fcp, live, parts, err := liveVisit(b, page, stay)
		if err != nil {
			return err
		}
		var cached int64
		if visit == "cold" {
			if cached, err = b.wasmCodeCache(); err != nil {
				return err
			}
		}
		rep.addLive(visit, fcp, live, parts, cached)
	}
	for _, sc := range []string{a.scenarios.Median, a.scenarios.Largest} {
		ms, err := warmRuns(b, srv.page(a.site.Base+"s/"+sc+"/"), 10)
		if err != nil {
			return err
		}
		rep.addWarmRuns(sc, ms)
	}
	for _, lead := range leads {
		ms, err := firstRunAfter(b, page, lead.d)
		if err != nil {
			return err
		}
		rep.addLead(lead.name, ms)
	}
	return nil
}

// leads are the choices of when the page fetches the engine, as the time
// between the first sign of intent and the press of Run.
var leads = []struct {
	name string
	d    time.Duration
}{
	{"on pressing Run (no sign before)", 0},
	{"on a pointer over Run, pressed 300 ms later", 300 * time.Millisecond},
	{"ahead of time (idle fetch), engine ready and warm", -1},
}
