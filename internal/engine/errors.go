package engine

import (
	"errors"
	"strings"

	"github.com/dbquirks/dbquirks/internal/rescode"
	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/ncruces/go-sqlite3"
)

// sqliteError converts an error from go-sqlite3 into the transcript's form:
// the primary and extended code names and SQLite's own message, without
// go-sqlite3's "sqlite3: " prefix.
func sqliteError(err error) *wire.Error {
	if err == nil {
		return nil
	}
	code := int(sqlite3.ERROR)
	var serr *sqlite3.Error
	var xcode sqlite3.ExtendedErrorCode
	var pcode sqlite3.ErrorCode
	switch {
	case errors.As(err, &serr):
		code = int(serr.ExtendedCode())
	case errors.As(err, &xcode):
		code = int(xcode)
	case errors.As(err, &pcode):
		code = int(pcode)
	}
	return &wire.Error{
		Code:     rescode.Primary(code),
		Extended: rescode.Name(code),
		Message:  message(err),
	}
}

// message is SQLite's message: for "sqlite3: constraint failed: UNIQUE
// constraint failed: t.x" that is the part after the generic description,
// and for "sqlite3: database is locked" the description itself.
func message(err error) string {
	msg := strings.TrimPrefix(err.Error(), "sqlite3: ")
	if _, detail, ok := strings.Cut(msg, ": "); ok {
		return detail
	}
	return msg
}

// engineError is a failure of a step that is not SQLite's, such as a
// parameter without a value.
func engineError(msg string) *wire.Error {
	return &wire.Error{Code: wire.EngineCode, Extended: wire.EngineCode, Message: msg}
}
