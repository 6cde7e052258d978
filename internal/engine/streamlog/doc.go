// Package streamlog is nubo's stream log engine: named, append-only logs of
// records (one per Kinesis shard). It knows nothing of Kinesis: offsets are
// dense integers from zero, timestamps Unix milliseconds, and the service
// shapes them into sequence numbers.
//
// # Layout
//
// Each log is a directory under Options.Dir (its name escaped so that it may
// hold '/'), with segment files <base>.seg holding the records from offset
// base on, and for every segment but the last an index file <base>.idx
// written when the segment was rolled. A segment is a sequence of frames
// (see frame.go): length, CRC32C, offset, timestamp, flags, key, meta,
// value. A sparse index (an entry about every SegmentBytes/1024 bytes, at
// least 4 KiB apart) maps offsets and timestamps to file positions, so Read
// and SeekTime read at most about one interval before the first record
// they return. A file SEALED marks a sealed log.
//
// # Writing
//
// Appends to one log are queued; the first one to find the log idle
// becomes the leader, encodes every queued Append into one buffer, writes it
// with one WriteAt and fsyncs once, then hands leadership to the first
// Append queued meanwhile (group commit). Logs commit independently, so
// fsyncs of different logs run in parallel. Records become visible to Read
// and Wait only once fsynced. The written buffer is kept in a byte-bounded
// tail cache, so consumers following the tail read from memory.
//
// # Recovery
//
// Open scans the last segment of every log, checking each frame's length,
// checksum, offset and timestamp order, and keeps the frames up to the last
// one that ends an Append: a torn or damaged tail is dropped, along with the
// whole Append it belonged to. The next write then starts a new segment, so
// bytes that were never acknowledged can never end up between records.
// After a failed write the log likewise moves to a new segment. Sealed
// segments are summarised from their index files; damage found in them
// later makes reads of the damaged records fail with ErrCorrupt.
//
// # Memory
//
// Memory is bounded by Options, not by the data stored: open files by
// MaxOpenFiles (an LRU), the tail cache and the cache of sealed segments'
// indexes by MaxCacheBytes; each log keeps a constant-size summary per
// segment and the index of its active segment (at most about 1,024 entries).
//
// # Locks
//
// Store.closeMu (shared by every operation, exclusive in Close) is taken
// before Store.mu, which is taken before Log.mu; the caches' and the file
// cache's own mutexes are taken last and never held while taking another.
package streamlog
