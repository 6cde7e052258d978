package kinesis

import (
	"context"
	"errors"
	"unsafe"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
)

// putEntry is one record to write, decoded from PutRecord or PutRecords.
type putEntry struct {
	data         []byte
	partitionKey string
	explicitHash string
}

// putResult is where a record went, or why it was refused.
type putResult struct {
	shard     *shard
	offset    uint64
	ts        int64
	errorCode string
	errorMsg  string
}

// metaEncrypted marks records written while the stream was encrypted.
var metaEncrypted = []byte{1}

// maxPutAttempts bounds re-routing when a shard closes under a writer.
const maxPutAttempts = 8

// writableStream finds a stream that accepts records: ACTIVE or UPDATING.
func (s *Service) writableStream(name, arn string) (*stream, error) {
	st, err := s.lookup(name, arn)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	status := st.meta.Status
	st.mu.RUnlock()
	if status != statusActive && status != statusUpdating {
		return nil, s.streamNotFound(st.meta.Name)
	}
	return st, nil
}

// hashOf routes an entry: its ExplicitHashKey, else MD5 of its partition key.
func hashOf(e *putEntry) (hashKey, *awsproto.Error) {
	if e.explicitHash != "" {
		h, ok := parseHashKey(e.explicitHash)
		if !ok {
			return hashKey{}, invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was %s", e.explicitHash)
		}
		return h, nil
	}
	return partitionHash([]byte(e.partitionKey)), nil
}

// put writes entries to the stream, each to the shard its hash key routes
// it to, and returns their outcomes in request order. Records refused by
// the throughput limits get ProvisionedThroughputExceededException; the
// others are durable when put returns.
func (s *Service) put(ctx context.Context, st *stream, entries []putEntry) ([]putResult, string, error) {
	hashes := make([]hashKey, len(entries))
	for i := range entries {
		h, err := hashOf(&entries[i])
		if err != nil {
			return nil, "", err
		}
		hashes[i] = h
	}
	results := make([]putResult, len(entries))
	pendingIdx := make([]int, len(entries))
	for i := range pendingIdx {
		pendingIdx[i] = i
	}
	var encryption string
	for attempt := 0; len(pendingIdx) > 0; attempt++ {
		if attempt == maxPutAttempts {
			return nil, "", errors.New("kinesis: shards kept closing during PutRecords")
		}
		groups, enc, err := s.routeEntries(st, entries, hashes, pendingIdx, results)
		if err != nil {
			return nil, "", err
		}
		encryption = enc
		pendingIdx, err = s.appendGroups(ctx, groups, entries, results, enc == encryptionKMS)
		if err != nil {
			return nil, "", err
		}
	}
	return results, encryption, nil
}

// shardGroup is the records of one request bound for one shard.
type shardGroup struct {
	shard *shard
	idx   []int
}

// routeEntries assigns each pending entry to an open shard and applies the
// write limits; refused entries get their error in results.
func (s *Service) routeEntries(st *stream, entries []putEntry, hashes []hashKey, idx []int, results []putResult) ([]shardGroup, string, error) {
	st.mu.RLock()
	if st.gone {
		st.mu.RUnlock()
		return nil, "", s.streamNotFound(st.meta.Name)
	}
	name, enc := st.meta.Name, st.meta.Encryption
	var groups []shardGroup
	for _, i := range idx {
		sh := st.route(hashes[i])
		if sh == nil {
			st.mu.RUnlock()
			return nil, "", errors.New("kinesis: no open shard covers a hash key")
		}
		g := -1
		for k := range groups {
			if groups[k].shard == sh {
				g = k
				break
			}
		}
		if g < 0 {
			groups = append(groups, shardGroup{shard: sh})
			g = len(groups) - 1
		}
		groups[g].idx = append(groups[g].idx, i)
	}
	st.mu.RUnlock()
	if !s.opts.Throttle {
		return groups, enc, nil
	}
	now := s.now()
	for k := range groups {
		g := &groups[k]
		sizes := make([]int, len(g.idx))
		ok := make([]bool, len(g.idx))
		for j, i := range g.idx {
			sizes[j] = len(entries[i].data) + len(entries[i].partitionKey)
		}
		g.shard.limit.admit(now, sizes, ok)
		kept := g.idx[:0]
		for j, i := range g.idx {
			if ok[j] {
				kept = append(kept, i)
				continue
			}
			results[i] = putResult{shard: g.shard, errorCode: "ProvisionedThroughputExceededException",
				errorMsg: s.rateExceededMessage(g.shard.id, name)}
		}
		g.idx = kept
	}
	return groups, enc, nil
}

// appendGroups appends every group to its shard's log, all shards at once
// so that their fsyncs overlap. It returns the entries whose shard was
// sealed meanwhile, to be routed again.
func (s *Service) appendGroups(ctx context.Context, groups []shardGroup, entries []putEntry, results []putResult, encrypted bool) ([]int, error) {
	batches := make([]streamlog.Batch, 0, len(groups))
	used := make([]*shardGroup, 0, len(groups))
	for k := range groups {
		g := &groups[k]
		if len(g.idx) == 0 {
			continue
		}
		recs := make([]streamlog.Record, len(g.idx))
		for j, i := range g.idx {
			recs[j] = streamlog.Record{Key: stringBytes(entries[i].partitionKey), Value: entries[i].data}
			if encrypted {
				recs[j].Meta = metaEncrypted
			}
		}
		batches = append(batches, streamlog.Batch{Log: g.shard.log, Records: recs})
		used = append(used, g)
	}
	streamlog.AppendAll(ctx, batches)
	var retry []int
	for k, b := range batches {
		g := used[k]
		switch {
		case b.Err == nil:
			for j, i := range g.idx {
				results[i] = putResult{shard: g.shard, offset: b.First + uint64(j), ts: b.Timestamp}
			}
		case errors.Is(b.Err, streamlog.ErrSealed):
			retry = append(retry, g.idx...)
		default:
			return nil, b.Err
		}
	}
	return retry, nil
}

// stringBytes views s as bytes without copying. Only for slices nobody
// writes to: the stream log copies records into its own buffers and does
// not retain the caller's slices.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
