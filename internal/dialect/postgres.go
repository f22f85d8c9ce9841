package dialect

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// PostgreSQL's type OIDs that [PostgresValue] and [PostgresTypeName] read,
// as in PostgreSQL's pg_type.dat (stable across versions).
const (
	oidBool        = 16
	oidBytea       = 17
	oidChar        = 18
	oidName        = 19
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidText        = 25
	oidOID         = 26
	oidJSON        = 114
	oidFloat4      = 700
	oidFloat8      = 701
	oidUnknown     = 705
	oidBPChar      = 1042
	oidVarchar     = 1043
	oidDate        = 1082
	oidTime        = 1083
	oidTimestamp   = 1114
	oidTimestampTZ = 1184
	oidInterval    = 1186
	oidNumeric     = 1700
	oidUUID        = 2950
	oidJSONB       = 3802
)

// PostgresValue turns one value of PostgreSQL's text output into a wire
// value: nil is NULL.
func PostgresValue(oid uint32, b []byte) wire.Value {
	if b == nil {
		return wire.NullValue()
	}
	s := string(b)
	switch oid {
	case oidInt2, oidInt4, oidInt8, oidOID:
		return wire.Value{Type: wire.Integer, Text: s}
	case oidFloat4, oidFloat8:
		return ParseReal(s)
	case oidNumeric:
		return wire.Value{Type: wire.Numeric, Text: s}
	case oidBool:
		return wire.Value{Type: wire.Boolean, Text: map[string]string{"t": "true", "f": "false"}[s]}
	case oidBytea:
		return wire.Value{Type: wire.Blob, Text: strings.TrimPrefix(s, `\x`)}
	}
	return wire.TextValue(s)
}

// ParseReal reads a float a server printed (PostgreSQL or MariaDB), in the canonical form
// SQLite's lane uses.
func ParseReal(s string) wire.Value {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return wire.Value{Type: wire.Real, Text: s}
	}
	return wire.RealValue(f)
}

// postgresTypeNames are the names PostgreSQL's catalog gives the types a
// scenario meets, as pgx's type map names them for the recorder.
var postgresTypeNames = map[uint32]string{
	oidBool: "bool", oidBytea: "bytea", oidChar: "char", oidName: "name", oidInt8: "int8", oidInt2: "int2",
	oidInt4: "int4", oidText: "text", oidOID: "oid", oidJSON: "json", oidFloat4: "float4", oidFloat8: "float8",
	oidUnknown: "unknown", oidBPChar: "bpchar", oidVarchar: "varchar", oidDate: "date", oidTime: "time",
	oidTimestamp: "timestamp", oidTimestampTZ: "timestamptz", oidInterval: "interval", oidNumeric: "numeric",
	oidUUID: "uuid", oidJSONB: "jsonb",
}

// PostgresTypeName names a result column's type from its OID, or "oid N"
// for one this table does not know, as the recorder does.
func PostgresTypeName(oid uint32) string {
	if name, ok := postgresTypeNames[oid]; ok {
		return name
	}
	return "oid " + strconv.FormatUint(uint64(oid), 10)
}
