package athena

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

var _ awsproto.Validator = (*StartQueryExecutionInput)(nil)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		in   awsproto.Validator
		body string
		want string
	}{
		{name: "valid", in: &StartQueryExecutionInput{}, body: `{"QueryString":"SELECT 1","WorkGroup":"primary"}`},
		{
			name: "missing required",
			in:   &StartQueryExecutionInput{},
			body: `{"WorkGroup":"primary"}`,
			want: "1 validation error detected: Value null at 'queryString' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "bad pattern",
			in:   &StartQueryExecutionInput{},
			body: `{"QueryString":"SELECT 1","WorkGroup":"my group"}`,
			want: "1 validation error detected: Value 'my group' at 'workGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}",
		},
		{
			name: "nested required enum",
			in:   &StartQueryExecutionInput{},
			body: `{"QueryString":"SELECT 1","ResultConfiguration":{"EncryptionConfiguration":{}}}`,
			want: "1 validation error detected: Value null at 'resultConfiguration.encryptionConfiguration.encryptionOption' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "enum",
			in:   &StartQueryExecutionInput{},
			body: `{"QueryString":"SELECT 1","ResultConfiguration":{"EncryptionConfiguration":{"EncryptionOption":"ROT13"}}}`,
			want: "1 validation error detected: Value 'ROT13' at 'resultConfiguration.encryptionConfiguration.encryptionOption' failed to satisfy constraint: " +
				"Member must satisfy enum value set: [CSE_KMS, SSE_KMS, SSE_S3]",
		},
		{
			name: "range and several errors",
			in:   &GetQueryResultsInput{},
			body: `{"QueryExecutionId":"q 1","MaxResults":1001}`,
			want: "2 validation errors detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000; " +
				"Value 'q 1' at 'queryExecutionId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S+",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tt.body), tt.in); err != nil {
				t.Fatal(err)
			}
			err := tt.in.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ae *awsproto.Error
			if !errors.As(err, &ae) || ae.Code != "ValidationException" || ae.HTTPStatus != 400 {
				t.Fatalf("got %v, want a ValidationException", err)
			}
			if ae.Message != tt.want {
				t.Errorf("message\n got %s\nwant %s", ae.Message, tt.want)
			}
		})
	}
}
