package sql

import (
	"context"
	dbsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// Options configures the engine.
type Options struct {
	// TempDir is DuckDB's spill directory; it is created if missing.
	TempDir string
	// AllowedDirs are the only directories DuckDB may read or write;
	// everything else on the machine is out of reach of SQL text.
	AllowedDirs []string
	// MemoryLimit is DuckDB's memory_limit ("2GB"); empty means 2GB.
	MemoryLimit string
	// Threads bounds DuckDB's worker threads; 0 means the number of CPUs.
	Threads int
	// TimeZone is the session time zone; empty means UTC.
	TimeZone string
	Logger   *slog.Logger
}

// Engine is one embedded DuckDB database (in memory; the data it reads
// lives in object files).
type Engine struct {
	connector *duckdb.Connector
	db        *dbsql.DB
	logger    *slog.Logger
}

// Open starts DuckDB with opts.
func Open(opts Options) (*Engine, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MemoryLimit == "" {
		opts.MemoryLimit = "2GB"
	}
	if opts.Threads <= 0 {
		opts.Threads = runtime.NumCPU()
	}
	if opts.TimeZone == "" {
		opts.TimeZone = "UTC"
	}
	if opts.TempDir != "" {
		if err := os.MkdirAll(opts.TempDir, 0o755); err != nil {
			return nil, fmt.Errorf("sql: temp dir: %w", err)
		}
	}
	// Extension loading is configured before the database starts: there
	// is no network to install from, and a silent auto-load would hide a
	// missing built-in.
	dsn := "?autoinstall_known_extensions=false&autoload_known_extensions=false"
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, fmt.Errorf("sql: opening duckdb: %w", err)
	}
	db := dbsql.OpenDB(connector)
	// database/sql keeps only two idle connections by default; more
	// concurrent queries would close and reopen DuckDB connections.
	db.SetMaxIdleConns(2*opts.Threads + 4)
	e := &Engine{connector: connector, db: db, logger: opts.Logger}
	if err := e.configure(opts); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// configure applies database-wide settings. External access is switched off
// last: after that only AllowedDirs are reachable and no setting that would
// widen it can be changed back.
func (e *Engine) configure(opts Options) error {
	stmts := []string{
		fmt.Sprintf("SET memory_limit = %s", quote(opts.MemoryLimit)),
		fmt.Sprintf("SET threads = %d", opts.Threads),
		fmt.Sprintf("SET TimeZone = %s", quote(opts.TimeZone)),
		"SET preserve_insertion_order = true",
		// Trino divides integers as integers; DuckDB's integer_division
		// makes "/" do the same for integer operands only.
		"SET integer_division = true",
		// Keep Parquet footers in memory between queries: nubo's object
		// files never change in place (a new version is a new file), and
		// DuckDB still checks each file's modification time before using
		// a cached footer.
		"SET parquet_metadata_cache = true",
	}
	if opts.TempDir != "" {
		stmts = append(stmts, fmt.Sprintf("SET temp_directory = %s", quote(opts.TempDir)))
	}
	if len(opts.AllowedDirs) > 0 {
		dirs := make([]string, len(opts.AllowedDirs))
		for i, d := range opts.AllowedDirs {
			if !strings.HasSuffix(d, "/") {
				d += "/"
			}
			dirs[i] = quote(d)
		}
		stmts = append(stmts,
			"SET allowed_directories = ["+strings.Join(dirs, ", ")+"]",
			"SET enable_external_access = false",
			"SET lock_configuration = true")
	}
	for _, s := range stmts {
		if _, err := e.db.Exec(s); err != nil {
			return fmt.Errorf("sql: %s: %w", s, err)
		}
	}
	return nil
}

// Close shuts DuckDB down.
func (e *Engine) Close() error {
	err := e.db.Close()
	if cerr := e.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

// Session is one DuckDB connection. Temporary views created in a session
// are visible only to it, so concurrent queries can each define their own.
type Session struct {
	conn *dbsql.Conn
}

// Session takes a connection from the pool; Close returns it.
func (e *Engine) Session(ctx context.Context) (*Session, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, wrapError(err)
	}
	return &Session{conn: conn}, nil
}

// Close returns the session's connection. Temporary objects the caller
// created must be dropped first, or the next user of the connection sees them.
func (s *Session) Close() error { return s.conn.Close() }

// Exec runs a statement that returns no rows and reports the rows changed.
// Cancelling ctx interrupts DuckDB.
func (s *Session) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, wrapError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, nil
	}
	return n, nil
}

// Query runs one statement and returns its rows. Cancelling ctx interrupts
// DuckDB while it executes.
func (s *Session) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	return queryResult(s.conn.QueryContext(ctx, query, args...))
}

// Describe returns the result columns a query would produce without running
// it; binding errors (missing tables, columns, functions) surface here.
func (s *Session) Describe(ctx context.Context, query string, args ...any) ([]Column, error) {
	rows, err := s.Query(ctx, "DESCRIBE "+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []Column
	for rows.Next() {
		v := rows.Values()
		name, _ := v[0].(string)
		typ, _ := v[1].(string)
		t, err := ParseType(typ)
		if err != nil {
			return nil, err
		}
		cols = append(cols, Column{Name: name, Type: t})
	}
	return cols, rows.Err()
}

// Query runs a statement on a pooled connection (for statements that need
// no temporary objects).
func (e *Engine) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	return queryResult(e.db.QueryContext(ctx, query, args...))
}

// queryResult turns what database/sql's QueryContext returned into Rows,
// for Session.Query and Engine.Query alike; rows are closed on failure.
func queryResult(rows *dbsql.Rows, err error) (*Rows, error) {
	if err != nil {
		return nil, wrapError(err)
	}
	r, err := newRows(rows)
	if err != nil {
		rows.Close()
		return nil, err
	}
	return r, nil
}

// ParseError reports a syntax error in query, or nil: DuckDB prepares the
// statement without running it, and only an error of the parser counts, so
// a well-formed query over tables that do not exist (yet) passes. It is
// several times cheaper than parsing with json_serialize_sql, which also
// serializes the whole syntax tree.
func (e *Engine) ParseError(ctx context.Context, query string) error {
	st, err := e.db.PrepareContext(ctx, query)
	if err == nil {
		st.Close()
		return nil
	}
	err = wrapError(err)
	var se *Error
	if errors.As(err, &se) && se.Kind == "Parser" {
		return se
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return nil
}

// Exec runs a statement that returns no rows on a pooled connection.
func (e *Engine) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := e.db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, wrapError(err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// quote renders s as a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Quote renders s as a SQL string literal (for callers building SQL text).
func Quote(s string) string { return quote(s) }

// QuoteIdent renders s as a double-quoted SQL identifier.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

var _ driver.Connector = (*duckdb.Connector)(nil)

// errClosed is returned by Rows methods after Close.
var errClosed = errors.New("sql: rows closed")
