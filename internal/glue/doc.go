// Package glue is nubo's AWS Glue service: the Glue Data Catalog (databases,
// tables with their versions, partitions with Glue's partition Expression
// grammar) and crawlers that infer tables from objects in S3.
//
// The Catalog type is also the in-process API the Athena service uses for
// its DDL and query planning, the way AWS's Athena uses Glue. Catalog
// metadata lives in the KV engine under the "glue/" prefix; crawlers read
// objects through the object engine's Store interface. Glue ETL (jobs,
// triggers, workflows, ...) is out of scope: those operations answer AWS's
// NotImplemented error.
package glue
