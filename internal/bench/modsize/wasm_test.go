package main

import (
	"testing"
)

// tiny is a module with one imported function, two functions named in a
// name section, and a data section.
var tiny = []byte("\x00asm\x01\x00\x00\x00" +
	"\x01\x04\x01\x60\x00\x00" + // type section: one func type () -> ()
	"\x02\x07\x01\x01m\x01f\x00\x00" + // import section: m.f, a function of type 0
	"\x03\x03\x02\x00\x00" + // function section: two functions of type 0
	"\x0a\x07\x02\x02\x00\x0b\x02\x00\x0b" + // code section: two empty bodies
	"\x0b\x07\x01\x00\x41\x00\x0b\x01\x2a" + // data section: one byte at 0
	"\x00\x14\x04name\x01\x0d\x02\x01\x03a.b\x02\x05c_d.e") // names of functions 1 and 2

func TestParse(t *testing.T) {
	m, err := parse(tiny)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.funcs) != 2 || m.funcs[0].name != "a.b" || m.funcs[1].name != "c_d.e" || string(m.funcs[0].body) != "\x00\x0b" {
		t.Errorf("functions %+v, want a.b and c_d.e, each an empty body", m.funcs)
	}
	if len(m.data) != 7 || m.sections["code"] != 7 || m.sections["custom name"] != 20 {
		t.Errorf("data %d bytes, sections %v", len(m.data), m.sections)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ what, in string }{
		{"not wasm", "hello"},
		{"a section past the end", "\x00asm\x01\x00\x00\x00\x0a\x10\x00"},
		{"an unknown section", "\x00asm\x01\x00\x00\x00\x20\x00"},
		{"a body past its section", "\x00asm\x01\x00\x00\x00\x0a\x02\x01\x05"},
		{"a number too long", "\x00asm\x01\x00\x00\x00\x0a\x0b\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"},
	} {
		if _, err := parse([]byte(tc.in)); err == nil {
			t.Errorf("%s: no error", tc.what)
		}
	}
}

func TestPartOf(t *testing.T) {
	for name, want := range map[string]string{
		"github.com_ncruces_go_sqlite3_wasm_v5.__Module_._sqlite3VdbeExec": "SQLite translated to Go (go-sqlite3-wasm)",
		"github.com_ncruces_go_sqlite3.__Conn_.Exec":                       "go-sqlite3's Go side, its VFSes",
		"github.com_dbquirks_dbquirks_internal_view.StepResult":            "ours (github.com/dbquirks)",
		"runtime.mallocgc":                           "Go's runtime",
		"internal_runtime_maps.__Map_.getWithoutKey": "Go's runtime",
		"encoding_json.Marshal":                      "the standard library",
		"":                                           "the standard library",
	} {
		if got := partOf(name); got != want {
			t.Errorf("partOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// FuzzParse: any input is a module or an error, never a panic or a read
// out of bounds.
func FuzzParse(f *testing.F) {
	f.Add(tiny)
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parse(b)
		if err == nil && m == nil {
			t.Fatal("no module and no error")
		}
	})
}
