package export

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// CSV writes one statement's result as RFC 4180 CSV: a header of column
// names, then one record per kept row, each record ending in CRLF. NULL is
// an empty field, a blob its hex digits, a real its canonical decimal; the
// storage classes themselves are lost, as CSV has none. Values are written
// exactly: a line break inside a value stays as it was (quoted, which RFC
// 4180 allows), and a value a spreadsheet would read as a formula is not
// altered, because the file is data. A statement without columns gives "".
// Rows a run did not keep (see Statement.Truncated) are not in it.
func CSV(stmt wire.Statement) string {
	if len(stmt.Columns) == 0 {
		return ""
	}
	var out strings.Builder
	rec := make([]string, len(stmt.Columns))
	for i, c := range stmt.Columns {
		rec[i] = c.Name
	}
	writeRecord(&out, rec)
	for _, row := range stmt.Rows {
		rec = rec[:0]
		for _, v := range row {
			rec = append(rec, v.Text) // "" for NULL, hex for blobs
		}
		writeRecord(&out, rec)
	}
	return out.String()
}

// writeRecord writes one record with a CRLF terminator. encoding/csv's own
// UseCRLF would also turn line breaks inside values into CRLF, changing
// them, so each record is written with LF and its terminator replaced.
func writeRecord(out *strings.Builder, rec []string) {
	if len(rec) == 1 && rec[0] == "" {
		// A lone empty field would be an empty line, which readers skip.
		out.WriteString("\"\"\r\n")
		return
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(rec) // writes to a bytes.Buffer cannot fail
	w.Flush()
	out.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	out.WriteString("\r\n")
}
