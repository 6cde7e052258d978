package benchload

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithy "github.com/aws/smithy-go"
)

func init() { tools["s3"] = benchS3 }

// s3Bench is one run's settings.
type s3Bench struct {
	endpoint    string
	bucket      string
	op          string
	size        int64
	concurrency int
	duration    time.Duration
	objects     int
	accessKey   string
	secretKey   string
	region      string
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
	fs.StringVar(&b.endpoint, "endpoint", "http://127.0.0.1:4566", "S3 endpoint URL")
	fs.StringVar(&b.bucket, "bucket", "nubo-bench", "bucket to use (created if missing)")
	fs.StringVar(&b.op, "op", "put", "operation: put, get or mixed (half each)")
	fs.StringVar(&size, "size", "4KiB", "object size (e.g. 4KiB, 1MiB, 64MiB)")
	fs.IntVar(&b.concurrency, "concurrency", 8, "concurrent workers")
	fs.DurationVar(&b.duration, "duration", 10*time.Second, "how long to run")
	fs.IntVar(&b.objects, "objects", 0, "distinct keys to read for get/mixed (default 16 per worker, at most 1 GiB of data)")
	fs.StringVar(&b.accessKey, "access-key", "test", "access key")
	fs.StringVar(&b.secretKey, "secret-key", "test", "secret key")
	fs.StringVar(&b.region, "region", "us-east-1", "signing region")
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

// parseByteSize reads "1024", "4KiB", "64MiB", "1GiB" (also KB, MB, GB).
func parseByteSize(s string) (int64, error) {
	units := []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = v, u.n
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return n * mult, nil
}

// client builds an S3 client by hand (LoadDefaultConfig would read the
// environment's profile and CA bundle), with the checksum defaults that
// LoadDefaultConfig gives.
func (b *s3Bench) client() *s3.Client {
	cfg := aws.Config{
		Region:                     b.region,
		Credentials:                credentials.NewStaticCredentialsProvider(b.accessKey, b.secretKey, ""),
		BaseEndpoint:               aws.String(b.endpoint),
		HTTPClient:                 &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: b.concurrency * 2}},
		RetryMaxAttempts:           1,
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
	}
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
	if err := b.ensureBucket(ctx, c); err != nil {
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

func (b *s3Bench) ensureBucket(ctx context.Context, c *s3.Client) error {
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b.bucket)})
	var ae smithy.APIError
	if err != nil && errors.As(err, &ae) && (ae.ErrorCode() == "BucketAlreadyOwnedByYou" || ae.ErrorCode() == "BucketAlreadyExists") {
		return nil
	}
	return err
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
		fmt.Fprintf(out, "  latency  p50 %s  p99 %s  max %s\n", percentile(all, 0.50), percentile(all, 0.99), all[len(all)-1].Round(time.Microsecond))
	}
	if errs > 0 {
		fmt.Fprintf(out, "  errors   %d (last: %v)\n", errs, lastErr)
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[int(float64(len(sorted)-1)*p)].Round(time.Microsecond)
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}
