package kinesis

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

var putRecordsSeeds = []string{
	`{"StreamName":"s","Records":[{"Data":"aGVsbG8=","PartitionKey":"k"}]}`,
	`{"Records":[{"Data":"","PartitionKey":"é","ExplicitHashKey":"12"},{"PartitionKey":"p","Data":"AA=="}],"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s"}`,
	` { "StreamName" : "s" , "Extra" : {"a":[1,2.5e3,true,null,"x"]}, "Records" : [ ] } `,
	`{"StreamName":"s","Records":[{"Data":"aGVsbG8=","PartitionKey":"k","Other":-0.5}]}`,
	`{"streamname":"s","Records":[]}`,
	`{"StreamName":"s","Records":[{"Data":null,"PartitionKey":"k"}]}`,
	`{"StreamName":"s","Records":[{"Data":"a\/b=","PartitionKey":"k"}]}`,
	`{"StreamName":"s","Records":[{"Data":"!!!!","PartitionKey":"k"}]}`,
	`{"StreamName":"s\u0041","Records":[]}`,
	`{"StreamName":"s","Records":[{"Data":"aGVsbG8=","PartitionKey":"k"}]} x`,
	`[]`,
	`{"StreamName":"s","Records":[{"Data":"aGVsbG8=","PartitionKey":"k","N":01}]}`,
}

// TestFastPutRecordsMatchesJSON checks that whatever the fast decoder
// accepts, it decodes exactly as encoding/json does.
func TestFastPutRecordsMatchesJSON(t *testing.T) {
	accepted := 0
	for _, s := range putRecordsSeeds {
		if checkFastPutRecords(t, []byte(s)) {
			accepted++
		}
	}
	if accepted < 4 {
		t.Fatalf("fast path accepted only %d seeds", accepted)
	}
}

func checkFastPutRecords(t *testing.T, body []byte) bool {
	fast, ok := fastPutRecords(body, new(bytes.Buffer))
	if !ok {
		return false
	}
	var slow PutRecordsInput
	if err := json.Unmarshal(body, &slow); err != nil {
		t.Fatalf("fast path accepted %q, encoding/json refuses it: %v", body, err)
	}
	if !reflect.DeepEqual(*fast, slow) {
		t.Fatalf("%q: fast %+v, encoding/json %+v", body, *fast, slow)
	}
	return true
}

func FuzzFastPutRecords(f *testing.F) {
	for _, s := range putRecordsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkFastPutRecords(t, body) })
}

func TestFastEncodersMatchJSON(t *testing.T) {
	ms := int64(7)
	put := &kinesis.PutRecordsOutput{FailedRecordCount: new(int32), EncryptionType: "KMS", Records: []kinesis.PutRecordsResultEntry{
		{SequenceNumber: "1", ShardId: "shardId-000000000000"},
		{ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard \"x\"."},
	}}
	get := &GetRecordsOutput{MillisBehindLatest: &ms, NextShardIterator: "AAAA+/==", Records: []kinesis.Record{
		{SequenceNumber: "2", Data: []byte{0, 1, 2, 250}, PartitionKey: "ü<&>\u2028\x01", EncryptionType: "KMS",
			ApproximateArrivalTimestamp: &awsproto.Timestamp{Time: time.UnixMilli(1700000000123)}},
		{SequenceNumber: "3", Data: []byte{}, PartitionKey: "k", ApproximateArrivalTimestamp: &awsproto.Timestamp{Time: time.UnixMilli(1700000001000)}},
	}, ChildShards: []kinesis.ChildShard{{ShardId: "shardId-000000000002", ParentShards: []string{"shardId-000000000000", "shardId-000000000001"},
		HashKeyRange: &kinesis.HashKeyRange{StartingHashKey: "0", EndingHashKey: "9"}}}}
	empty := &GetRecordsOutput{Records: []kinesis.Record{}}
	for _, c := range []struct {
		fast []byte
		v    any
	}{{encodePutRecordsOutput(put), put}, {encodeGetRecordsOutput(nil, get), get}, {encodeGetRecordsOutput(nil, empty), empty}} {
		want, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal(c.fast, &a); err != nil {
			t.Fatalf("fast output %s is not JSON: %v", c.fast, err)
		}
		json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("fast\n%s\nencoding/json\n%s", c.fast, want)
		}
	}
}

func BenchmarkFastPutRecords(b *testing.B) {
	body := bytes.Repeat([]byte(`{"Data":"`+string(bytes.Repeat([]byte("QUJD"), 342))+`","PartitionKey":"partition-key-1"},`), 500)
	body = append(append([]byte(`{"StreamName":"s","Records":[`), body[:len(body)-1]...), "]}"...)
	b.SetBytes(int64(len(body)))
	var data bytes.Buffer
	for b.Loop() {
		if _, ok := fastPutRecords(body, &data); !ok {
			b.Fatal("rejected")
		}
	}
}
