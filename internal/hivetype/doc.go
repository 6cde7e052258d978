// Package hivetype reads Hive type strings, the form in which the Glue Data
// Catalog stores column types ("array<struct<id:int,name:string>>"). Glue's
// crawlers and Athena's information_schema both take such strings apart;
// this package is the one place that knows their syntax, so the two agree.
package hivetype
