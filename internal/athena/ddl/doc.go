// Package ddl parses the Hive-style DDL statements Athena runs against the
// Glue Data Catalog (CREATE/DROP DATABASE, CREATE EXTERNAL TABLE, DROP
// TABLE, MSCK REPAIR TABLE, ALTER TABLE ... PARTITION, SHOW ..., DESCRIBE)
// into plain Go values. It knows nothing of the catalog: the Athena service
// turns the values into catalog calls.
package ddl
