package kinesis_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// TestPowerLoss runs nubo on a crashable in-memory filesystem, takes a
// crash clone (only fsynced data survives) while writers are busy, and
// checks that a nubo started on the clone has every record acknowledged
// before the crash, exactly once.
func TestPowerLoss(t *testing.T) {
	fs := vfs.NewCrashableMem()
	s := nubotest.StartOn(t, fs, "/data")
	c := kinesis.NewFromConfig(s.Config())
	createStream(t, c, "power", 3)

	var mu sync.Mutex
	acked := map[string]string{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; ; b++ {
				select {
				case <-stop:
					return
				default:
				}
				var entries []types.PutRecordsRequestEntry
				for i := 0; i < 20; i++ {
					entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint(w, i)), Data: []byte(fmt.Sprintf("w%d-b%d-r%d", w, b, i))})
				}
				out, err := c.PutRecords(t.Context(), &kinesis.PutRecordsInput{StreamName: aws.String("power"), Records: entries})
				if err != nil {
					continue
				}
				mu.Lock()
				for i, r := range out.Records {
					if r.ErrorCode == nil {
						acked[string(entries[i].Data)] = *r.SequenceNumber
					}
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	before := make(map[string]string, len(acked))
	for k, v := range acked {
		before[k] = v
	}
	mu.Unlock()
	clone := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 0})
	close(stop)
	wg.Wait()

	s2 := nubotest.StartOn(t, clone, "/data")
	c2 := kinesis.NewFromConfig(s2.Config())
	waitActive(t, c2, "power")
	seen := map[string]int{}
	for i := 0; i < 3; i++ {
		recs, _ := readShard(t, c2, "power", fmt.Sprintf("shardId-%012d", i))
		for _, r := range recs {
			seen[string(r.Data)]++
			if want, ok := before[string(r.Data)]; ok && want != *r.SequenceNumber {
				t.Fatalf("record %s has sequence number %s, acknowledged %s", r.Data, *r.SequenceNumber, want)
			}
		}
	}
	for d := range before {
		if seen[d] != 1 {
			t.Fatalf("acknowledged record %s read %d times after power loss", d, seen[d])
		}
	}
	for d, n := range seen {
		if n != 1 {
			t.Fatalf("record %s read %d times", d, n)
		}
	}
	t.Logf("%d acknowledged before the crash, %d recovered", len(before), len(seen))
}
