package benchload

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func init() { tools["s3"] = benchS3 }

// s3Bench is one run's settings.
type s3Bench struct {
	target
	bucket      string
	op          string
	size        int64
	concurrency int
	duration    time.Duration
	objects     int
}

// benchS3 drives PutObject and/or GetObject from concurrent workers with
// aws-sdk-go-v2 (default checksum behaviour: a CRC32 on every upload,
// validated on download) and reports ops/s, MiB/s and latency percentiles.
//
//	nubo bench s3 --endpoint URL --size 4KiB --concurrency 8 --duration 10s [--op put|get|mixed]
func benchS3(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench s3", flag.ContinueOnError)
	var b s3Bench
	var size string
	b.register(fs, "S3 endpoint URL", "test", "test")
	fs.StringVar(&b.bucket, "bucket", "nubo-bench", "bucket to use (created if missing)")
	fs.StringVar(&b.op, "op", "put", "operation: put, get or mixed (half each)")
	fs.StringVar(&size, "size", "4KiB", "object size (e.g. 4KiB, 1MiB, 64MiB)")
	fs.IntVar(&b.concurrency, "concurrency", 8, "concurrent workers")
	fs.DurationVar(&b.duration, "duration", 10*time.Second, "how long to run")
	fs.IntVar(&b.objects, "objects", 0, "distinct keys to read for get/mixed (default 16 per worker, at most 1 GiB of data)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	n, err := parseByteSize(size)
	if err != nil {
		return err
	}
	b.size = n
	if b.op != "put" && b.op != "get" && b.op != "mixed" {
		return fmt.Errorf("--op must be put, get or mixed, not %q", b.op)
	}
	if b.concurrency < 1 || b.duration <= 0 {
		return errors.New("need --concurrency >= 1 and --duration > 0")
	}
	if b.objects == 0 {
		b.objects = max(1, min(16*b.concurrency, int((1<<30)/max(b.size, 1))))
	}
	return b.run(context.Background(), out)
}

// client builds an S3 client for the target with the checksum defaults
// that LoadDefaultConfig gives.
func (b *s3Bench) client() *s3.Client {
	cfg := b.config(b.concurrency * 2)
	cfg.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenSupported
	cfg.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenSupported
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

// s3Stats collects one worker's results.
type s3Stats struct {
	latencies []time.Duration
	bytes     int64
	errors    int
	lastErr   error
}

func (b *s3Bench) run(ctx context.Context, out io.Writer) error {
	c := b.client()
	if err := ensureBucket(ctx, c, b.bucket); err != nil {
		return err
	}
	body := make([]byte, b.size)
	rand.Read(body)
	if b.op != "put" {
		fmt.Fprintf(out, "writing %d objects of %s to read back...\n", b.objects, formatSize(b.size))
		if err := b.populate(ctx, c, body); err != nil {
			return err
		}
	}
	runCtx, cancel := context.WithTimeout(ctx, b.duration)
	defer cancel()
	stats := make([]s3Stats, b.concurrency)
	var seq atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := range stats {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			b.worker(runCtx, c, body, w, &seq, &stats[w])
		}(w)
	}
	wg.Wait()
	b.report(out, stats, time.Since(start))
	return nil
}

func (b *s3Bench) readKey(i int) string { return fmt.Sprintf("bench-%d/obj-%06d", b.size, i) }

// populate writes the objects that get and mixed runs read.
func (b *s3Bench) populate(ctx context.Context, c *s3.Client, body []byte) error {
	var wg sync.WaitGroup
	errs := make(chan error, b.concurrency)
	next := atomic.Int64{}
	for w := 0; w < b.concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < b.objects; i = int(next.Add(1)) - 1 {
				if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(b.readKey(i)), Body: bytes.NewReader(body)}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// worker runs operations until ctx ends; in a mixed run even-numbered
// workers write and odd-numbered ones read.
func (b *s3Bench) worker(ctx context.Context, c *s3.Client, body []byte, w int, seq *atomic.Int64, st *s3Stats) {
	put := b.op == "put" || b.op == "mixed" && w%2 == 0
	buf := make([]byte, 256<<10)
	for i := 0; ctx.Err() == nil; i++ {
		t0 := time.Now()
		var n int64
		var err error
		if put {
			key := fmt.Sprintf("bench-%d/put-%d-%d", b.size, w, seq.Add(1))
			_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(key), Body: bytes.NewReader(body)})
			n = b.size
		} else {
			n, err = b.get(ctx, c, b.readKey((w*7919+i)%b.objects), buf)
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			st.errors++
			st.lastErr = err
			continue
		}
		st.latencies = append(st.latencies, time.Since(t0))
		st.bytes += n
	}
}

func (b *s3Bench) get(ctx context.Context, c *s3.Client, key string, buf []byte) (int64, error) {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(key)})
	if err != nil {
		return 0, err
	}
	defer out.Body.Close()
	return io.CopyBuffer(io.Discard, out.Body, buf)
}

func (b *s3Bench) report(out io.Writer, stats []s3Stats, elapsed time.Duration) {
	var all []time.Duration
	var bytes int64
	errs := 0
	var lastErr error
	for _, st := range stats {
		all = append(all, st.latencies...)
		bytes += st.bytes
		errs += st.errors
		if st.lastErr != nil {
			lastErr = st.lastErr
		}
	}
	slices.Sort(all)
	secs := elapsed.Seconds()
	fmt.Fprintf(out, "s3 %s: size %s, concurrency %d, %s\n", b.op, formatSize(b.size), b.concurrency, elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "  ops      %d (%.0f ops/s)\n", len(all), float64(len(all))/secs)
	fmt.Fprintf(out, "  through  %.1f MiB/s\n", float64(bytes)/secs/(1<<20))
	if len(all) > 0 {
		fmt.Fprintf(out, "  latency  %s\n", latencySummary(all))
	}
	if errs > 0 {
		fmt.Fprintf(out, "  errors   %d (last: %v)\n", errs, lastErr)
	}
}
