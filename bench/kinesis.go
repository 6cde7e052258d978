package benchload

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func init() { tools["kinesis"] = benchKinesis }

// kinesisBench is one run's settings.
type kinesisBench struct {
	target
	stream     string
	shards     int
	workers    int
	recordSize int
	batch      int
	duration   time.Duration
	efo        bool
	serverPID  int
}

// benchKinesis drives a stream with PutRecords from several workers while
// one reader per shard (GetRecords polling, or SubscribeToShard with --efo)
// reads everything back, and reports throughput and put-to-get latency.
func benchKinesis(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench kinesis", flag.ContinueOnError)
	var b kinesisBench
	var size string
	b.register(fs, "Kinesis endpoint URL", envOr("AWS_ACCESS_KEY_ID", "test"), envOr("AWS_SECRET_ACCESS_KEY", "test"))
	fs.StringVar(&b.stream, "stream", "", "stream name (default: a new bench-<time> stream, deleted afterwards)")
	fs.IntVar(&b.shards, "shards", 4, "shards of the stream")
	fs.IntVar(&b.workers, "workers", 4, "concurrent PutRecords writers")
	fs.StringVar(&size, "record-size", "1KiB", "bytes per record (e.g. 100, 1KiB, 1MiB)")
	fs.IntVar(&b.batch, "batch", 500, "records per PutRecords call")
	fs.DurationVar(&b.duration, "duration", 10*time.Second, "how long to write")
	fs.BoolVar(&b.efo, "efo", false, "read with enhanced fan-out (SubscribeToShard) instead of GetRecords")
	fs.IntVar(&b.serverPID, "server-pid", 0, "PID of a local nubo, to report records per server CPU-second")
	if err := fs.Parse(args); err != nil {
		return err
	}
	n, err := parseByteSize(size)
	if err != nil {
		return err
	}
	b.recordSize = int(min(n, 1<<30))
	if b.recordSize < 16 || b.batch < 1 || b.batch > 500 || b.workers < 1 || b.shards < 1 {
		return errors.New("need --record-size >= 16, 1 <= --batch <= 500, --workers >= 1, --shards >= 1")
	}
	return b.run(out)
}

// kinesisClient builds a client for the target; the writers and the
// readers share its connections.
func (b *kinesisBench) kinesisClient() *kinesis.Client {
	return kinesis.NewFromConfig(b.config(256))
}

// kinesisStats accumulates a run's counters.
type kinesisStats struct {
	written, writeBytes, throttled atomic.Int64
	read, readBytes                atomic.Int64
	mu                             sync.Mutex
	latencies                      []time.Duration
}

func (s *kinesisStats) addLatencies(l []time.Duration) {
	s.mu.Lock()
	s.latencies = append(s.latencies, l...)
	s.mu.Unlock()
}

func (b *kinesisBench) run(out io.Writer) error {
	ctx := context.Background()
	c := b.kinesisClient()
	created := b.stream == ""
	if created {
		b.stream = fmt.Sprintf("bench-%d", time.Now().UnixNano())
		if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(b.stream), ShardCount: aws.Int32(int32(b.shards))}); err != nil {
			return fmt.Errorf("CreateStream: %w", err)
		}
		defer c.DeleteStream(context.Background(), &kinesis.DeleteStreamInput{StreamName: aws.String(b.stream), EnforceConsumerDeletion: aws.Bool(true)})
	}
	arn, err := waitStreamActive(ctx, c, b.stream)
	if err != nil {
		return err
	}
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(b.stream)})
	if err != nil {
		return fmt.Errorf("ListShards: %w", err)
	}
	var st kinesisStats
	readCtx, stopReaders := context.WithCancel(ctx)
	defer stopReaders()
	var readers sync.WaitGroup
	if err := b.startReaders(readCtx, c, arn, shards.Shards, &st, &readers); err != nil {
		return err
	}
	cpu0, _ := processCPU(b.serverPID)
	start := time.Now()
	b.writeFor(ctx, c, &st)
	elapsed := time.Since(start)
	// Give the readers a moment to catch up with the last writes.
	for deadline := time.Now().Add(5 * time.Second); st.read.Load() < st.written.Load() && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cpu1, cpuErr := processCPU(b.serverPID)
	stopReaders()
	readers.Wait()
	b.report(out, &st, elapsed, cpu1-cpu0, cpuErr)
	return nil
}

func waitStreamActive(ctx context.Context, c *kinesis.Client, name string) (string, error) {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		d, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			return "", fmt.Errorf("DescribeStreamSummary: %w", err)
		}
		if d.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			return *d.StreamDescriptionSummary.StreamARN, nil
		}
	}
	return "", fmt.Errorf("stream %s did not become ACTIVE", name)
}

// writeFor runs the writers for the configured duration. Each record
// starts with its send time (Unix ns) so readers can measure put-to-get.
func (b *kinesisBench) writeFor(ctx context.Context, c *kinesis.Client, st *kinesisStats) {
	var wg sync.WaitGroup
	deadline := time.Now().Add(b.duration)
	for w := 0; w < b.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			payload := make([]byte, b.recordSize)
			rand.Read(payload)
			entries := make([]types.PutRecordsRequestEntry, b.batch)
			for i := range entries {
				entries[i].PartitionKey = aws.String(fmt.Sprintf("w%d-%d", w, i))
			}
			for time.Now().Before(deadline) {
				now := time.Now().UnixNano()
				for i := range entries {
					d := slices.Clone(payload)
					binary.BigEndian.PutUint64(d, uint64(now))
					entries[i].Data = d
				}
				res, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String(b.stream), Records: entries})
				if err != nil {
					st.throttled.Add(int64(len(entries)))
					time.Sleep(10 * time.Millisecond)
					continue
				}
				ok := len(entries) - int(aws.ToInt32(res.FailedRecordCount))
				st.written.Add(int64(ok))
				st.writeBytes.Add(int64(ok * b.recordSize))
				st.throttled.Add(int64(aws.ToInt32(res.FailedRecordCount)))
			}
		}()
	}
	wg.Wait()
}

// startReaders starts one reader per shard.
func (b *kinesisBench) startReaders(ctx context.Context, c *kinesis.Client, streamARN string, shards []types.Shard, st *kinesisStats, wg *sync.WaitGroup) error {
	if !b.efo {
		for _, sh := range shards {
			it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(b.stream), ShardId: sh.ShardId,
				ShardIteratorType: types.ShardIteratorTypeLatest})
			if err != nil {
				return fmt.Errorf("GetShardIterator: %w", err)
			}
			wg.Add(1)
			go b.poll(ctx, c, it.ShardIterator, st, wg)
		}
		return nil
	}
	reg, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(streamARN), ConsumerName: aws.String("bench")})
	if err != nil {
		return fmt.Errorf("RegisterStreamConsumer: %w", err)
	}
	arn := reg.Consumer.ConsumerARN
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		d, err := c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: arn})
		if err == nil && d.ConsumerDescription.ConsumerStatus == types.ConsumerStatusActive {
			break
		}
		if time.Now().After(deadline) {
			return errors.New("consumer did not become ACTIVE")
		}
	}
	for _, sh := range shards {
		wg.Add(1)
		go b.subscribe(ctx, c, arn, sh.ShardId, st, wg)
	}
	// Let every subscription start before writing.
	time.Sleep(200 * time.Millisecond)
	return nil
}

func (b *kinesisBench) poll(ctx context.Context, c *kinesis.Client, it *string, st *kinesisStats, wg *sync.WaitGroup) {
	defer wg.Done()
	for it != nil && ctx.Err() == nil {
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it})
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		b.account(out.Records, st)
		it = out.NextShardIterator
		if len(out.Records) == 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
}

func (b *kinesisBench) subscribe(ctx context.Context, c *kinesis.Client, consumer, shard *string, st *kinesisStats, wg *sync.WaitGroup) {
	defer wg.Done()
	pos := &types.StartingPosition{Type: types.ShardIteratorTypeLatest}
	for ctx.Err() == nil {
		out, err := c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: consumer, ShardId: shard, StartingPosition: pos})
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		es := out.GetStream()
		for ev := range es.Events() {
			e, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
			if !ok {
				continue
			}
			b.account(e.Value.Records, st)
			pos = &types.StartingPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: e.Value.ContinuationSequenceNumber}
		}
		es.Close()
	}
}

func (b *kinesisBench) account(recs []types.Record, st *kinesisStats) {
	if len(recs) == 0 {
		return
	}
	now := time.Now().UnixNano()
	lat := make([]time.Duration, 0, len(recs))
	n := 0
	for _, r := range recs {
		if len(r.Data) >= 8 {
			lat = append(lat, time.Duration(now-int64(binary.BigEndian.Uint64(r.Data))))
		}
		n += len(r.Data)
	}
	st.read.Add(int64(len(recs)))
	st.readBytes.Add(int64(n))
	st.addLatencies(lat)
}

func (b *kinesisBench) report(out io.Writer, st *kinesisStats, elapsed time.Duration, cpu float64, cpuErr error) {
	secs := elapsed.Seconds()
	mib := float64(1 << 20)
	mode := "GetRecords"
	if b.efo {
		mode = "SubscribeToShard"
	}
	fmt.Fprintf(out, "kinesis bench: %s, %d shards, %d writers, %d-byte records, %d per PutRecords, %s, reads by %s\n",
		b.endpoint, b.shards, b.workers, b.recordSize, b.batch, elapsed.Round(time.Millisecond), mode)
	fmt.Fprintf(out, "write: %10.0f rec/s %8.2f MiB/s  (%d records, %d throttled)\n",
		float64(st.written.Load())/secs, float64(st.writeBytes.Load())/mib/secs, st.written.Load(), st.throttled.Load())
	fmt.Fprintf(out, "read:  %10.0f rec/s %8.2f MiB/s  (%d records)\n",
		float64(st.read.Load())/secs, float64(st.readBytes.Load())/mib/secs, st.read.Load())
	slices.Sort(st.latencies)
	if len(st.latencies) > 0 {
		fmt.Fprintf(out, "put-to-get latency: %s\n", latencySummary(st.latencies))
	}
	switch {
	case b.serverPID == 0:
	case cpuErr != nil:
		fmt.Fprintf(out, "server CPU: %v\n", cpuErr)
	case cpu > 0:
		fmt.Fprintf(out, "server CPU: %.2f s (%.0f%% of one core); %.0f records written per server CPU-second, %.0f written+read\n",
			cpu, 100*cpu/secs, float64(st.written.Load())/cpu, float64(st.written.Load()+st.read.Load())/cpu)
	}
}

// processCPU returns a process's user+system CPU seconds from /proc.
func processCPU(pid int) (float64, error) {
	if pid == 0 {
		return 0, nil
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields resume after ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc stat format")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, errors.New("unexpected /proc stat format")
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	const ticks = 100 // USER_HZ on Linux
	return (utime + stime) / ticks, nil
}
