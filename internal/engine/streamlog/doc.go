// Package streamlog is nubo's stream log engine: named, append-only logs of
// records (one per Kinesis shard), each stored on disk as a sequence of
// segment files of framed, CRC32C-checksummed records with a sparse index, so
// that reads by offset or by arrival time never scan a whole log.
//
// Appends are durable before they return: concurrent appenders are batched
// into one write and one fsync (group commit). On open, the tail of every
// log's last segment is validated and truncated at the first torn or corrupt
// frame, so every acknowledged record survives a crash and nothing that was
// never acknowledged appears. Retention drops whole segments.
//
// The engine knows nothing of Kinesis: offsets are dense integers starting at
// zero, timestamps are Unix milliseconds, and the service shapes them into
// sequence numbers.
package streamlog
