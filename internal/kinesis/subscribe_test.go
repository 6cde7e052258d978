package kinesis_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// registerConsumer registers a consumer and waits until it is ACTIVE.
func registerConsumer(t *testing.T, c *kinesis.Client, streamARN, name string) string {
	t.Helper()
	ctx := ctxT(t)
	out, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(streamARN), ConsumerName: aws.String(name)})
	if err != nil {
		t.Fatalf("RegisterStreamConsumer: %v", err)
	}
	arn := *out.Consumer.ConsumerARN
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		d, err := c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(arn)})
		if err != nil {
			t.Fatalf("DescribeStreamConsumer: %v", err)
		}
		if d.ConsumerDescription.ConsumerStatus == types.ConsumerStatusActive {
			return arn
		}
	}
	t.Fatal("consumer never became ACTIVE")
	return ""
}

func TestConsumerLifecycle(t *testing.T) {
	c, _ := newClient(t, withDelay(100*time.Millisecond))
	ctx := ctxT(t)
	createStream(t, c, "efo", 1)
	sum := waitActive(t, c, "efo")
	out, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: sum.StreamARN, ConsumerName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Consumer.ConsumerStatus != types.ConsumerStatusCreating {
		t.Fatalf("new consumer status %s, want CREATING", out.Consumer.ConsumerStatus)
	}
	_, err = c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: sum.StreamARN, ConsumerName: aws.String("app")})
	if apiCode(err) != "ResourceInUseException" {
		t.Fatalf("duplicate consumer: %v", err)
	}
	arn := registerConsumer(t, c, *sum.StreamARN, "app2")
	list, err := c.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: sum.StreamARN})
	if err != nil || len(list.Consumers) != 2 {
		t.Fatalf("ListStreamConsumers: %v %+v", err, list)
	}
	if _, err := c.DeregisterStreamConsumer(ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	_, err = c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(arn)})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("deregistered consumer: %v", err)
	}
	// A stream with consumers is only deleted when asked to enforce it.
	_, err = c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("efo")})
	if apiCode(err) != "ResourceInUseException" {
		t.Fatalf("DeleteStream with consumers: %v", err)
	}
	if _, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("efo"), EnforceConsumerDeletion: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
}

// subscribeAll subscribes to a shard and collects records until want have
// arrived.
func subscribeAll(t *testing.T, c *kinesis.Client, consumerARN, shard string, want int) []types.Record {
	t.Helper()
	out, err := c.SubscribeToShard(ctxT(t), &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(consumerARN), ShardId: aws.String(shard),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}})
	if err != nil {
		t.Fatalf("SubscribeToShard: %v", err)
	}
	stream := out.GetStream()
	defer stream.Close()
	var recs []types.Record
	timeout := time.After(15 * time.Second)
	for len(recs) < want {
		select {
		case ev, ok := <-stream.Events():
			if !ok {
				t.Fatalf("event stream ended after %d records: %v", len(recs), stream.Err())
			}
			e, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
			if !ok {
				t.Fatalf("unexpected event %T", ev)
			}
			if e.Value.ContinuationSequenceNumber == nil || e.Value.MillisBehindLatest == nil {
				t.Fatalf("event lacks required members: %+v", e.Value)
			}
			recs = append(recs, e.Value.Records...)
		case <-timeout:
			t.Fatalf("timed out with %d of %d records", len(recs), want)
		}
	}
	return recs
}

func TestSubscribeToShard(t *testing.T) {
	c, _ := newClient(t)
	ctx := ctxT(t)
	createStream(t, c, "fan", 1)
	sum := waitActive(t, c, "fan")
	arn := registerConsumer(t, c, *sum.StreamARN, "reader")
	for i := 0; i < 20; i++ {
		if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("fan"), PartitionKey: aws.String("k"), Data: []byte(fmt.Sprint(i))}); err != nil {
			t.Fatal(err)
		}
	}
	// Records written while subscribed are pushed as they arrive.
	go func() {
		time.Sleep(200 * time.Millisecond)
		for i := 20; i < 30; i++ {
			c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("fan"), PartitionKey: aws.String("k"), Data: []byte(fmt.Sprint(i))})
		}
	}()
	recs := subscribeAll(t, c, arn, "shardId-000000000000", 30)
	for i, r := range recs {
		if string(r.Data) != fmt.Sprint(i) {
			t.Fatalf("record %d = %s", i, r.Data)
		}
	}
	// An unknown consumer is an ordinary error response.
	_, err := c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(arn + "0"), ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("unknown consumer: %v", err)
	}
}

// TestSubscribeToShardH2C runs the SDK's event stream over cleartext HTTP/2.
func TestSubscribeToShardH2C(t *testing.T) {
	_, s := newClient(t)
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	cfg := s.Config()
	seen := make(chan string, 16)
	cfg.HTTPClient = &http.Client{Transport: protoRecorder{&http.Transport{Protocols: &protocols}, seen}}
	c := kinesis.NewFromConfig(cfg)
	ctx := ctxT(t)
	createStream(t, c, "h2", 1)
	sum := waitActive(t, c, "h2")
	arn := registerConsumer(t, c, *sum.StreamARN, "reader")
	for i := 0; i < 5; i++ {
		if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("h2"), PartitionKey: aws.String("k"), Data: []byte(fmt.Sprint(i))}); err != nil {
			t.Fatal(err)
		}
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("h2"), PartitionKey: aws.String("k"), Data: []byte("5")})
	}()
	if recs := subscribeAll(t, c, arn, "shardId-000000000000", 6); len(recs) != 6 {
		t.Fatalf("got %d records", len(recs))
	}
	if p := <-seen; p != "HTTP/2.0" {
		t.Fatalf("protocol %s, want HTTP/2.0", p)
	}
}

type protoRecorder struct {
	rt   http.RoundTripper
	seen chan string
}

func (p protoRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := p.rt.RoundTrip(r)
	if err == nil {
		select {
		case p.seen <- resp.Proto:
		default:
		}
	}
	return resp, err
}

// TestShutdownEndsSubscriptions checks that a graceful shutdown ends open
// SubscribeToShard streams at once instead of waiting for them.
func TestShutdownEndsSubscriptions(t *testing.T) {
	c, s := newClient(t)
	createStream(t, c, "bye", 1)
	sum := waitActive(t, c, "bye")
	arn := registerConsumer(t, c, *sum.StreamARN, "reader")
	out, err := c.SubscribeToShard(ctxT(t), &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(arn), ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	start := time.Now()
	s.Stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("shutdown took %s with a subscription open", d)
	}
	for range stream.Events() {
	}
}

// TestSubscriptionEndsOnDeregister checks that deregistering the consumer
// ends its subscription with ResourceNotFoundException.
func TestSubscriptionEndsOnDeregister(t *testing.T) {
	c, _ := newClient(t)
	createStream(t, c, "dereg", 1)
	sum := waitActive(t, c, "dereg")
	arn := registerConsumer(t, c, *sum.StreamARN, "reader")
	out, err := c.SubscribeToShard(ctxT(t), &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(arn), ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	if _, err := c.DeregisterStreamConsumer(ctxT(t), &kinesis.DeregisterStreamConsumerInput{ConsumerARN: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-stream.Events():
			if ok {
				continue
			}
			var nf *types.ResourceNotFoundException
			if !errors.As(stream.Err(), &nf) {
				t.Fatalf("stream ended with %v, want ResourceNotFoundException", stream.Err())
			}
			return
		case <-timeout:
			t.Fatal("subscription outlived its consumer")
		}
	}
}
