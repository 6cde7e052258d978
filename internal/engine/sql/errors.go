package sql

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// Error is an error DuckDB reported while preparing or running a statement.
type Error struct {
	// Kind is DuckDB's error class without " Error": "Parser", "Binder",
	// "Catalog", "Conversion", "Invalid Input", "Out of Range", "Interrupt", ...
	Kind string
	// Message is the first line of DuckDB's message, without the class.
	Message string
	// Line and Column locate the error in the SQL text (1-based), when
	// DuckDB pointed at it; 0 otherwise.
	Line, Column int
	// window is the text DuckDB showed around a long line, used to
	// resolve Column against the statement (see Locate).
	window string
	err    error
}

// Locate resolves the error's position against the statement text that
// ran, returning the 0-based byte offset, or -1.
func (e *Error) Locate(query string) int {
	if e.Line == 0 {
		return -1
	}
	lines := strings.SplitAfter(query, "\n")
	if e.Line > len(lines) {
		return -1
	}
	start := 0
	for _, l := range lines[:e.Line-1] {
		start += len(l)
	}
	line := lines[e.Line-1]
	col := e.Column
	if col < 0 {
		// Column counts from the start of the "..." window.
		w := e.window
		if len(w) > 20 {
			w = w[:20]
		}
		at := strings.Index(line, w)
		if at < 0 {
			return -1
		}
		col = at + (-col - 1) - 3
	} else {
		col--
	}
	if col < 0 || col > len(line) {
		return -1
	}
	return start + col
}

func (e *Error) Error() string { return e.Kind + " Error: " + e.Message }
func (e *Error) Unwrap() error { return e.err }

// Interrupted reports whether the statement was cancelled.
func (e *Error) Interrupted() bool { return strings.EqualFold(e.Kind, "Interrupt") }

// wrapError turns a driver error into an *Error; context errors pass
// through so callers can tell a cancellation apart.
func wrapError(err error) error {
	if err == nil {
		return nil
	}
	var de *duckdb.Error
	if !errors.As(err, &de) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return &Error{Kind: "Interrupt", Message: "Interrupted!", err: err}
		}
		return err
	}
	return parseError(de.Msg, err)
}

// parseError splits DuckDB's "<Kind> Error: message\n\nLINE n: text\n   ^"
// into its parts.
func parseError(msg string, cause error) *Error {
	e := &Error{Kind: "Unknown", err: cause}
	lines := strings.Split(msg, "\n")
	first := lines[0]
	if kind, rest, ok := strings.Cut(first, " Error: "); ok && !strings.Contains(kind, ":") {
		e.Kind, first = kind, rest
	}
	if strings.EqualFold(e.Kind, "Interrupt") {
		e.Kind = "Interrupt"
	}
	e.Message = strings.TrimSpace(first)
	for i, l := range lines {
		if !strings.HasPrefix(l, "LINE ") || i+1 >= len(lines) {
			continue
		}
		num, text, ok := strings.Cut(l[len("LINE "):], ": ")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil {
			continue
		}
		caret := strings.IndexByte(lines[i+1], '^')
		if caret < 0 {
			continue
		}
		col := caret - (len("LINE ") + len(num) + 2)
		if col < 0 {
			continue
		}
		e.Line, e.Column = n, col+1
		// A long line is shown as a window starting with "...": the
		// caller resolves the column against the window text.
		if strings.HasPrefix(text, "...") {
			e.Column = -(col + 1)
			e.window = strings.TrimPrefix(text, "...")
		}
		break
	}
	return e
}
