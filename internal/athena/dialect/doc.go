// Package dialect translates Athena's SQL dialect (Trino's) into DuckDB's.
//
// It works on tokens, never on raw text: Lex splits a statement into
// tokens that keep string literals, quoted identifiers and comments whole,
// Parse groups them by parentheses and brackets, and Translate walks the
// groups rewriting function calls, literals, type names, lambdas, UNNEST
// and table references. Every translated function is listed in one table
// (functions.go) with the functions nubo knows it cannot run faithfully;
// those fail with FUNCTION_NOT_FOUND rather than answer differently.
package dialect
