package record

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/dialect"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// PostgresLocale is the locale every scenario database is created with:
// LIKE/ILIKE case folding and the order of non-ASCII letters depend on it.
// C.UTF-8 is the one UTF-8 locale a fresh Debian machine has without
// generating others, so recordings made here and in CI agree.
const PostgresLocale = "C.UTF-8"

// postgresLockTimeout is how long a statement waits for a lock before the
// recorder records it as blocked. Arbitrary: long enough for any lock that
// is not held by another session of the scenario to be granted.
const postgresLockTimeout = "200ms"

// postgresSetup is what every session runs first. Django's PostgreSQL
// backend connects in autocommit at the server's default isolation (read
// committed) and, with USE_TZ (the default), sets the time zone to UTC.
// The timeouts are the recorder's own.
var postgresSetup = []string{
	"SET TIME ZONE 'UTC'",
	"SET lock_timeout = '" + postgresLockTimeout + "'",
	"SET statement_timeout = '10s'",
}

// postgresClient says how sessions talk to PostgreSQL.
const postgresClient = "pgx v5 simple protocol; parameters interpolated on the client, as Django's psycopg backend does by default (client-side binding cursors)"

// postgres records the postgres lane.
type postgres struct {
	config *pgconn.Config // the administrative session's, copied per database
	admin  *pgconn.PgConn
	types  *pgtype.Map
}

// newPostgres connects to a server from a connection URL such as
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
func newPostgres(ctx context.Context, url string) (*postgres, error) {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	cfg.RuntimeParams["application_name"] = "dbquirks record"
	admin, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect to %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	return &postgres{config: cfg, admin: admin, types: pgtype.NewMap()}, nil
}

func (p *postgres) lane() string { return scenario.LanePostgres }

func (p *postgres) createDatabase(ctx context.Context, name string) error {
	return p.adminExec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE '%s'", name, PostgresLocale))
}

func (p *postgres) dropDatabase(ctx context.Context, name string) error {
	return p.adminExec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

func (p *postgres) adminExec(ctx context.Context, sql string) error {
	if _, err := p.admin.Exec(ctx, sql).ReadAll(); err != nil {
		return fmt.Errorf("postgres: %s: %w", sql, err)
	}
	return nil
}

func (p *postgres) connect(ctx context.Context, database string) (session, error) {
	cfg := p.config.Copy()
	cfg.Database = database
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect to database %s: %w", database, err)
	}
	s := &pgSession{conn: conn, types: p.types}
	for _, sql := range postgresSetup {
		if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
			conn.Close(ctx)
			return nil, fmt.Errorf("postgres: %s: %w", sql, err)
		}
	}
	return s, nil
}

func (p *postgres) describe(ctx context.Context, s session) (wire.Server, error) {
	queries := []struct{ name, sql string }{
		{"server_version", "SHOW server_version"},
		{"transaction_isolation", "SHOW transaction_isolation"},
		{"datcollate", "SELECT datcollate FROM pg_database WHERE datname = current_database()"},
		{"datctype", "SELECT datctype FROM pg_database WHERE datname = current_database()"},
		{"server_encoding", "SHOW server_encoding"},
		{"TimeZone", "SHOW TimeZone"},
		{"standard_conforming_strings", "SHOW standard_conforming_strings"},
		{"lock_timeout", "SHOW lock_timeout"},
	}
	srv := wire.Server{Product: "PostgreSQL", Client: postgresClient}
	for _, q := range queries {
		v, err := scalar(ctx, s, q.sql)
		if err != nil {
			return srv, fmt.Errorf("postgres: %w", err)
		}
		if q.name == "server_version" {
			srv.Version = v
			continue
		}
		srv.Settings = append(srv.Settings, wire.Setting{Name: q.name, Value: v})
	}
	srv.Label = fmt.Sprintf("PostgreSQL %s, %s, locale %s (as Django connects: autocommit, time zone UTC)",
		strings.Fields(srv.Version)[0], setting(srv, "transaction_isolation"), setting(srv, "datcollate"))
	return srv, nil
}

func (p *postgres) close() { p.admin.Close(context.Background()) }

// pgSession is one PostgreSQL session.
type pgSession struct {
	conn  *pgconn.PgConn
	types *pgtype.Map
}

func (s *pgSession) run(ctx context.Context, sql string) (result, error) {
	var out result
	mrr := s.conn.Exec(ctx, sql)
	for mrr.NextResult() { // one statement: one result
		rr := mrr.ResultReader()
		for rr.NextRow() {
			fields := rr.FieldDescriptions()
			row := make([]wire.Value, len(fields))
			for i, b := range rr.Values() {
				row[i] = dialect.PostgresValue(fields[i].DataTypeOID, b)
			}
			out.rows = append(out.rows, row)
		}
		// Read after the rows: a query that returns none has its columns
		// all the same, and they are known once the rows are read.
		out.columns = s.columns(rr.FieldDescriptions())
		tag, err := rr.Close()
		if err != nil {
			break // mrr.Close returns it
		}
		if tag.Insert() || tag.Update() || tag.Delete() || strings.HasPrefix(tag.String(), "MERGE") {
			out.changes += tag.RowsAffected()
		}
	}
	err := mrr.Close()
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr):
		return result{
			err:     &wire.Error{Code: pgErr.Code, Extended: pgErr.Code, Message: pgMessage(pgErr)},
			blocked: pgErr.Code == "55P03" && strings.Contains(pgErr.Message, "lock timeout"),
		}, nil
	case err != nil:
		return result{}, fmt.Errorf("postgres: %w", err)
	}
	return out, nil
}

// pgMessage is the server's message with its detail, as psql shows them.
func pgMessage(e *pgconn.PgError) string {
	if e.Detail != "" {
		return e.Message + "\nDETAIL: " + e.Detail
	}
	return e.Message
}

func (s *pgSession) columns(fields []pgconn.FieldDescription) []wire.Column {
	var cols []wire.Column
	for _, f := range fields {
		cols = append(cols, wire.Column{Name: f.Name, DeclType: s.typeName(f)})
	}
	return cols
}

// typeName names a result column's type as PostgreSQL's catalog does, with
// its length or precision when it has one: int4, numeric(10,2), varchar(50).
func (s *pgSession) typeName(f pgconn.FieldDescription) string {
	name := "oid " + strconv.FormatUint(uint64(f.DataTypeOID), 10)
	if t, ok := s.types.TypeForOID(f.DataTypeOID); ok {
		name = t.Name
	}
	mod := f.TypeModifier - 4 // PostgreSQL stores modifiers plus the 4-byte header
	switch {
	case mod < 0:
	case f.DataTypeOID == pgtype.NumericOID:
		return fmt.Sprintf("%s(%d,%d)", name, mod>>16&0xffff, mod&0xffff)
	case f.DataTypeOID == pgtype.VarcharOID || f.DataTypeOID == pgtype.BPCharOID:
		return fmt.Sprintf("%s(%d)", name, mod)
	}
	return name
}

func (s *pgSession) txn(context.Context) (string, error) {
	switch s.conn.TxStatus() {
	case 'T':
		return "active", nil
	case 'E':
		return "failed", nil
	}
	return "none", nil
}

func (s *pgSession) close() { s.conn.Close(context.Background()) }

// scalar runs a query that returns one value and returns it as text.
func scalar(ctx context.Context, s session, sql string) (string, error) {
	r, err := s.run(ctx, sql)
	switch {
	case err != nil:
		return "", err
	case r.err != nil:
		return "", fmt.Errorf("%s: %s", sql, r.err.Message)
	case len(r.rows) != 1 || len(r.rows[0]) != 1:
		return "", fmt.Errorf("%s: expected one value, got %d rows", sql, len(r.rows))
	}
	return r.rows[0][0].Text, nil
}

// setting returns a server setting's value by name.
func setting(srv wire.Server, name string) string {
	for _, s := range srv.Settings {
		if s.Name == name {
			return s.Value
		}
	}
	return ""
}
