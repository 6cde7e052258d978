package kinesis_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/fxamacker/cbor/v2"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// cborRequest builds a signed CBOR request as the Java SDK v2 sends it.
func cborRequest(t *testing.T, url, op string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", awsproto.CBORContentType)
	req.Header.Set("X-Amz-Target", "Kinesis_20131202."+op)
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	if err := v4.NewSigner().SignHTTP(t.Context(), creds, req, hex.EncodeToString(sum[:]), "kinesis", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	return req
}

// cborCall sends a CBOR request the way the Java SDK v2 does
// (Content-Type application/x-amz-cbor-1.1, SigV4-signed) and returns the
// status, headers and raw body.
func cborCall(t *testing.T, url, op string, body []byte) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(cborRequest(t, url, op, body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

// jmap writes a CBOR map as Jackson's CBORGenerator does: indefinite
// length (0xbf ... 0xff), text keys, values as given.
func jmap(kv ...[]byte) []byte {
	b := []byte{0xbf}
	for _, x := range kv {
		b = append(b, x...)
	}
	return append(b, 0xff)
}

// jtext encodes a short text string (major type 3).
func jtext(s string) []byte {
	if len(s) < 24 {
		return append([]byte{0x60 | byte(len(s))}, s...)
	}
	return append([]byte{0x78, byte(len(s))}, s...)
}

// jbytes encodes a short byte string (major type 2), as Jackson writes
// SdkBytes.
func jbytes(b []byte) []byte { return append([]byte{0x40 | byte(len(b))}, b...) }

// jtime encodes a timestamp as the Java SDK does: tag 1 (0xc1) and the
// epoch milliseconds as a 64-bit integer (0x1b).
func jtime(t time.Time) []byte {
	b := []byte{0xc1, 0x1b, 0, 0, 0, 0, 0, 0, 0, 0}
	ms := uint64(t.UnixMilli())
	for i := 0; i < 8; i++ {
		b[9-i] = byte(ms >> (8 * i))
	}
	return b
}

func TestCBORWire(t *testing.T) {
	c, s := newClient(t)
	createStream(t, c, "cbor", 1)
	before := time.Now().Add(-time.Second)

	// PutRecord with a byte-string Data.
	resp, body := cborCall(t, s.URL, "PutRecord", jmap(
		jtext("StreamName"), jtext("cbor"),
		jtext("Data"), jbytes([]byte{0x00, 0xff, 'h', 'i'}),
		jtext("PartitionKey"), jtext("pk")))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != awsproto.CBORContentType {
		t.Fatalf("PutRecord: %d %s %x", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var put map[string]string
	if err := cbor.Unmarshal(body, &put); err != nil || put["ShardId"] != "shardId-000000000000" || put["SequenceNumber"] == "" {
		t.Fatalf("PutRecord response %v %v", put, err)
	}

	// GetShardIterator AT_TIMESTAMP with a tag-1 millisecond timestamp.
	resp, body = cborCall(t, s.URL, "GetShardIterator", jmap(
		jtext("StreamName"), jtext("cbor"),
		jtext("ShardId"), jtext("shardId-000000000000"),
		jtext("ShardIteratorType"), jtext("AT_TIMESTAMP"),
		jtext("Timestamp"), jtime(before)))
	var it map[string]string
	if err := cbor.Unmarshal(body, &it); resp.StatusCode != 200 || err != nil || it["ShardIterator"] == "" {
		t.Fatalf("GetShardIterator: %d %v %x", resp.StatusCode, err, body)
	}

	// GetRecords: Data is a byte string and ApproximateArrivalTimestamp is
	// tag 1 wrapping integer epoch milliseconds.
	resp, body = cborCall(t, s.URL, "GetRecords", jmap(jtext("ShardIterator"), jtext(it["ShardIterator"])))
	if resp.StatusCode != 200 {
		t.Fatalf("GetRecords: %d %x", resp.StatusCode, body)
	}
	var out struct {
		Records []struct {
			Data                        cbor.RawMessage
			ApproximateArrivalTimestamp cbor.RawMessage
			SequenceNumber              string
		}
		NextShardIterator  string
		MillisBehindLatest int64
	}
	if err := cbor.Unmarshal(body, &out); err != nil || len(out.Records) != 1 {
		t.Fatalf("GetRecords response: %v %x", err, body)
	}
	r := out.Records[0]
	if !bytes.Equal(r.Data, jbytes([]byte{0x00, 0xff, 'h', 'i'})) {
		t.Fatalf("Data encoded as %x, want a byte string", []byte(r.Data))
	}
	if r.SequenceNumber != put["SequenceNumber"] || out.NextShardIterator == "" {
		t.Fatalf("record %+v", out)
	}
	var tag cbor.RawTag
	if err := cbor.Unmarshal(r.ApproximateArrivalTimestamp, &tag); err != nil || tag.Number != 1 {
		t.Fatalf("timestamp %x is not tag 1", []byte(r.ApproximateArrivalTimestamp))
	}
	var ms uint64
	if err := cbor.Unmarshal(tag.Content, &ms); err != nil || int64(ms) < before.UnixMilli() || int64(ms) > time.Now().UnixMilli() {
		t.Fatalf("timestamp %x is not epoch milliseconds", []byte(tag.Content))
	}

	// Errors are CBOR maps with __type and message, plus X-Amzn-ErrorType.
	resp, body = cborCall(t, s.URL, "DescribeStream", jmap(jtext("StreamName"), jtext("missing")))
	var e map[string]string
	if err := cbor.Unmarshal(body, &e); err != nil || resp.StatusCode != 400 ||
		e["__type"] != "ResourceNotFoundException" || e["message"] != "Stream missing under account 000000000000 not found." ||
		resp.Header.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" {
		t.Fatalf("error: %d %v %v %s", resp.StatusCode, e, err, resp.Header.Get("X-Amzn-ErrorType"))
	}

	// A body that is not CBOR is a SerializationException.
	resp, body = cborCall(t, s.URL, "DescribeStream", []byte{0xff, 0x00})
	if err := cbor.Unmarshal(body, &e); err != nil || resp.StatusCode != 400 || e["__type"] != "SerializationException" {
		t.Fatalf("garbage body: %d %v", resp.StatusCode, e)
	}
}

// TestCBORSubscribeToShard subscribes in CBOR, as the KCL does: the event
// stream's initial-response and events carry CBOR payloads.
func TestCBORSubscribeToShard(t *testing.T) {
	c, s := newClient(t)
	createStream(t, c, "cfan", 1)
	sum := waitActive(t, c, "cfan")
	arn := registerConsumer(t, c, *sum.StreamARN, "kcl")
	if _, err := c.PutRecord(t.Context(), &kinesis.PutRecordInput{StreamName: aws.String("cfan"), PartitionKey: aws.String("k"), Data: []byte{1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	req := cborRequest(t, s.URL, "SubscribeToShard", jmap(
		jtext("ConsumerARN"), jtext(arn),
		jtext("ShardId"), jtext("shardId-000000000000"),
		jtext("StartingPosition"), jmap(jtext("Type"), jtext("TRIM_HORIZON"))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != awsproto.EventStreamContentType {
		t.Fatalf("status %d, content type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	first, err := awsproto.ReadEventMessage(resp.Body)
	if err != nil || first.Header(":event-type") != "initial-response" || first.Header(":message-type") != "event" || !bytes.Equal(first.Payload, []byte{0xa0}) {
		t.Fatalf("initial response %+v %v", first, err)
	}
	ev, err := awsproto.ReadEventMessage(resp.Body)
	if err != nil || ev.Header(":event-type") != "SubscribeToShardEvent" || ev.Header(":content-type") != awsproto.CBORContentType {
		t.Fatalf("event %+v %v", ev, err)
	}
	var e struct {
		Records []struct {
			Data []byte
		}
		ContinuationSequenceNumber string
		MillisBehindLatest         *int64
	}
	if err := cbor.Unmarshal(ev.Payload, &e); err != nil || len(e.Records) != 1 || !bytes.Equal(e.Records[0].Data, []byte{1, 2, 3}) ||
		e.ContinuationSequenceNumber == "" || e.MillisBehindLatest == nil {
		t.Fatalf("event payload %+v %v", e, err)
	}
}
