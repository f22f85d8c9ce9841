package record

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/dialect"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/go-sql-driver/mysql"
)

// MariaDBCollation is every scenario database's character set and
// collation: utf8mb4, which Django's MySQL backend asks for, with the
// collation Debian's MariaDB packages configure by default.
const MariaDBCollation = "utf8mb4_general_ci"

// mariadbSetup is what every session runs first: what Django 5.2's MySQL
// backend sends when it connects (init_connection_state: READ COMMITTED;
// SQL_AUTO_IS_NULL is already 0 on MariaDB), then the recorder's own
// timeouts (a second is the least innodb_lock_wait_timeout takes) and a
// fixed time zone so that recordings do not depend on the machine's.
// Django's connection also asks for utf8mb4 and CLIENT_FOUND_ROWS, which
// the driver's configuration carries (newMariaDB).
var mariadbSetup = []string{
	"SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
	"SET SESSION innodb_lock_wait_timeout = 1",
	"SET SESSION lock_wait_timeout = 1",
	"SET SESSION max_statement_time = 10",
	"SET SESSION time_zone = '+00:00'",
}

// mariadbClient says how sessions talk to MariaDB.
const mariadbClient = "go-sql-driver/mysql, text protocol; parameters interpolated on the client as mysqlclient does; CLIENT_FOUND_ROWS, so UPDATE counts the rows it matched, as Django asks"

// mariadbBlocked is MariaDB's "Lock wait timeout exceeded" error number.
const mariadbBlocked = 1205

// mariadb records the mariadb lane.
type mariadb struct {
	config *mysql.Config
	admin  *sql.DB
}

// newMariaDB connects to a server from a go-sql-driver DSN such as
// root@tcp(127.0.0.1:3306)/.
func newMariaDB(ctx context.Context, dsn string) (*mariadb, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("mariadb: %w", err)
	}
	cfg.ClientFoundRows = true
	cfg.Collation = MariaDBCollation
	cfg.InterpolateParams = false // never used: parameters are bound by bind()
	cfg.MultiStatements = false
	cfg.ParseTime = false
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, fmt.Errorf("mariadb: %w", err)
	}
	admin.SetMaxOpenConns(1)
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("mariadb: connect to %s: %w", cfg.Addr, err)
	}
	return &mariadb{config: cfg, admin: admin}, nil
}

func (m *mariadb) lane() string { return scenario.LaneMariaDB }

func (m *mariadb) createDatabase(ctx context.Context, name string) error {
	return m.adminExec(ctx, fmt.Sprintf("CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE %s", name, MariaDBCollation))
}

func (m *mariadb) dropDatabase(ctx context.Context, name string) error {
	return m.adminExec(ctx, "DROP DATABASE IF EXISTS "+name)
}

func (m *mariadb) adminExec(ctx context.Context, sql string) error {
	if _, err := m.admin.ExecContext(ctx, sql); err != nil {
		return fmt.Errorf("mariadb: %s: %w", sql, err)
	}
	return nil
}

func (m *mariadb) connect(ctx context.Context, database string) (session, error) {
	cfg := m.config.Clone()
	cfg.DBName = database
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, fmt.Errorf("mariadb: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("mariadb: connect to database %s: %w", database, err)
	}
	s := &mdbSession{db: db, conn: conn}
	for _, q := range mariadbSetup {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			s.close()
			return nil, fmt.Errorf("mariadb: %s: %w", q, err)
		}
	}
	return s, nil
}

func (m *mariadb) describe(ctx context.Context, s session) (wire.Server, error) {
	names := []string{"version", "tx_isolation", "sql_mode", "character_set_connection", "collation_connection",
		"character_set_database", "collation_database", "time_zone", "innodb_lock_wait_timeout"}
	srv := wire.Server{Product: "MariaDB", Client: mariadbClient}
	for _, name := range names {
		v, err := scalar(ctx, s, "SELECT @@"+name) // the session value, or the global one
		if err != nil {
			return srv, fmt.Errorf("mariadb: %w", err)
		}
		if name == "version" {
			srv.Version = v
			continue
		}
		srv.Settings = append(srv.Settings, wire.Setting{Name: name, Value: v})
	}
	if !strings.Contains(setting(srv, "sql_mode"), "STRICT_TRANS_TABLES") {
		return srv, fmt.Errorf("mariadb: sql_mode %q lacks STRICT_TRANS_TABLES, which Django's check mysql.W002 asks for: start the server with it", setting(srv, "sql_mode"))
	}
	version, _, _ := strings.Cut(srv.Version, "-")
	srv.Label = fmt.Sprintf("MariaDB %s, %s, %s, sql_mode %s (as Django connects: autocommit)",
		version, setting(srv, "tx_isolation"), setting(srv, "collation_database"), setting(srv, "sql_mode"))
	return srv, nil
}

func (m *mariadb) close() { m.admin.Close() }

// mdbSession is one MariaDB session: a database/sql connection held for
// the whole scenario, so that every statement goes to the same session.
type mdbSession struct {
	db   *sql.DB
	conn *sql.Conn
}

func (s *mdbSession) run(ctx context.Context, query string) (result, error) {
	rows, err := s.conn.QueryContext(ctx, query)
	if err != nil {
		return mdbError(err)
	}
	out, err := readRows(rows)
	if err != nil {
		return mdbError(err)
	}
	// The rows a statement changed, as mysql_affected_rows() reports them
	// (found rows, with CLIENT_FOUND_ROWS); -1 after a query.
	var changed sql.NullInt64
	if err := s.conn.QueryRowContext(ctx, "SELECT ROW_COUNT()").Scan(&changed); err != nil {
		return result{}, fmt.Errorf("mariadb: SELECT ROW_COUNT(): %w", err)
	}
	out.changes = max(changed.Int64, 0)
	return out, nil
}

// mdbError turns a server error into a result; other errors end the
// recording.
func mdbError(err error) (result, error) {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return result{}, fmt.Errorf("mariadb: %w", err)
	}
	return result{
		err:     &wire.Error{Code: string(me.SQLState[:]), Extended: strconv.Itoa(int(me.Number)), Message: me.Message},
		blocked: me.Number == mariadbBlocked,
	}, nil
}

func readRows(rows *sql.Rows) (result, error) {
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return result{}, err
	}
	var out result
	for _, t := range types {
		out.columns = append(out.columns, wire.Column{Name: t.Name(), DeclType: mdbTypeName(t)})
	}
	for rows.Next() {
		raw := make([]sql.RawBytes, len(types))
		dest := make([]any, len(types))
		for i := range raw {
			dest[i] = &raw[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return result{}, err
		}
		row := make([]wire.Value, len(types))
		for i, b := range raw {
			row[i] = mdbValue(types[i].DatabaseTypeName(), b)
		}
		out.rows = append(out.rows, row)
	}
	return out, rows.Err()
}

// mdbTypeName names a result column's type in lower case, with the
// precision of decimals: int, bigint, decimal(10,2), varchar, double.
func mdbTypeName(t *sql.ColumnType) string {
	name := strings.ToLower(t.DatabaseTypeName())
	if p, s, ok := t.DecimalSize(); ok && name == "decimal" {
		return fmt.Sprintf("%s(%d,%d)", name, p, s)
	}
	return name
}

// mdbValue turns one value of MariaDB's text protocol into a wire value.
func mdbValue(typeName string, b []byte) wire.Value {
	if b == nil {
		return wire.NullValue()
	}
	s := string(b)
	switch strings.TrimPrefix(typeName, "UNSIGNED ") {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		return wire.Value{Type: wire.Integer, Text: s}
	case "FLOAT", "DOUBLE":
		return dialect.ParseReal(s)
	case "DECIMAL":
		return wire.Value{Type: wire.Numeric, Text: s}
	case "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY", "BIT", "GEOMETRY":
		return wire.BlobValue(b)
	}
	return wire.TextValue(s)
}

func (s *mdbSession) txn(ctx context.Context) (string, error) {
	var in int
	if err := s.conn.QueryRowContext(ctx, "SELECT @@in_transaction").Scan(&in); err != nil {
		return "", fmt.Errorf("mariadb: SELECT @@in_transaction: %w", err)
	}
	if in != 0 {
		return "active", nil
	}
	return "none", nil
}

func (s *mdbSession) close() {
	s.conn.Close()
	s.db.Close()
}
