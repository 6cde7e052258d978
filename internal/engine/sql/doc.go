// Package sql is nubo's SQL engine: an embedded DuckDB that runs SQL text
// with a context (cancelling the context interrupts DuckDB mid-query),
// returns typed columns and streams rows as plain Go values. It knows
// nothing of Athena or AWS: the Athena service translates its dialect,
// resolves catalog tables into DuckDB table functions over object files, and
// renders the values this package returns.
//
// DuckDB runs with extension auto-install and auto-load off (nubo has no
// network), with file access limited to the directories named in Options,
// a bounded memory limit and thread count, and a spill directory of its own.
package sql
