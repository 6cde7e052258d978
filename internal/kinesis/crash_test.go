package kinesis_test

import (
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// TestCrashUnderLoad kills nubo with SIGKILL while several writers are
// putting records, restarts it on the same data dir, and checks that every
// acknowledged record is there, in order, exactly once.
func TestCrashUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the nubo binary")
	}
	dir := t.TempDir()
	p := nubotest.StartProcess(t, dir, "--kinesis-throttle=off")
	c := kinesis.NewFromConfig(nubotest.ConfigFor(p.URL))
	createStream(t, c, "crash", 4)

	type ack struct{ seq, shard string }
	var mu sync.Mutex
	acked := map[string]ack{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; ; b++ {
				var entries []types.PutRecordsRequestEntry
				for i := 0; i < 50; i++ {
					entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("%d-%d", w, i)),
						Data: []byte(fmt.Sprintf("w%d-b%d-r%d", w, b, i))})
				}
				out, err := c.PutRecords(t.Context(), &kinesis.PutRecordsInput{StreamName: aws.String("crash"), Records: entries})
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				for i, r := range out.Records {
					if r.ErrorCode == nil {
						acked[string(entries[i].Data)] = ack{*r.SequenceNumber, *r.ShardId}
					}
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	p.Kill()
	wg.Wait()
	if len(acked) < 200 {
		t.Fatalf("only %d records acknowledged before the kill", len(acked))
	}

	p2 := nubotest.StartProcess(t, dir, "--kinesis-throttle=off")
	c2 := kinesis.NewFromConfig(nubotest.ConfigFor(p2.URL))
	waitActive(t, c2, "crash")
	seen := map[string]int{}
	for s := 0; s < 4; s++ {
		id := fmt.Sprintf("shardId-%012d", s)
		recs, _ := readShard(t, c2, "crash", id)
		prev := new(big.Int)
		for _, r := range recs {
			n, _ := new(big.Int).SetString(*r.SequenceNumber, 10)
			if n.Cmp(prev) <= 0 {
				t.Fatalf("%s: sequence numbers out of order", id)
			}
			prev = n
			d := string(r.Data)
			seen[d]++
			if a, ok := acked[d]; ok && (a.seq != *r.SequenceNumber || a.shard != id) {
				t.Fatalf("record %s read as %s/%s, acknowledged as %s/%s", d, id, *r.SequenceNumber, a.shard, a.seq)
			}
		}
	}
	for d := range acked {
		if seen[d] != 1 {
			t.Fatalf("acknowledged record %s read %d times", d, seen[d])
		}
	}
	for d, n := range seen {
		if n != 1 {
			t.Fatalf("record %s read %d times", d, n)
		}
	}
	t.Logf("%d acknowledged, %d recovered", len(acked), len(seen))
}
