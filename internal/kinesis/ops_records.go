package kinesis

import (
	"context"
	"errors"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
)

// iteratorLifetime is how long a shard iterator stays valid.
const iteratorLifetime = 5 * time.Minute

// Read limits of one GetRecords call.
const (
	maxGetRecords = 10000
	maxGetBytes   = 10 << 20
)

// maxPutRecordsBytes bounds a PutRecords request's data and partition keys.
const maxPutRecordsBytes = 10 << 20

// modelMaxData is the Data length the API model allows; streams raised by
// UpdateMaxRecordSize take more, so larger records are checked against the
// stream's own limit instead.
const modelMaxData = 1 << 20

// PutRecord writes one record.
func (s *Service) PutRecord(ctx context.Context, in *PutRecordInput) (*kinesis.PutRecordOutput, error) {
	st, err := s.writableStream(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := s.checkRecordSize(st, "data", in.Data); err != nil {
		return nil, err
	}
	if in.SequenceNumberForOrdering != "" {
		if _, ok := parseSeqNum(in.SequenceNumberForOrdering); !ok {
			return nil, invalidArgument("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.",
				in.SequenceNumberForOrdering, st.meta.Name, s.account)
		}
	}
	res, enc, err := s.put(ctx, st, []putEntry{{data: in.Data, partitionKey: in.PartitionKey, explicitHash: in.ExplicitHashKey}})
	if err != nil {
		return nil, err
	}
	r := res[0]
	if r.errorCode != "" {
		return nil, errf(r.errorCode, "%s", r.errorMsg)
	}
	out := &kinesis.PutRecordOutput{SequenceNumber: r.shard.seq(r.offset, r.ts), ShardId: r.shard.id}
	if enc == encryptionKMS {
		out.EncryptionType = enc
	}
	return out, nil
}

// PutRecords writes up to 500 records; each succeeds or fails on its own.
func (s *Service) PutRecords(ctx context.Context, in *PutRecordsInput) (*kinesis.PutRecordsOutput, error) {
	st, err := s.writableStream(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	entries := make([]putEntry, len(in.Records))
	total := 0
	for i := range in.Records {
		r := &in.Records[i]
		if err := s.checkRecordSize(st, validate.Elem("records", i)+".data", r.Data); err != nil {
			return nil, err
		}
		total += len(r.Data) + len(r.PartitionKey)
		entries[i] = putEntry{data: r.Data, partitionKey: r.PartitionKey, explicitHash: r.ExplicitHashKey}
	}
	if total > maxPutRecordsBytes {
		return nil, invalidArgument("Records size exceeds 10 MB limit")
	}
	res, enc, err := s.put(ctx, st, entries)
	if err != nil {
		return nil, err
	}
	out := &kinesis.PutRecordsOutput{Records: make([]kinesis.PutRecordsResultEntry, len(res))}
	failed := int32(0)
	for i, r := range res {
		if r.errorCode != "" {
			failed++
			out.Records[i] = kinesis.PutRecordsResultEntry{ErrorCode: r.errorCode, ErrorMessage: r.errorMsg}
			continue
		}
		out.Records[i] = kinesis.PutRecordsResultEntry{SequenceNumber: r.shard.seq(r.offset, r.ts), ShardId: r.shard.id}
	}
	out.FailedRecordCount = &failed
	if enc == encryptionKMS {
		out.EncryptionType = enc
	}
	return out, nil
}

// checkRecordSize enforces the stream's maximum record size (1 MiB unless
// raised by UpdateMaxRecordSize).
func (s *Service) checkRecordSize(st *stream, path string, data []byte) error {
	if len(data) <= modelMaxData {
		return nil
	}
	st.mu.RLock()
	limit := st.meta.MaxRecordKiB << 10
	st.mu.RUnlock()
	if len(data) <= limit {
		return nil
	}
	var e validate.Errors
	e.Blob(path, data, validate.Length{Max: int64(limit), HasMax: true})
	return e.Err()
}

// GetShardIterator returns an iterator positioned in a shard.
func (s *Service) GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput) (*kinesis.GetShardIteratorOutput, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	name, created, horizon := st.meta.Name, st.meta.Created, s.retentionHorizon(&st.meta)
	sh := st.shardByID(in.ShardId)
	st.mu.RUnlock()
	if sh == nil {
		return nil, s.shardMissing(displayShardID(in.ShardId), name)
	}
	offset, err := s.startOffset(sh, name, horizon, in.ShardIteratorType, in.StartingSequenceNumber, in.Timestamp)
	if err != nil {
		return nil, err
	}
	it := shardIterator{stream: name, streamCreated: created, shard: uint32(sh.index), offset: offset, issued: s.now().UnixMilli()}
	return &kinesis.GetShardIteratorOutput{ShardIterator: it.encode(s.iterKey)}, nil
}

// displayShardID normalises a shard reference for messages.
func displayShardID(id string) string {
	if i, ok := parseShardID(id); ok {
		return shardID(i)
	}
	return id
}

// startOffset resolves an iterator type to the offset of the first record
// to read.
func (s *Service) startOffset(sh *shard, stream string, horizon int64, typ, seq string, ts *awsproto.Timestamp) (uint64, error) {
	if sh.log == nil {
		return 0, s.shardMissing(sh.id, stream)
	}
	switch typ {
	case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER":
		if seq == "" {
			return 0, invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified %s and no StartingSequenceNumber.", typ)
		}
		n, ok := parseSeqNum(seq)
		if !ok {
			return 0, invalidArgument("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid.", seq, sh.id, stream, s.account)
		}
		if int(n.shard) != sh.index {
			return 0, invalidArgument("Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a shard with %s", shardID(int(n.shard)), sh.id)
		}
		if n.shardCreated != uint64(sh.created/1000) {
			return 0, invalidArgument("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid because it did not come from this stream.", seq, sh.id, stream, s.account)
		}
		// Position p follows the record at offset p-1: AFTER starts at p, AT at p-1.
		if typ == "AT_SEQUENCE_NUMBER" && n.position > 0 {
			return n.position - 1, nil
		}
		return n.position, nil
	case "TRIM_HORIZON", "LATEST":
		if seq != "" {
			return 0, invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified %s and also a StartingSequenceNumber.", typ)
		}
		first, next := sh.log.Bounds()
		if typ == "LATEST" {
			return next, nil
		}
		return s.trimHorizon(sh, first, horizon), nil
	case "AT_TIMESTAMP":
		if ts == nil {
			return 0, invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")
		}
		ms, now := ts.UnixMilli(), s.now().UnixMilli()
		if ms > now {
			return 0, invalidArgument("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", ms, now)
		}
		return sh.log.SeekTime(max(ms, horizon))
	}
	return 0, invalidArgument("Invalid ShardIteratorType %s.", typ)
}

// trimHorizon is the oldest readable offset: the first retained record not
// older than the retention period.
func (s *Service) trimHorizon(sh *shard, first uint64, horizon int64) uint64 {
	off, err := sh.log.SeekTime(horizon)
	if err != nil || off < first {
		return first
	}
	return off
}

// GetRecords reads records from a shard iterator's position.
func (s *Service) GetRecords(ctx context.Context, in *kinesis.GetRecordsInput) (*GetRecordsOutput, error) {
	rd, err := s.openIterator(in.ShardIterator, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if s.opts.Throttle && !rd.shard.limit.admitRead(s.now()) {
		return nil, s.rateExceeded(rd.shard.id, rd.stream)
	}
	limit := maxGetRecords
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	b, err := s.readBatch(ctx, rd, limit, maxGetBytes)
	if err != nil {
		return nil, err
	}
	if s.opts.Throttle {
		rd.shard.limit.chargeRead(s.now(), b.bytes)
	}
	out := &GetRecordsOutput{Records: b.records, MillisBehindLatest: &b.behind, ChildShards: b.children}
	if !b.ended {
		it := shardIterator{stream: rd.stream, streamCreated: rd.created, shard: uint32(rd.shard.index), offset: b.next, issued: s.now().UnixMilli()}
		out.NextShardIterator = it.encode(s.iterKey)
	}
	return out, nil
}

// reader is an authenticated, unexpired iterator resolved to its shard.
type reader struct {
	stream  string
	created int64
	shard   *shard
	offset  uint64
	horizon int64
	encType string
}

func (s *Service) openIterator(token, arn string) (*reader, error) {
	it, err := parseIterator(token, s.iterKey)
	if err != nil {
		return nil, invalidIterator()
	}
	now := s.now()
	if issued := time.UnixMilli(it.issued); now.Sub(issued) > iteratorLifetime {
		return nil, expiredIterator(issued, now)
	}
	if arn != "" {
		if _, name, ok := parseStreamARN(arn); !ok || name != it.stream {
			return nil, invalidArgument("StreamARN %s does not match the stream of the ShardIterator.", arn)
		}
	}
	s.mu.RLock()
	st := s.streams[it.stream]
	s.mu.RUnlock()
	if st != nil {
		s.settleDue(st)
	}
	missing := s.shardMissing(shardID(int(it.shard)), it.stream)
	if st == nil {
		return nil, missing
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.gone || st.meta.Created != it.streamCreated || int(it.shard) >= len(st.shards) || st.meta.Shards[it.shard].Expired {
		return nil, missing
	}
	return &reader{stream: it.stream, created: it.streamCreated, shard: st.shards[it.shard], offset: it.offset,
		horizon: s.retentionHorizon(&st.meta)}, nil
}

// batch is what one read of a shard returned.
type batch struct {
	records  []kinesis.Record
	bytes    int
	next     uint64
	behind   int64
	ended    bool // the shard is closed and fully read
	children []kinesis.ChildShard
}

// readBatch reads from rd's position, skipping records past retention.
func (s *Service) readBatch(ctx context.Context, rd *reader, limit, maxBytes int) (*batch, error) {
	log := rd.shard.log
	if log == nil {
		return nil, s.shardMissing(rd.shard.id, rd.stream)
	}
	sealed := log.Sealed()
	recs, err := log.Read(ctx, rd.offset, limit, maxBytes)
	switch {
	case errors.Is(err, streamlog.ErrClosed):
		// Retention removed the shard while it was being read.
		return nil, s.shardMissing(rd.shard.id, rd.stream)
	case err != nil && !errors.Is(err, streamlog.ErrNotFound):
		return nil, err
	}
	first, next := log.Bounds()
	b := &batch{records: make([]kinesis.Record, 0, len(recs)), next: max(rd.offset, first)}
	stamps := make([]awsproto.Timestamp, len(recs)) // one allocation for every record's timestamp
	for k, r := range recs {
		b.next = r.Offset + 1
		if r.Timestamp < rd.horizon {
			continue
		}
		data := r.Value
		if data == nil {
			data = []byte{}
		}
		rec := kinesis.Record{
			SequenceNumber: rd.shard.seq(r.Offset, r.Timestamp), Data: data, PartitionKey: string(r.Key),
		}
		stamps[k].Time = time.UnixMilli(r.Timestamp).UTC()
		rec.ApproximateArrivalTimestamp = &stamps[k]
		if len(r.Meta) > 0 && r.Meta[0] == metaEncrypted[0] {
			rec.EncryptionType = encryptionKMS
		}
		b.records = append(b.records, rec)
		b.bytes += len(r.Value) + len(r.Key)
	}
	if b.next < next {
		if ts, err := log.TimestampOf(b.next); err == nil {
			b.behind = max(0, s.now().UnixMilli()-ts)
		}
	} else if sealed {
		b.ended = true
		b.children = s.childShards(rd)
	}
	return b, nil
}

// childShards lists the shards created from rd's shard.
func (s *Service) childShards(rd *reader) []kinesis.ChildShard {
	s.mu.RLock()
	st := s.streams[rd.stream]
	s.mu.RUnlock()
	if st == nil {
		return nil
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []kinesis.ChildShard
	for i, m := range st.meta.Shards {
		if m.Parent != rd.shard.index && m.Adjacent != rd.shard.index {
			continue
		}
		parents := []string{shardID(m.Parent)}
		if m.Adjacent >= 0 {
			parents = append(parents, shardID(m.Adjacent))
		}
		out = append(out, kinesis.ChildShard{ShardId: shardID(i), ParentShards: parents,
			HashKeyRange: &kinesis.HashKeyRange{StartingHashKey: m.Start, EndingHashKey: m.End}})
	}
	return out
}
