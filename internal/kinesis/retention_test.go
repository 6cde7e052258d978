package kinesis

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// fakeClock is a settable clock shared by the service and the engine.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClockedService(t *testing.T, clock *fakeClock) *Service {
	fs := vfs.NewMem()
	store, err := kv.Open(fs, "/meta")
	if err != nil {
		t.Fatal(err)
	}
	logs, err := streamlog.Open(streamlog.Options{FS: fs, Dir: "/streams", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Options{KV: store, Logs: logs, Now: clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close(); logs.Close(); store.Close() })
	return svc
}

func TestRetention(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: time.Now()}
	svc := newClockedService(t, clock)
	if _, err := svc.CreateStream(ctx, &CreateStreamInput{CreateStreamInput: kinesis.CreateStreamInput{StreamName: "r", ShardCount: ptr(int32(1))}}); err != nil {
		t.Fatal(err)
	}
	put := func(data string) {
		in := &PutRecordInput{kinesis.PutRecordInput{StreamName: "r", PartitionKey: "k", Data: []byte(data)}}
		if _, err := svc.PutRecord(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	trimHorizon := func(shard string) []string {
		it, err := svc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: "r", ShardId: shard, ShardIteratorType: "TRIM_HORIZON"})
		if err != nil {
			t.Fatal(err)
		}
		out, err := svc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range out.Records {
			got = append(got, string(r.Data))
		}
		return got
	}
	put("old")
	clock.Add(23 * time.Hour)
	put("new")
	if got := trimHorizon("shardId-000000000000"); len(got) != 2 {
		t.Fatalf("before expiry: %v", got)
	}
	clock.Add(2 * time.Hour)
	svc.sweep(ctx)
	if got := trimHorizon("shardId-000000000000"); len(got) != 1 || got[0] != "new" {
		t.Fatalf("after 25 h: %v", got)
	}
	// Split: the parent stays listed and readable until retention has
	// passed its closing time, then it is gone.
	if _, err := svc.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: "r", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "1000"}); err != nil {
		t.Fatal(err)
	}
	clock.Add(23 * time.Hour)
	svc.sweep(ctx)
	d, err := svc.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: "r"})
	if err != nil || len(d.StreamDescription.Shards) != 3 {
		t.Fatalf("before the parent expires: %v %+v", err, d)
	}
	clock.Add(2 * time.Hour)
	svc.sweep(ctx)
	d, _ = svc.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: "r"})
	if len(d.StreamDescription.Shards) != 2 || d.StreamDescription.Shards[0].ShardId != "shardId-000000000001" {
		t.Fatalf("after the parent expired: %+v", d.StreamDescription.Shards)
	}
	_, err = svc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: "r", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON"})
	if e := awsproto.AsError(err); e.Code != "ResourceNotFoundException" {
		t.Fatalf("expired shard: %v", err)
	}
}

func TestIteratorExpiry(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: time.Date(2015, 1, 22, 1, 22, 2, 0, time.UTC)}
	svc := newClockedService(t, clock)
	svc.CreateStream(ctx, &CreateStreamInput{CreateStreamInput: kinesis.CreateStreamInput{StreamName: "x", ShardCount: ptr(int32(1))}})
	it, err := svc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: "x", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(5*time.Minute + time.Second)
	_, err = svc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	e := awsproto.AsError(err)
	want := "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2015 while right now it is Thu Jan 22 01:27:03 UTC 2015 which is further in the future than the tolerated delay of 300000 milliseconds."
	if e.Code != "ExpiredIteratorException" || e.Message != want {
		t.Fatalf("got %s: %s", e.Code, e.Message)
	}
}
