package kinesis

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Compile-time checks that inputs plug into awsproto's validation.
var (
	_ awsproto.Validator = (*CreateStreamInput)(nil)
	_ awsproto.Validator = (*PutRecordsInput)(nil)
)

func TestValidate(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct {
		name string
		in   awsproto.Validator
		body string // decoded into in when set, to exercise the wire names
		want string // "" means valid
	}{
		{name: "valid", in: &CreateStreamInput{}, body: `{"StreamName":"s1","ShardCount":1}`},
		{
			name: "missing required",
			in:   &CreateStreamInput{},
			body: `{}`,
			want: "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "bad pattern",
			in:   &CreateStreamInput{},
			body: `{"StreamName":"my stream!"}`,
			want: "1 validation error detected: Value 'my stream!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
		},
		{
			name: "too long and out of range",
			in:   &CreateStreamInput{},
			body: `{"StreamName":"` + long + `","ShardCount":0}`,
			want: "2 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value '" + long + "' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128",
		},
		{
			name: "enum in nested structure",
			in:   &ListShardsInput{},
			body: `{"StreamName":"s","ShardFilter":{"Type":"SIDEWAYS"}}`,
			want: "1 validation error detected: Value 'SIDEWAYS' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: " +
				"[AFTER_SHARD_ID, AT_LATEST, AT_TIMESTAMP, AT_TRIM_HORIZON, FROM_TIMESTAMP, FROM_TRIM_HORIZON]",
		},
		{
			name: "range upper bound",
			in:   &GetRecordsInput{},
			body: `{"ShardIterator":"it","Limit":10001}`,
			want: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
		},
		{
			name: "nested list member paths",
			in:   &PutRecordsInput{},
			body: `{"StreamName":"s","Records":[{"Data":"AA==","PartitionKey":"p"},{"Data":"AA==","ExplicitHashKey":"x1"}]}`,
			want: "2 validation errors detected: Value 'x1' at 'records.2.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38}); " +
				"Value null at 'records.2.member.partitionKey' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "empty list",
			in:   &PutRecordsInput{},
			body: `{"StreamName":"s","Records":[]}`,
			want: "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1",
		},
		{
			name: "blob too long",
			in:   &PutRecordInput{Data: make([]byte, 1048577), PartitionKey: "p", StreamName: "s"},
			want: "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
		},
		{
			name: "map keys",
			in:   &AddTagsToStreamInput{},
			body: `{"StreamName":"s","Tags":{"":"v"}}`,
			want: "1 validation error detected: Value '{=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: " +
				"[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.body != "" {
				if err := json.Unmarshal([]byte(tt.body), tt.in); err != nil {
					t.Fatal(err)
				}
			}
			checkValidation(t, tt.in.Validate(), tt.want)
		})
	}
}

// TestValidateReportsAtMostTen mirrors AWS, which lists ten violations and
// counts only those.
func TestValidateReportsAtMostTen(t *testing.T) {
	in := &PutRecordsInput{StreamName: "s", Records: make([]PutRecordsRequestEntry, 501)}
	for i := range in.Records {
		in.Records[i].Data = []byte{}
	}
	err := in.Validate()
	var ae *awsproto.Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v", err)
	}
	if !strings.HasPrefix(ae.Message, "10 validation errors detected: Value '[PutRecordsRequestEntry(data=java.nio.HeapByteBuffer[pos=0 lim=0 cap=0], explicitHashKey=null, partitionKey=null), ") {
		t.Errorf("message starts %.200q", ae.Message)
	}
	if n := strings.Count(ae.Message, "; "); n != 9 {
		t.Errorf("got %d separators, want 9", n)
	}
	if !strings.HasSuffix(ae.Message, "Value null at 'records.9.member.partitionKey' failed to satisfy constraint: Member must not be null") {
		t.Errorf("message ends %q", ae.Message[len(ae.Message)-120:])
	}
}

func checkValidation(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	var ae *awsproto.Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want a ValidationException", err)
	}
	if ae.Code != "ValidationException" || ae.HTTPStatus != 400 {
		t.Errorf("got %s %d, want ValidationException 400", ae.Code, ae.HTTPStatus)
	}
	if ae.Message != want {
		t.Errorf("message\n got %s\nwant %s", ae.Message, want)
	}
}
