// Command sqlbench runs make bench's SQL workload (internal/bench's
// workload.json, given as its one argument) on go-sqlite3 and prints the
// timings as one JSON line. It is the same program natively (the floor) and
// compiled to WebAssembly in the browser, where internal/bench's page reads
// its standard output: it needs no syscall/js, so the translated SQLite is
// measured without the page's bridge. It opens ":memory:", as the sql.js
// and sqlite-wasm pages do.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/ncruces/go-sqlite3"
)

// Workload mirrors internal/bench's workload.json.
type Workload struct {
	Setup       []string
	First       string
	Small       []string
	SmallCycles int
	Bulk        string
	Scans       map[string]string
	ScanRuns    int
}

// Result is what the page and internal/bench read: milliseconds, except
// SmallMicros.
type Result struct {
	Engine      string               `json:"engine"`
	FirstMillis float64              `json:"firstMs"` // open and the first statement's rows
	SmallMicros []float64            `json:"smallUs"` // every small statement, one by one
	BulkMillis  float64              `json:"bulkMs"`
	ScanMillis  map[string][]float64 `json:"scanMs"` // each scan, ScanRuns times
	Rows        map[string]int       `json:"rows"`   // rows each scan returned, to check the engines agree
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sqlbench WORKLOAD-JSON")
		os.Exit(2)
	}
	var w Workload
	if err := json.Unmarshal([]byte(os.Args[1]), &w); err != nil {
		fmt.Fprintln(os.Stderr, "sqlbench: reading the workload:", err)
		os.Exit(2)
	}
	res, err := run(w)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sqlbench:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}

func run(w Workload) (*Result, error) {
	res := &Result{Engine: "go-sqlite3", ScanMillis: map[string][]float64{}, Rows: map[string]int{}}
	start := time.Now()
	db, err := sqlite3.Open(":memory:")
	if err != nil {
		return nil, fmt.Errorf("opening :memory:: %w", err)
	}
	defer db.Close()
	if _, err := query(db, w.First); err != nil {
		return nil, err
	}
	res.FirstMillis = millis(time.Since(start))
	// The page takes the time of this line as the first result.
	fmt.Println("first")
	for _, q := range w.Setup {
		if _, err := query(db, q); err != nil {
			return nil, err
		}
	}
	for range w.SmallCycles {
		for _, q := range w.Small {
			t := time.Now()
			if _, err := query(db, q); err != nil {
				return nil, err
			}
			res.SmallMicros = append(res.SmallMicros, float64(time.Since(t).Nanoseconds())/1e3)
		}
	}
	t := time.Now()
	if _, err := query(db, w.Bulk); err != nil {
		return nil, err
	}
	res.BulkMillis = millis(time.Since(t))
	for name, q := range w.Scans {
		for range w.ScanRuns {
			t := time.Now()
			rows, err := query(db, q)
			if err != nil {
				return nil, err
			}
			// The rows reach "the page" as JSON, as they would leave the
			// engine; the JavaScript engines do the same.
			if _, err := json.Marshal(rows); err != nil {
				return nil, err
			}
			res.ScanMillis[name] = append(res.ScanMillis[name], millis(time.Since(t)))
			res.Rows[name] = len(rows)
		}
	}
	return res, nil
}

// query runs one statement and reads every row into Go values.
func query(db *sqlite3.Conn, sql string) ([][]any, error) {
	stmt, _, err := db.Prepare(sql)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sql, err)
	}
	defer stmt.Close()
	var rows [][]any
	n := stmt.ColumnCount()
	for stmt.Step() {
		row := make([]any, n)
		for i := range n {
			switch stmt.ColumnType(i) {
			case sqlite3.INTEGER:
				row[i] = stmt.ColumnInt64(i)
			case sqlite3.FLOAT:
				row[i] = stmt.ColumnFloat(i)
			case sqlite3.TEXT:
				row[i] = stmt.ColumnText(i)
			case sqlite3.BLOB:
				row[i] = stmt.ColumnBlob(i, nil)
			}
		}
		rows = append(rows, row)
	}
	if err := stmt.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", sql, err)
	}
	return rows, nil
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }
