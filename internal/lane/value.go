package lane

import (
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// Same reports whether a lane's value is the same answer as SQLite's.
// The rule compares what a Django developer gets back, not the wire's
// spelling:
//
//   - Values of one class compare by their text exactly: integer 1 = 1,
//     text is case- and space-sensitive ('abc' ≠ 'ABC', 'a' ≠ 'a '), reals
//     in their shortest form (0.30000000000000004 ≠ 0.3), blobs by their
//     bytes. NULL equals only NULL.
//   - An exact decimal (PostgreSQL's and MariaDB's numeric) equals an
//     integer when it has no fractional part ("6" = 6, as SUM() of integers
//     gives on PostgreSQL), and never equals a REAL: Django hands back a
//     Decimal on one side and a float on the other, and 0.3 is not
//     0.30000000000000004.
//   - A boolean equals the integer SQLite stores for it: true = 1 and
//     false = 0. Django's BooleanField reads both as the same bool, and
//     marking every boolean column would bury the quirks that matter; the
//     value's class badge still shows which is which.
//   - Anything else of different classes differs (integer 1 ≠ REAL 1.0 ≠
//     text '1').
func Same(sqlite, other wire.Value) bool {
	a, b := sqlite, other
	if a.Type == b.Type {
		if a.Type == wire.Blob {
			return strings.EqualFold(a.Text, b.Text)
		}
		return a.Text == b.Text
	}
	switch {
	case a.Type == wire.Integer && b.Type == wire.Numeric:
		return a.Text == b.Text
	case a.Type == wire.Integer && b.Type == wire.Boolean:
		return a.Text == "1" && b.Text == "true" || a.Text == "0" && b.Text == "false"
	}
	return false
}

// Error classes: what kind of failure an error is, whichever engine
// raised it, as a note says it.
const (
	unique         = "a unique violation"
	notNull        = "a not-null violation"
	foreignKey     = "a foreign-key violation"
	checkViolation = "a check violation"
	integrity      = "an integrity error"
	dataError      = "an invalid-data error"
	lock           = "a lock error"
)

// sqliteClasses classifies SQLite's result codes, extended or primary.
var sqliteClasses = map[string]string{
	"SQLITE_CONSTRAINT_UNIQUE":     unique,
	"SQLITE_CONSTRAINT_PRIMARYKEY": unique,
	"SQLITE_CONSTRAINT_NOTNULL":    notNull,
	"SQLITE_CONSTRAINT_FOREIGNKEY": foreignKey,
	"SQLITE_CONSTRAINT_CHECK":      checkViolation,
	"SQLITE_MISMATCH":              dataError,
	"SQLITE_TOOBIG":                dataError,
	"SQLITE_RANGE":                 dataError,
	"SQLITE_BUSY":                  lock,
	"SQLITE_LOCKED":                lock,
}

// serverClasses classifies the exact SQLSTATEs and MariaDB error numbers
// that name a class more precisely than the SQLSTATE's class does:
// MariaDB reports every integrity violation as 23000.
var serverClasses = map[string]string{
	"23505": unique, "1062": unique, "1586": unique,
	"23502": notNull, "1048": notNull, "1364": notNull,
	"23503": foreignKey, "1451": foreignKey, "1452": foreignKey, "1216": foreignKey, "1217": foreignKey,
	"23514": checkViolation, "4025": checkViolation,
	"40001": lock, "40P01": lock, "55P03": lock, "1205": lock, "1213": lock,
}

// sqlStateClasses classifies the other SQLSTATEs by their first two
// characters.
var sqlStateClasses = map[string]string{
	"23": integrity,
	"22": dataError,
}
