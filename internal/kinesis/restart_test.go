package kinesis_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// TestStateSurvivesRestart stops nubo gracefully and starts it again on the
// same data: streams, shards (after a split), tags, consumers, records and
// even a shard iterator handed out before the restart are all still there.
func TestStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s := nubotest.StartOn(t, vfs.Default, dir)
	c := kinesis.NewFromConfig(s.Config())
	ctx := ctxT(t)
	createStream(t, c, "keep", 1)
	sum := waitActive(t, c, "keep")
	c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("keep"), Tags: map[string]string{"team": "data"}})
	registerConsumer(t, c, *sum.StreamARN, "app")
	put, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("keep"), PartitionKey: aws.String("k"), Data: []byte("before")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("keep"), ShardToSplit: aws.String("shardId-000000000000"),
		NewStartingHashKey: aws.String("170141183460469231731687303715884105728")}); err != nil {
		t.Fatal(err)
	}
	waitActive(t, c, "keep")
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("keep"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: put.SequenceNumber})
	if err != nil {
		t.Fatal(err)
	}
	s.Stop()

	s2 := nubotest.StartOn(t, vfs.Default, dir)
	c2 := kinesis.NewFromConfig(s2.Config())
	out, err := c2.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil || len(out.Records) != 1 || string(out.Records[0].Data) != "before" || out.NextShardIterator != nil || len(out.ChildShards) != 2 {
		t.Fatalf("GetRecords with a pre-restart iterator: %v %+v", err, out)
	}
	d, err := c2.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("keep")})
	if err != nil || len(d.StreamDescription.Shards) != 3 || d.StreamDescription.Shards[0].SequenceNumberRange.EndingSequenceNumber == nil {
		t.Fatalf("shards after restart: %v %+v", err, d)
	}
	tags, _ := c2.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("keep")})
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "data" {
		t.Fatalf("tags after restart: %+v", tags.Tags)
	}
	cons, _ := c2.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: sum.StreamARN})
	if len(cons.Consumers) != 1 || cons.Consumers[0].ConsumerStatus != types.ConsumerStatusActive {
		t.Fatalf("consumers after restart: %+v", cons.Consumers)
	}
	// The closed parent stays closed: new records go to the children.
	p2, err := c2.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("keep"), PartitionKey: aws.String("k"), Data: []byte("after")})
	if err != nil || *p2.ShardId == "shardId-000000000000" {
		t.Fatalf("put after restart: %v %+v", err, p2)
	}
}
