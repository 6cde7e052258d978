package kinesis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/nubo-dev/nubo/internal/config"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// newClient starts nubo and returns a Kinesis client for it.
func newClient(t *testing.T, opts ...nubotest.Option) (*kinesis.Client, *nubotest.Server) {
	t.Helper()
	s := nubotest.Start(t, opts...)
	return kinesis.NewFromConfig(s.Config()), s
}

func withThrottle(o *config.Options)            { o.KinesisThrottle = true }
func withDelay(d time.Duration) nubotest.Option { return func(o *config.Options) { o.StatusDelay = d } }
func ctxT(t *testing.T) context.Context         { return t.Context() }
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// createStream creates a provisioned stream and waits until it is ACTIVE.
func createStream(t *testing.T, c *kinesis.Client, name string, shards int32) {
	t.Helper()
	ctx := ctxT(t)
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(shards)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	waitActive(t, c, name)
}

func waitActive(t *testing.T, c *kinesis.Client, name string) *types.StreamDescriptionSummary {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, err := c.DescribeStreamSummary(ctxT(t), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			t.Fatalf("DescribeStreamSummary: %v", err)
		}
		if out.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			return out.StreamDescriptionSummary
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("stream %s never became ACTIVE", name)
	return nil
}

// readShard reads a shard from TRIM_HORIZON until it is caught up (open
// shard) or ended (closed shard), returning its records and child shards.
func readShard(t *testing.T, c *kinesis.Client, stream, shardID string) ([]types.Record, []types.ChildShard) {
	t.Helper()
	ctx := ctxT(t)
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(stream), ShardId: aws.String(shardID),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatalf("GetShardIterator %s: %v", shardID, err)
	}
	var recs []types.Record
	iter := it.ShardIterator
	for iter != nil {
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			t.Fatalf("GetRecords %s: %v", shardID, err)
		}
		recs = append(recs, out.Records...)
		if out.NextShardIterator == nil {
			return recs, out.ChildShards
		}
		if len(out.Records) == 0 && aws.ToInt64(out.MillisBehindLatest) == 0 {
			return recs, nil
		}
		iter = out.NextShardIterator
	}
	return recs, nil
}
