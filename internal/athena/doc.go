// Package athena is Amazon Athena's query API over nubo's embedded DuckDB
// engine and the Glue Data Catalog.
//
// StartQueryExecution checks a statement's syntax, records the execution
// in the KV engine and queues it; a bounded pool of workers runs queued
// statements so a long query never blocks the API. DDL (CREATE EXTERNAL
// TABLE, MSCK REPAIR TABLE, SHOW ..., DESCRIBE) runs in Go against the
// catalog; queries are translated from Athena's Trino dialect
// (package dialect), their catalog tables become DuckDB table functions
// over exactly the object files of the table's location (pruned to the
// partitions the WHERE clause allows), and results are written to S3 the
// way Athena writes them (package results). GetQueryResults reads them
// back from S3, so results and history survive restarts.
package athena
