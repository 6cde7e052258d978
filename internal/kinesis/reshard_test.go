package kinesis_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// producer writes numbered records with PutRecords until stopped and
// remembers every acknowledged one.
type producer struct {
	mu    sync.Mutex
	acked map[string]string // data -> sequence number
	next  int
}

func (p *producer) run(t *testing.T, c *kinesis.Client, stream string, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-stop:
			return
		default:
		}
		p.mu.Lock()
		base := p.next
		p.next += 25
		p.mu.Unlock()
		var entries []types.PutRecordsRequestEntry
		for i := 0; i < 25; i++ {
			n := base + i
			entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("pk-%d", n%97)), Data: []byte(fmt.Sprint(n))})
		}
		out, err := c.PutRecords(t.Context(), &kinesis.PutRecordsInput{StreamName: aws.String(stream), Records: entries})
		if err != nil {
			t.Errorf("PutRecords: %v", err)
			return
		}
		p.mu.Lock()
		for i, r := range out.Records {
			if r.ErrorCode == nil {
				p.acked[string(entries[i].Data)] = *r.SequenceNumber
			}
		}
		p.mu.Unlock()
	}
}

// readAll reads every shard of the stream from TRIM_HORIZON, parents before
// children, and returns every record's data with how often it was seen.
func readAll(t *testing.T, c *kinesis.Client, stream string) map[string]int {
	t.Helper()
	shards, err := c.ListShards(ctxT(t), &kinesis.ListShardsInput{StreamName: aws.String(stream)})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, sh := range shards.Shards {
		recs, _ := readShard(t, c, stream, *sh.ShardId)
		for _, r := range recs {
			seen[string(r.Data)]++
		}
	}
	return seen
}

func TestReshardWhileProducing(t *testing.T) {
	c, _ := newClient(t, withDelay(50*time.Millisecond))
	ctx := ctxT(t)
	createStream(t, c, "live", 2)
	p := &producer{acked: map[string]string{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go p.run(t, c, "live", stop, &wg)
	}
	time.Sleep(100 * time.Millisecond)
	// Split shard 0 in the middle of its range.
	if _, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("live"), ShardToSplit: aws.String("shardId-000000000000"),
		NewStartingHashKey: aws.String("85070591730234615865843651857942052864")}); err != nil {
		t.Fatalf("SplitShard: %v", err)
	}
	waitActive(t, c, "live")
	time.Sleep(100 * time.Millisecond)
	// Merge the two children back together.
	if _, err := c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: aws.String("live"), ShardToMerge: aws.String("shardId-000000000002"),
		AdjacentShardToMerge: aws.String("shardId-000000000003")}); err != nil {
		t.Fatalf("MergeShards: %v", err)
	}
	waitActive(t, c, "live")
	time.Sleep(100 * time.Millisecond)
	if _, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("live"), TargetShardCount: aws.Int32(3),
		ScalingType: types.ScalingTypeUniformScaling}); err != nil {
		t.Fatalf("UpdateShardCount: %v", err)
	}
	waitActive(t, c, "live")
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()

	seen := readAll(t, c, "live")
	if len(p.acked) < 100 {
		t.Fatalf("only %d records acknowledged", len(p.acked))
	}
	for data := range p.acked {
		if seen[data] != 1 {
			t.Fatalf("record %s seen %d times", data, seen[data])
		}
	}
	for data, n := range seen {
		if _, ok := p.acked[data]; !ok || n != 1 {
			t.Fatalf("record %s read %d times but acked=%v", data, n, ok)
		}
	}
	sum := waitActive(t, c, "live")
	if *sum.OpenShardCount != 3 {
		t.Fatalf("open shards %d, want 3", *sum.OpenShardCount)
	}
}

func TestReshardLineage(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "tree", 2)
	if _, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("tree"), ShardToSplit: aws.String("shardId-000000000001"),
		NewStartingHashKey: aws.String("255211775190703847597530955573826158592")}); err != nil {
		t.Fatal(err)
	}
	waitActive(t, c, "tree")
	// The parent is closed: its range ends, its children point at it, and
	// reading it to the end hands over the children.
	d, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("tree")})
	if err != nil {
		t.Fatal(err)
	}
	sh := d.StreamDescription.Shards
	if len(sh) != 4 || sh[1].SequenceNumberRange.EndingSequenceNumber == nil || *sh[2].ParentShardId != "shardId-000000000001" ||
		*sh[3].ParentShardId != "shardId-000000000001" || *sh[3].HashKeyRange.StartingHashKey != "255211775190703847597530955573826158592" {
		t.Fatalf("shards after split: %+v", sh)
	}
	_, children := readShard(t, c, "tree", "shardId-000000000001")
	var ids []string
	for _, ch := range children {
		ids = append(ids, *ch.ShardId)
		if len(ch.ParentShards) != 1 || ch.ParentShards[0] != "shardId-000000000001" {
			t.Fatalf("child parents %v", ch.ParentShards)
		}
	}
	sort.Strings(ids)
	if fmt.Sprint(ids) != "[shardId-000000000002 shardId-000000000003]" {
		t.Fatalf("children %v", ids)
	}
	open, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("tree"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtLatest}})
	if err != nil || len(open.Shards) != 3 {
		t.Fatalf("open shards: %v %d", err, len(open.Shards))
	}
	// Splitting the closed parent again is refused.
	_, err = c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("tree"), ShardToSplit: aws.String("shardId-000000000001"),
		NewStartingHashKey: aws.String("255211775190703847597530955573826158592")})
	if apiCode(err) != "InvalidArgumentException" {
		t.Fatalf("split closed shard: %v", err)
	}
	// UpdateShardCount goes through splits and merges with at most two parents.
	if _, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("tree"), TargetShardCount: aws.Int32(2),
		ScalingType: types.ScalingTypeUniformScaling}); err != nil {
		t.Fatal(err)
	}
	waitActive(t, c, "tree")
	open, _ = c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("tree"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtLatest}})
	if len(open.Shards) != 2 || *open.Shards[0].HashKeyRange.EndingHashKey != "170141183460469231731687303715884105727" {
		t.Fatalf("after UpdateShardCount: %+v", open.Shards)
	}
}
