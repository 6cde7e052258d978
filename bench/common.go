package benchload

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/nubo-dev/nubo/internal/sdkhttp"
)

// target is the endpoint a load tool drives and the identity it signs as;
// every tool takes the same four flags for it.
type target struct {
	endpoint, accessKey, secretKey, region string
}

// register adds --endpoint, --access-key, --secret-key and --region to fs,
// with the given endpoint description and default keys.
func (t *target) register(fs *flag.FlagSet, endpointUsage, accessKey, secretKey string) {
	fs.StringVar(&t.endpoint, "endpoint", "http://127.0.0.1:4566", endpointUsage)
	fs.StringVar(&t.accessKey, "access-key", accessKey, "access key")
	fs.StringVar(&t.secretKey, "secret-key", secretKey, "secret key")
	fs.StringVar(&t.region, "region", "us-east-1", "signing region")
}

// config builds an SDK configuration by hand: LoadDefaultConfig would read
// the environment's shared profile and CA bundle. Retries are off so that
// every measured call is one request, and idle connections are kept for up
// to conns concurrent callers.
func (t target) config(conns int) aws.Config {
	return aws.Config{
		Region:           t.region,
		Credentials:      credentials.NewStaticCredentialsProvider(t.accessKey, t.secretKey, ""),
		BaseEndpoint:     aws.String(t.endpoint),
		HTTPClient:       &http.Client{Transport: sdkhttp.Transport(&http.Transport{MaxIdleConnsPerHost: conns})},
		RetryMaxAttempts: 1,
	}
}

// envOr returns the environment variable k, or def when it is unset.
func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// ensureBucket creates a bucket unless the caller already has it.
func ensureBucket(ctx context.Context, c *s3.Client, name string) error {
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	if err == nil {
		return nil
	}
	var ae interface{ ErrorCode() string }
	if errors.As(err, &ae) && (ae.ErrorCode() == "BucketAlreadyOwnedByYou" || ae.ErrorCode() == "BucketAlreadyExists") {
		return nil
	}
	return err
}

// parseByteSize reads "1024", "4KiB", "64MiB", "1GiB" (also KB, MB, GB, and
// K and M for KiB and MiB).
func parseByteSize(s string) (int64, error) {
	units := []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3},
		{"K", 1 << 10}, {"M", 1 << 20}, {"B", 1}}
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

// formatSize writes n in the largest binary unit that divides it.
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

// percentile returns the p-th quantile (0 to 1) of sorted, which must not
// be empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[int(float64(len(sorted)-1)*p)]
}

// latencySummary renders sorted latencies as p50, p99 and max, to the
// microsecond; sorted must not be empty.
func latencySummary(sorted []time.Duration) string {
	us := time.Microsecond
	return fmt.Sprintf("p50 %s  p99 %s  max %s",
		percentile(sorted, 0.50).Round(us), percentile(sorted, 0.99).Round(us), sorted[len(sorted)-1].Round(us))
}
