// Package results renders query results the way Athena does: column
// metadata with Athena's (Trino's) type names, values as Athena prints them
// (Java notation for doubles, "2024-01-02 03:04:05.000" timestamps, arrays
// "[1, 2]", maps "{k=v}", rows "{a=1, b=2}"), the result CSV (every
// non-NULL value double-quoted, NULL empty) and its binary ".csv.metadata"
// companion. It reads both back for GetQueryResults after a restart.
package results
