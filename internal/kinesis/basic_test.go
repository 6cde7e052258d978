package kinesis_test

import (
	"crypto/md5"
	"fmt"
	"math/big"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func TestPutAndGetRecords(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "orders", 3)
	sent := map[string][]string{} // shard -> data in order
	for i := 0; i < 60; i++ {
		pk := fmt.Sprintf("key-%d", i%7)
		data := fmt.Sprintf(`{"n":%d}`, i)
		out, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(pk), Data: []byte(data)})
		if err != nil {
			t.Fatalf("PutRecord: %v", err)
		}
		sent[*out.ShardId] = append(sent[*out.ShardId], data)
		// The shard is the one whose range holds MD5(pk).
		sum := md5.Sum([]byte(pk))
		h := new(big.Int).SetBytes(sum[:])
		shards, _ := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("orders")})
		for _, sh := range shards.Shards {
			lo, _ := new(big.Int).SetString(*sh.HashKeyRange.StartingHashKey, 10)
			hi, _ := new(big.Int).SetString(*sh.HashKeyRange.EndingHashKey, 10)
			if h.Cmp(lo) >= 0 && h.Cmp(hi) <= 0 && *sh.ShardId != *out.ShardId {
				t.Fatalf("key %s routed to %s, want %s", pk, *out.ShardId, *sh.ShardId)
			}
		}
	}
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("orders")})
	if err != nil || len(shards.Shards) != 3 {
		t.Fatalf("ListShards: %v %d", err, len(shards.Shards))
	}
	total := 0
	for _, sh := range shards.Shards {
		recs, _ := readShard(t, c, "orders", *sh.ShardId)
		want := sent[*sh.ShardId]
		if len(recs) != len(want) {
			t.Fatalf("%s: got %d records, want %d", *sh.ShardId, len(recs), len(want))
		}
		prev := new(big.Int)
		for i, r := range recs {
			if string(r.Data) != want[i] {
				t.Fatalf("%s record %d = %s, want %s", *sh.ShardId, i, r.Data, want[i])
			}
			n, _ := new(big.Int).SetString(*r.SequenceNumber, 10)
			if n.Cmp(prev) <= 0 {
				t.Fatalf("sequence numbers not increasing: %s after %s", n, prev)
			}
			prev = n
			if r.ApproximateArrivalTimestamp == nil || r.PartitionKey == nil {
				t.Fatalf("record lacks timestamp or key: %+v", r)
			}
		}
		total += len(recs)
	}
	if total != 60 {
		t.Fatalf("read %d records, want 60", total)
	}
}

func TestPutRecordsOrderAndIterators(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "s", 1)
	var entries []types.PutRecordsRequestEntry
	for i := 0; i < 500; i++ {
		entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint(i)), Data: []byte(fmt.Sprint(i))})
	}
	out, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
	if err != nil || aws.ToInt32(out.FailedRecordCount) != 0 || len(out.Records) != 500 {
		t.Fatalf("PutRecords: %v %+v", err, out)
	}
	seq := func(i int) string { return *out.Records[i].SequenceNumber }
	get := func(typ types.ShardIteratorType, s string) string {
		in := &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: typ}
		if s != "" {
			in.StartingSequenceNumber = aws.String(s)
		}
		it, err := c.GetShardIterator(ctx, in)
		if err != nil {
			t.Fatalf("GetShardIterator %s: %v", typ, err)
		}
		r, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(1)})
		if err != nil {
			t.Fatalf("GetRecords: %v", err)
		}
		if len(r.Records) == 0 {
			return ""
		}
		return string(r.Records[0].Data)
	}
	if got := get(types.ShardIteratorTypeAtSequenceNumber, seq(42)); got != "42" {
		t.Fatalf("AT_SEQUENCE_NUMBER = %q", got)
	}
	if got := get(types.ShardIteratorTypeAfterSequenceNumber, seq(42)); got != "43" {
		t.Fatalf("AFTER_SEQUENCE_NUMBER = %q", got)
	}
	if got := get(types.ShardIteratorTypeTrimHorizon, ""); got != "0" {
		t.Fatalf("TRIM_HORIZON = %q", got)
	}
	if got := get(types.ShardIteratorTypeLatest, ""); got != "" {
		t.Fatalf("LATEST = %q", got)
	}
}

func TestGetRecordsLimits(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "big", 1)
	for b := 0; b < 21; b++ {
		var entries []types.PutRecordsRequestEntry
		for i := 0; i < 500; i++ {
			entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: []byte{byte(i)}})
		}
		if _, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("big"), Records: entries}); err != nil {
			t.Fatal(err)
		}
	}
	it, _ := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("big"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil || len(out.Records) != 10000 || aws.ToInt64(out.MillisBehindLatest) < 0 {
		t.Fatalf("first call: %v, %d records", err, len(out.Records))
	}
	out, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: out.NextShardIterator})
	if err != nil || len(out.Records) != 500 || aws.ToInt64(out.MillisBehindLatest) != 0 {
		t.Fatalf("second call: %v, %d records, behind %d", err, len(out.Records), aws.ToInt64(out.MillisBehindLatest))
	}

	// At most 10 MiB per call.
	createStream(t, c, "huge", 1)
	blob := make([]byte, 1000*1024)
	for i := 0; i < 12; i++ {
		if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("huge"), PartitionKey: aws.String("k"), Data: blob}); err != nil {
			t.Fatal(err)
		}
	}
	it, _ = c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("huge"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	out, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	size := 0
	for _, r := range out.Records {
		size += len(r.Data) + len(*r.PartitionKey)
	}
	if err != nil || len(out.Records) == 0 || len(out.Records) == 12 || size > 10<<20 || aws.ToInt64(out.MillisBehindLatest) <= 0 {
		t.Fatalf("10 MiB call: %v, %d records, %d bytes, behind %d", err, len(out.Records), size, aws.ToInt64(out.MillisBehindLatest))
	}
}
