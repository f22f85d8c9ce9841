package wire

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// Storage classes, as SQLite's typeof() names them.
const (
	Integer = "integer"
	Real    = "real"
	Text    = "text"
	Blob    = "blob"
	Null    = "null"
)

// Value is one SQLite value with its storage class, so that the INTEGER 1,
// the REAL 1.0 and the TEXT '1' stay different all the way to the page.
type Value struct {
	// Type is the storage class: "integer", "real", "text", "blob" or "null".
	Type string `json:"type"`
	// Text is the value in a canonical form: decimal digits for integers,
	// the shortest decimal that reads back as the same float64 for reals
	// (so 0.1+0.2 shows as 0.30000000000000004), the string itself for
	// text, lower-case hex for blobs, and "" for null.
	Text string `json:"text"`
}

// IntegerValue returns the INTEGER v.
func IntegerValue(v int64) Value { return Value{Integer, strconv.FormatInt(v, 10)} }

// RealValue returns the REAL v, in canonical form.
func RealValue(v float64) Value { return Value{Real, FormatReal(v)} }

// TextValue returns the TEXT s.
func TextValue(s string) Value { return Value{Text, s} }

// BlobValue returns the BLOB b.
func BlobValue(b []byte) Value { return Value{Blob, hex.EncodeToString(b)} }

// NullValue returns NULL.
func NullValue() Value { return Value{Type: Null} }

// FormatReal prints a float64 as the shortest decimal that reads back as the
// same number, always with a decimal point or exponent so that it cannot be
// mistaken for an integer: 1.0, 0.30000000000000004, 1e+21.
func FormatReal(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// Literal writes v in SQL literal notation, the notation scenarios use for
// expected rows and parameters: 1, 1.0, 'text', x'00ff', NULL, with a
// quote inside text doubled as in SQL.
func (v Value) Literal() string {
	switch v.Type {
	case Text:
		return "'" + strings.ReplaceAll(v.Text, "'", "''") + "'"
	case Blob:
		return "x'" + v.Text + "'"
	case Null:
		return "NULL"
	}
	return v.Text
}

// Size is the number of bytes v holds, for result size limits.
func (v Value) Size() int64 {
	if v.Type == Blob {
		return int64(len(v.Text) / 2)
	}
	return int64(len(v.Text))
}
