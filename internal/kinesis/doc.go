// Package kinesis implements Amazon Kinesis Data Streams: the API semantics
// of streams, shards, records, consumers and enhanced fan-out, on top of the
// KV engine (stream metadata, under the "kinesis/" key prefix) and the
// stream log engine (one log per shard holding the records).
//
// What clients observe follows AWS: records are routed by the MD5 of their
// partition key read as a 128-bit integer (or by an ExplicitHashKey) to the
// shard whose hash key range holds it; sequence numbers are AWS-shaped
// decimal strings that encode the shard and the record's offset
// (seqnum.go); shard iterators are opaque, authenticated and expire after
// five minutes (iterator.go); resharding closes parent shards, which stay
// readable until retention drops them, and GetRecords hands a drained
// closed shard's children to the reader; per-shard throughput limits are
// enforced unless disabled (throttle.go); and errors carry AWS's codes and
// wording (errors.go).
//
// The Handler serves awsJson 1.1 and its CBOR variant through
// awsproto.JSONService, plus SubscribeToShard as an AWS event stream.
package kinesis
