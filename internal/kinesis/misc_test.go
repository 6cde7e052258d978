package kinesis_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func TestStatusTransitions(t *testing.T) {
	c, _ := newClient(t, withDelay(300*time.Millisecond))
	ctx := ctxT(t)
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("slow"), ShardCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("slow")})
	if err != nil || d.StreamDescriptionSummary.StreamStatus != types.StreamStatusCreating {
		t.Fatalf("right after CreateStream: %v %v", err, d)
	}
	// Records cannot be written before the stream is ACTIVE.
	_, err = c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("slow"), PartitionKey: aws.String("k"), Data: []byte("x")})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("put while CREATING: %v", err)
	}
	waitActive(t, c, "slow")
	if _, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("slow"), TargetShardCount: aws.Int32(4),
		ScalingType: types.ScalingTypeUniformScaling}); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("slow")})
	if d.StreamDescriptionSummary.StreamStatus != types.StreamStatusUpdating {
		t.Fatalf("status after UpdateShardCount %s", d.StreamDescriptionSummary.StreamStatus)
	}
	// Reads and writes go on while UPDATING; other changes wait.
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("slow"), PartitionKey: aws.String("k"), Data: []byte("x")}); err != nil {
		t.Fatalf("put while UPDATING: %v", err)
	}
	_, err = c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("slow"), ShardToSplit: aws.String("shardId-000000000000"),
		NewStartingHashKey: aws.String("1000")})
	if apiCode(err) != "ResourceInUseException" || apiMessage(err) != "Stream slow under account 000000000000 not ACTIVE, instead in state UPDATING" {
		t.Fatalf("split while UPDATING: %v", err)
	}
	sum := waitActive(t, c, "slow")
	if *sum.OpenShardCount != 4 {
		t.Fatalf("open shards %d", *sum.OpenShardCount)
	}
	if _, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("slow")}); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("slow")})
	if d.StreamDescriptionSummary.StreamStatus != types.StreamStatusDeleting {
		t.Fatalf("status after DeleteStream %s", d.StreamDescriptionSummary.StreamStatus)
	}
	time.Sleep(400 * time.Millisecond)
	_, err = c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("slow")})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("after deletion: %v", err)
	}
}

func TestThrottling(t *testing.T) {
	c, _ := newClient(t, withThrottle)
	ctx := ctxT(t)
	createStream(t, c, "tight", 1)
	// 1,000 records per second per shard: two full batches in a row exceed it.
	var entries []types.PutRecordsRequestEntry
	for i := 0; i < 500; i++ {
		entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint(i)), Data: []byte("x")})
	}
	failed := 0
	var sample *types.PutRecordsResultEntry
	for i := 0; i < 3; i++ {
		out, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("tight"), Records: entries})
		if err != nil {
			t.Fatal(err)
		}
		failed += int(*out.FailedRecordCount)
		for j := range out.Records {
			if out.Records[j].ErrorCode != nil {
				sample = &out.Records[j]
			}
		}
	}
	if failed < 400 || sample == nil || *sample.ErrorCode != "ProvisionedThroughputExceededException" ||
		*sample.ErrorMessage != "Rate exceeded for shard shardId-000000000000 in stream tight under account 000000000000." {
		t.Fatalf("failed=%d sample=%+v", failed, sample)
	}
	// PutRecord answers the error itself: 1 MiB per second per shard.
	var err error
	for i := 0; i < 5 && err == nil; i++ {
		_, err = c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("tight"), PartitionKey: aws.String("k"), Data: make([]byte, 600<<10)})
	}
	if apiCode(err) != "ProvisionedThroughputExceededException" {
		t.Fatalf("PutRecord over the limit: %v", err)
	}
	// Five GetRecords per second per shard.
	it, _ := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("tight"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeLatest})
	var throttled error
	for i := 0; i < 10 && throttled == nil; i++ {
		_, throttled = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	}
	if apiCode(throttled) != "ProvisionedThroughputExceededException" {
		t.Fatalf("GetRecords over the limit: %v", throttled)
	}
}

func TestStreamSettings(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "cfg", 1)
	name := aws.String("cfg")
	if _, err := c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: name, Tags: map[string]string{"b": "2", "a": "1"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: name})
	if err != nil || len(tags.Tags) != 2 || *tags.Tags[0].Key != "a" || *tags.HasMoreTags {
		t.Fatalf("ListTagsForStream: %v %+v", err, tags)
	}
	if _, err := c.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: name, TagKeys: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	sum := waitActive(t, c, "cfg")
	arn := sum.StreamARN
	if _, err := c.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: arn, Tags: map[string]string{"c": "3"}}); err != nil {
		t.Fatal(err)
	}
	rt, err := c.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: arn})
	if err != nil || len(rt.Tags) != 2 {
		t.Fatalf("ListTagsForResource: %v %+v", err, rt)
	}
	too := map[string]string{}
	for i := 0; i < 50; i++ {
		too[fmt.Sprint("k", i)] = "v"
	}
	if _, err := c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: name, Tags: too}); apiCode(err) != "InvalidArgumentException" {
		t.Fatalf("51 tags: %v", err)
	}

	if _, err := c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: name, RetentionPeriodHours: aws.Int32(168)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{StreamName: name, EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")}); err != nil {
		t.Fatal(err)
	}
	waitActive(t, c, "cfg")
	put, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("k"), Data: []byte("secret")})
	if err != nil || put.EncryptionType != types.EncryptionTypeKms {
		t.Fatalf("PutRecord on encrypted stream: %v %+v", err, put)
	}
	recs, _ := readShard(t, c, "cfg", "shardId-000000000000")
	if len(recs) != 1 || recs[0].EncryptionType != types.EncryptionTypeKms {
		t.Fatalf("records %+v", recs)
	}
	mon, err := c.EnableEnhancedMonitoring(ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: name, ShardLevelMetrics: []types.MetricsName{types.MetricsNameIncomingBytes}})
	if err != nil || len(mon.DesiredShardLevelMetrics) != 1 || len(mon.CurrentShardLevelMetrics) != 0 {
		t.Fatalf("EnableEnhancedMonitoring: %v %+v", err, mon)
	}
	if _, err := c.UpdateMaxRecordSize(ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: arn, MaxRecordSizeInKiB: aws.Int32(2048)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("k"), Data: make([]byte, 1500000)}); err != nil {
		t.Fatalf("1.5 MB record after UpdateMaxRecordSize: %v", err)
	}
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("k"), Data: make([]byte, 2<<20+1)}); apiCode(err) != "ValidationException" {
		t.Fatalf("record over the stream's limit: %v", err)
	}
	policy := `{"Version":"2012-10-17","Statement":[]}`
	if _, err := c.PutResourcePolicy(ctx, &kinesis.PutResourcePolicyInput{ResourceARN: arn, Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	gp, err := c.GetResourcePolicy(ctx, &kinesis.GetResourcePolicyInput{ResourceARN: arn})
	if err != nil || *gp.Policy != policy {
		t.Fatalf("GetResourcePolicy: %v %+v", err, gp)
	}
	final := waitActive(t, c, "cfg")
	if *final.RetentionPeriodHours != 168 || final.EncryptionType != types.EncryptionTypeKms || *final.MaxRecordSizeInKiB != 2048 ||
		len(final.EnhancedMonitoring[0].ShardLevelMetrics) != 1 {
		t.Fatalf("summary %+v", final)
	}
	if _, err := c.UpdateStreamMode(ctx, &kinesis.UpdateStreamModeInput{StreamARN: arn, StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
		t.Fatal(err)
	}
	if m := waitActive(t, c, "cfg").StreamModeDetails.StreamMode; m != types.StreamModeOnDemand {
		t.Fatalf("mode %s", m)
	}
	limits, err := c.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{})
	if err != nil || *limits.ShardLimit != 500 || *limits.OpenShardCount != 1 || *limits.OnDemandStreamCount != 1 {
		t.Fatalf("DescribeLimits: %v %+v", err, limits)
	}
	acct, err := c.UpdateAccountSettings(ctx, &kinesis.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusEnabled}})
	if err != nil || acct.MinimumThroughputBillingCommitment.Status != types.MinimumThroughputBillingCommitmentOutputStatusEnabled {
		t.Fatalf("UpdateAccountSettings: %v %+v", err, acct)
	}
}

func TestListStreamsAndOnDemand(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	for _, n := range []string{"b", "a", "c"} {
		createStream(t, c, n, 1)
	}
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("od"), StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
		t.Fatal(err)
	}
	if sum := waitActive(t, c, "od"); *sum.OpenShardCount != 4 || sum.StreamModeDetails.StreamMode != types.StreamModeOnDemand {
		t.Fatalf("on-demand stream %+v", sum)
	}
	page, err := c.ListStreams(ctx, &kinesis.ListStreamsInput{Limit: aws.Int32(2)})
	if err != nil || fmt.Sprint(page.StreamNames) != "[a b]" || !*page.HasMoreStreams || page.NextToken == nil {
		t.Fatalf("first page %v %+v", err, page)
	}
	page, err = c.ListStreams(ctx, &kinesis.ListStreamsInput{NextToken: page.NextToken})
	if err != nil || fmt.Sprint(page.StreamNames) != "[c od]" || *page.HasMoreStreams || len(page.StreamSummaries) != 2 {
		t.Fatalf("second page %v %+v", err, page)
	}
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("od"), MaxResults: aws.Int32(3)})
	if err != nil || len(shards.Shards) != 3 || shards.NextToken == nil {
		t.Fatalf("ListShards page: %v %+v", err, shards)
	}
	shards, err = c.ListShards(ctx, &kinesis.ListShardsInput{NextToken: shards.NextToken})
	if err != nil || len(shards.Shards) != 1 || *shards.Shards[0].ShardId != "shardId-000000000003" {
		t.Fatalf("ListShards next page: %v %+v", err, shards)
	}
}
