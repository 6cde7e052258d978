package kinesis_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func TestErrors(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "s", 1)
	shard0 := aws.String("shardId-000000000000")
	cases := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"describe missing", func() error {
			_, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("nope")})
			return err
		}, "ResourceNotFoundException", "Stream nope under account 000000000000 not found."},
		{"describe missing by ARN", func() error {
			_, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/nope")})
			return err
		}, "ResourceNotFoundException", "Stream nope under account 000000000000 not found."},
		{"create existing", func() error {
			_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
			return err
		}, "ResourceInUseException", "Stream s under account 000000000000 already exists."},
		{"bad stream name", func() error {
			_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("bad name"), ShardCount: aws.Int32(1)})
			return err
		}, "ValidationException", "1 validation error detected: Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"put to missing stream", func() error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("nope"), PartitionKey: aws.String("k"), Data: []byte("x")})
			return err
		}, "ResourceNotFoundException", "Stream nope under account 000000000000 not found."},
		{"explicit hash key out of range", func() error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x"),
				ExplicitHashKey: aws.String("340282366920938463463374607431768211456")})
			return err
		}, "InvalidArgumentException", "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456"},
		{"record too large", func() error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: make([]byte, 1<<20+1)})
			return err
		}, "ValidationException", "at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576"},
		{"missing shard", func() error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000009"),
				ShardIteratorType: types.ShardIteratorTypeLatest})
			return err
		}, "ResourceNotFoundException", "Shard shardId-000000000009 in stream s under account 000000000000 does not exist"},
		{"sequence number with LATEST", func() error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: shard0,
				ShardIteratorType: types.ShardIteratorTypeLatest, StartingSequenceNumber: aws.String("1")})
			return err
		}, "InvalidArgumentException", "Request specified LATEST and also a StartingSequenceNumber."},
		{"AT_SEQUENCE_NUMBER without one", func() error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: shard0,
				ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber})
			return err
		}, "InvalidArgumentException", "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber."},
		{"bad sequence number", func() error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: shard0,
				ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: aws.String("123")})
			return err
		}, "InvalidArgumentException", "StartingSequenceNumber 123 used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid."},
		{"AT_TIMESTAMP without timestamp", func() error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: shard0,
				ShardIteratorType: types.ShardIteratorTypeAtTimestamp})
			return err
		}, "InvalidArgumentException", "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP."},
		{"invalid iterator", func() error {
			_, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("AAAAAAAAAAFmb28=")})
			return err
		}, "InvalidArgumentException", "Invalid ShardIterator."},
		{"retention too long", func() error {
			_, err := c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String("s"), RetentionPeriodHours: aws.Int32(9000)})
			return err
		}, "InvalidArgumentException", "Maximum allowed retention period is 8760 hours. Requested retention period (9000 hours) is too long."},
		{"decrease to longer", func() error {
			_, err := c.DecreaseStreamRetentionPeriod(ctx, &kinesis.DecreaseStreamRetentionPeriodInput{StreamName: aws.String("s"), RetentionPeriodHours: aws.Int32(48)})
			return err
		}, "InvalidArgumentException", "Requested retention period (48 hours) for stream s can not be longer than existing retention period (24 hours). Use IncreaseRetentionPeriod API."},
		{"split at bad key", func() error {
			_, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: shard0, NewStartingHashKey: aws.String("1")})
			return err
		}, "InvalidArgumentException", "NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey 340282366920938463463374607431768211455."},
		{"merge with itself", func() error {
			_, err := c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: aws.String("s"), ShardToMerge: shard0, AdjacentShardToMerge: shard0})
			return err
		}, "InvalidArgumentException", "are not an adjacent pair of shards eligible for merging"},
		{"scale up too far", func() error {
			_, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("s"), TargetShardCount: aws.Int32(3), ScalingType: types.ScalingTypeUniformScaling})
			return err
		}, "LimitExceededException", "UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 1, Target shard count: 3"},
		{"list shards without stream", func() error {
			_, err := c.ListShards(ctx, &kinesis.ListShardsInput{})
			return err
		}, "InvalidArgumentException", "Either NextToken or StreamName should be provided."},
		{"unknown operation is answered", func() error {
			_, err := c.DescribeChannel(ctx, nil)
			return err
		}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatal("expected an error")
			}
			if tc.code != "" && apiCode(err) != tc.code {
				t.Fatalf("code %q (%v), want %s", apiCode(err), err, tc.code)
			}
			if !strings.Contains(apiMessage(err), tc.msg) {
				t.Fatalf("message %q, want %q", apiMessage(err), tc.msg)
			}
		})
	}
}
