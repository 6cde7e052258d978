package kinesis_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/nubo-dev/nubo/internal/config"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// withChannelFreshness shortens every channel's data freshness so that
// delivery tests need not wait five minutes.
func withChannelFreshness(o *config.Options) { o.KinesisChannelFreshness = 200 * time.Millisecond }

// channelFixture starts nubo with a short channel freshness, an ON_DEMAND
// stream and a bucket.
func channelFixture(t *testing.T, dir string) (*nubotest.Server, *kinesis.Client, *s3.Client, string) {
	t.Helper()
	s := nubotest.StartOn(t, vfs.Default, dir, withChannelFreshness)
	c := kinesis.NewFromConfig(s.Config())
	sc := s3.NewFromConfig(s.Config(), func(o *s3.Options) { o.UsePathStyle = true })
	return s, c, sc, ""
}

func createOnDemand(t *testing.T, c *kinesis.Client, sc *s3.Client, name string) string {
	t.Helper()
	ctx := ctxT(t)
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
		t.Fatal(err)
	}
	sum := waitActive(t, c, name)
	if _, err := sc.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("lake")}); err != nil && !strings.Contains(err.Error(), "BucketAlreadyOwnedByYou") {
		t.Fatal(err)
	}
	return *sum.StreamARN
}

func channelInput(name, streamARN string, format types.RecordFormatType, comp types.S3CompressionType) *kinesis.CreateChannelInput {
	return &kinesis.CreateChannelInput{
		ChannelName: aws.String(name), ServiceExecutionRoleARN: aws.String("arn:aws:iam::000000000000:role/r"),
		StreamConfigurationList: []types.ChannelStreamConfiguration{{StreamARN: aws.String(streamARN),
			RecordConfiguration: &types.RecordConfiguration{RecordFormatType: format}}},
		S3DestinationConfiguration: &types.S3DestinationConfiguration{StorageConfiguration: &types.S3StorageConfiguration{
			BucketARN: aws.String("arn:aws:s3:::lake"), CompressionType: comp, ExpectedBucketOwner: aws.String("000000000000"),
			OutputKeyTemplate: aws.String("out/!{stream-name}/!{yyyy}/!{channel-name}!{extension}")}},
	}
}

func waitChannelActive(t *testing.T, c *kinesis.Client, arn string) {
	t.Helper()
	for range 200 {
		out, err := c.DescribeChannel(ctxT(t), &kinesis.DescribeChannelInput{ChannelARN: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		if out.ChannelDescription.ChannelStatus == types.ChannelStatusActive {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("channel never became ACTIVE")
}

// delivered reads every object under prefix and returns their lines.
func delivered(t *testing.T, sc *s3.Client, prefix string, want int) ([]string, []string) {
	t.Helper()
	ctx := ctxT(t)
	var lines, keys []string
	for range 300 {
		lines, keys = nil, nil
		out, err := sc.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("lake"), Prefix: aws.String(prefix)})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out.Contents {
			keys = append(keys, *o.Key)
			lines = append(lines, readObjectLines(t, ctx, sc, *o.Key)...)
		}
		if len(lines) >= want {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	sort.Strings(lines)
	return lines, keys
}

func readObjectLines(t *testing.T, ctx context.Context, sc *s3.Client, key string) []string {
	g, err := sc.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("lake"), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Body.Close()
	var r io.Reader = g.Body
	if strings.HasSuffix(key, ".gz") {
		if r, err = gzip.NewReader(g.Body); err != nil {
			t.Fatal(err)
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func putN(t *testing.T, c *kinesis.Client, stream string, from, n int) []string {
	t.Helper()
	var want []string
	for i := from; i < from+n; i++ {
		v := fmt.Sprintf(`{"event":%d}`, i)
		want = append(want, v)
		if _, err := c.PutRecord(ctxT(t), &kinesis.PutRecordInput{StreamName: aws.String(stream), PartitionKey: aws.String(fmt.Sprint(i)), Data: []byte(v)}); err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(want)
	return want
}

func TestChannelDeliversToS3(t *testing.T) {
	_, c, sc, _ := channelFixture(t, t.TempDir())
	ctx := ctxT(t)
	arn := createOnDemand(t, c, sc, "events")
	// A record written before the channel exists is not backfilled.
	putN(t, c, "events", 1000, 1)
	out, err := c.CreateChannel(ctx, channelInput("to-lake", arn, types.RecordFormatTypeJson, types.S3CompressionTypeGzip))
	if err != nil {
		t.Fatal(err)
	}
	if got := out.ChannelDescription.ChannelStatus; got != types.ChannelStatusCreating && got != types.ChannelStatusActive {
		t.Fatalf("status %s", got)
	}
	chARN := *out.ChannelDescription.ChannelARN
	waitChannelActive(t, c, chARN)
	want := putN(t, c, "events", 0, 50)
	// An invalid JSON record goes to the dead-letter prefix.
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("events"), PartitionKey: aws.String("x"), Data: []byte("not json")}); err != nil {
		t.Fatal(err)
	}
	got, keys := delivered(t, sc, "out/events/", len(want))
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("delivered %v, want %v", got, want)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, fmt.Sprintf("out/events/%d/to-lake-", time.Now().UTC().Year())) || !strings.HasSuffix(k, ".json.gz") {
			t.Fatalf("key %s does not follow the template", k)
		}
	}
	dl, _ := delivered(t, sc, "error/", 1)
	if len(dl) != 1 || !strings.Contains(dl[0], "not valid JSON") {
		t.Fatalf("dead letters %v", dl)
	}
	list, err := c.ListChannels(ctx, &kinesis.ListChannelsInput{})
	if err != nil || len(list.ChannelSummaries) != 1 || list.ChannelSummaries[0].ChannelDestinationType != types.ChannelDestinationTypeS3 {
		t.Fatalf("ListChannels %+v %v", list, err)
	}
	if _, err := c.UpdateChannel(ctx, &kinesis.UpdateChannelInput{ChannelARN: aws.String(chARN),
		S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(600)}}); err != nil {
		t.Fatal(err)
	}
	waitChannelActive(t, c, chARN)
	if _, err := c.DeleteChannel(ctx, &kinesis.DeleteChannelInput{ChannelARN: aws.String(chARN)}); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		_, err = c.DescribeChannel(ctx, &kinesis.DescribeChannelInput{ChannelARN: aws.String(chARN)})
		if apiCode(err) == "ResourceNotFoundException" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("channel not deleted: %v", err)
}

func TestChannelErrors(t *testing.T) {
	_, c, sc, _ := channelFixture(t, t.TempDir())
	ctx := ctxT(t)
	arn := createOnDemand(t, c, sc, "od")
	createStream(t, c, "prov", 1)
	prov := waitActive(t, c, "prov")
	tablesDest := &types.S3TablesDestinationConfiguration{
		DeadLetterQueueS3Configuration: &types.DeadLetterQueueS3Configuration{BucketARN: aws.String("arn:aws:s3:::lake"), ExpectedBucketOwner: aws.String("000000000000")},
		S3TablesConfigurationList: []types.S3TablesConfiguration{{TableBucketARN: aws.String("arn:aws:s3tables:us-east-1:000000000000:bucket/t"),
			Namespace: aws.String("n"), TableName: aws.String("t"), CompressionType: "ZSTD"}}}
	both := channelInput("both", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone)
	both.S3TablesDestinationConfiguration = tablesDest
	tables := channelInput("tables", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone)
	tables.S3DestinationConfiguration = nil
	tables.S3TablesDestinationConfiguration = tablesDest
	if _, err := c.CreateChannel(ctx, channelInput("first", arn, types.RecordFormatTypeString, types.S3CompressionTypeZstd)); err != nil {
		t.Fatal(err)
	}
	missing := "arn:aws:kinesis:us-east-1:000000000000:channel/nope"
	cases := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"provisioned stream", func() error {
			_, err := c.CreateChannel(ctx, channelInput("p", *prov.StreamARN, types.RecordFormatTypeJson, types.S3CompressionTypeNone))
			return err
		}, "InvalidArgumentException", "ON_DEMAND"},
		{"both destinations", func() error { _, err := c.CreateChannel(ctx, both); return err }, "InvalidArgumentException", "Exactly one of"},
		{"s3 tables", func() error { _, err := c.CreateChannel(ctx, tables); return err }, "InvalidArgumentException", "nubo has no Amazon S3 Tables"},
		{"second channel on stream", func() error {
			_, err := c.CreateChannel(ctx, channelInput("second", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone))
			return err
		}, "ResourceInUseException", "already has an S3 channel"},
		{"duplicate name", func() error {
			_, err := c.CreateChannel(ctx, channelInput("first", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone))
			return err
		}, "ResourceInUseException", "Channel first under account 000000000000 already exists."},
		{"missing bucket", func() error {
			in := channelInput("nob", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone)
			in.S3DestinationConfiguration.StorageConfiguration.BucketARN = aws.String("arn:aws:s3:::absent")
			_, err := c.CreateChannel(ctx, in)
			return err
		}, "InvalidArgumentException", "Bucket absent does not exist."},
		{"freshness too low", func() error {
			in := channelInput("f", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone)
			in.S3DestinationConfiguration.DataFreshnessInSeconds = aws.Int32(10)
			_, err := c.CreateChannel(ctx, in)
			return err
		}, "ValidationException", "greater than or equal to 300"},
		{"bad template", func() error {
			in := channelInput("tpl", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone)
			in.S3DestinationConfiguration.StorageConfiguration.OutputKeyTemplate = aws.String("!{badvar}/x")
			_, err := c.CreateChannel(ctx, in)
			return err
		}, "InvalidArgumentException", "unknown variable"},
		{"describe missing", func() error {
			_, err := c.DescribeChannel(ctx, &kinesis.DescribeChannelInput{ChannelARN: aws.String(missing)})
			return err
		}, "ResourceNotFoundException", "Channel nope under account 000000000000 not found."},
		{"delete missing", func() error {
			_, err := c.DeleteChannel(ctx, &kinesis.DeleteChannelInput{ChannelARN: aws.String(missing)})
			return err
		}, "ResourceNotFoundException", "not found"},
		{"update missing", func() error {
			_, err := c.UpdateChannel(ctx, &kinesis.UpdateChannelInput{ChannelARN: aws.String(missing),
				S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(300)}})
			return err
		}, "ResourceNotFoundException", "not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err != nil && apiCode(err) == "" {
				t.Fatalf("not an API error: %v", err)
			}
			if apiCode(err) != tc.code || !strings.Contains(apiMessage(err), tc.msg) {
				t.Fatalf("got %s %q, want %s containing %q", apiCode(err), apiMessage(err), tc.code, tc.msg)
			}
		})
	}
}

func TestChannelDeliverySurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s, c, sc, _ := channelFixture(t, dir)
	arn := createOnDemand(t, c, sc, "durable")
	out, err := c.CreateChannel(ctxT(t), channelInput("keep", arn, types.RecordFormatTypeJson, types.S3CompressionTypeNone))
	if err != nil {
		t.Fatal(err)
	}
	waitChannelActive(t, c, *out.ChannelDescription.ChannelARN)
	want := putN(t, c, "durable", 0, 20)
	delivered(t, sc, "out/durable/", len(want))
	// Records written just before the stop are delivered after the restart.
	want = append(want, putN(t, c, "durable", 20, 20)...)
	sort.Strings(want)
	s.Stop()
	s2 := nubotest.StartOn(t, vfs.Default, dir, withChannelFreshness)
	c = kinesis.NewFromConfig(s2.Config())
	sc = s3.NewFromConfig(s2.Config(), func(o *s3.Options) { o.UsePathStyle = true })
	want = append(want, putN(t, c, "durable", 40, 20)...)
	sort.Strings(want)
	got, _ := delivered(t, sc, "out/durable/", len(want))
	time.Sleep(500 * time.Millisecond) // a duplicate would show up by now
	got, _ = delivered(t, sc, "out/durable/", len(want))
	if !bytes.Equal([]byte(strings.Join(got, "|")), []byte(strings.Join(want, "|"))) {
		t.Fatalf("after restart delivered %d records, want %d exactly once:\n%v", len(got), len(want), got)
	}
}
