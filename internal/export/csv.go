package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// CSV writes one statement's result as RFC 4180 CSV: a header of column
// names, then one record per kept row, each record ending in CRLF. NULL is
// an empty field, a blob its hex digits, a real its canonical decimal; the
// storage classes themselves are lost, as CSV has none. A line break inside
// a value stays as it was (quoted, which RFC 4180 allows). A statement
// without columns gives "". Rows a run did not keep (see
// Statement.Truncated) are not in it.
//
// The one change to the data is for spreadsheets, which is where CSV gets
// opened: a cell that starts with = + - @, a tab or a carriage return is a
// formula to Excel, LibreOffice and Google Sheets, and a shared scenario's
// text can be anything (=HYPERLINK(…), =cmd|…). Such a text cell, and such
// a column name, gets a leading ' and quotes, as OWASP's CSV injection
// guidance recommends; the spreadsheet then shows it as text. An integer or
// real whose text is a plain decimal (-3, -0.5, -1e+300) is a number, not a
// formula, and stays as it is.
func CSV(stmt wire.Statement) string {
	if len(stmt.Columns) == 0 {
		return ""
	}
	var out strings.Builder
	rec := make([]string, len(stmt.Columns))
	for i, c := range stmt.Columns {
		rec[i] = csvText(c.Name)
	}
	writeRecord(&out, rec)
	for _, row := range stmt.Rows {
		rec = rec[:0]
		for _, v := range row {
			rec = append(rec, csvValue(v))
		}
		writeRecord(&out, rec)
	}
	return out.String()
}

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection").
const formulaStart = "=+-@\t\r"

// csvValue is a value's field: its text ("" for NULL, hex for a blob), made
// harmless when it is not a plain number.
func csvValue(v wire.Value) string {
	if (v.Type == wire.Integer && isDecimalInt(v.Text)) || (v.Type == wire.Real && isDecimalReal(v.Text)) {
		return v.Text
	}
	return csvText(v.Text)
}

// csvText prefixes text a spreadsheet would take for a formula with a
// single quote; writeRecord then quotes it.
func csvText(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// writeRecord writes one record with a CRLF terminator. A field is quoted
// when it holds a comma, a quote or a line break, starts with a space or is
// \. (PostgreSQL's end of data), as encoding/csv does, or starts with the '
// of a neutralised formula. Line breaks inside a field stay as they are.
func writeRecord(out *strings.Builder, rec []string) {
	if len(rec) == 1 && rec[0] == "" {
		// A lone empty field would be an empty line, which readers skip.
		out.WriteString("\"\"\r\n")
		return
	}
	for i, f := range rec {
		if i > 0 {
			out.WriteByte(',')
		}
		if csvNeedsQuotes(f) {
			out.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		} else {
			out.WriteString(f)
		}
	}
	out.WriteString("\r\n")
}

func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(f)
	return strings.ContainsAny(f, ",\"\r\n") || unicode.IsSpace(first) || first == '\'' || f == `\.`
}
