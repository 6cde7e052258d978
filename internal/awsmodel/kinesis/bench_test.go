package kinesis

import (
	"strconv"
	"testing"
)

// BenchmarkValidatePutRecords measures validating a full PutRecords
// request (500 entries), the hottest validated input in nubo.
func BenchmarkValidatePutRecords(b *testing.B) {
	in := &PutRecordsInput{StreamName: "bench-stream", Records: make([]PutRecordsRequestEntry, 500)}
	for i := range in.Records {
		in.Records[i] = PutRecordsRequestEntry{Data: make([]byte, 100), PartitionKey: "pk-" + strconv.Itoa(i)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := in.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
