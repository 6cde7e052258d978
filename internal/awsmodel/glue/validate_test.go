package glue

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

var _ awsproto.Validator = (*CreateTableRequest)(nil)

func TestValidate(t *testing.T) {
	long := strings.Repeat("d", 256)
	glueText := `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`
	tests := []struct {
		name string
		in   awsproto.Validator
		body string
		want string
	}{
		{name: "valid", in: &CreateDatabaseRequest{}, body: `{"DatabaseInput":{"Name":"db1","Parameters":{"k":"v"}}}`},
		{
			name: "missing nested structure",
			in:   &CreateDatabaseRequest{},
			body: `{}`,
			want: "1 validation error detected: Value null at 'databaseInput' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "too long nested",
			in:   &CreateDatabaseRequest{},
			body: `{"DatabaseInput":{"Name":"` + long + `"}}`,
			want: "1 validation error detected: Value '" + long + "' at 'databaseInput.name' failed to satisfy constraint: Member must have length less than or equal to 255",
		},
		{
			name: "list member paths and unicode pattern",
			in:   &CreateTableRequest{},
			body: `{"DatabaseName":"db","TableInput":{"Name":"t","StorageDescriptor":{"Columns":[{"Name":"a"},{"Comment":"two\nlines"}]}}}`,
			want: "2 validation errors detected: Value 'two\nlines' at 'tableInput.storageDescriptor.columns.2.member.comment' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: " + glueText + "; " +
				"Value null at 'tableInput.storageDescriptor.columns.2.member.name' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "supplementary characters satisfy the pattern",
			in:   &CreateDatabaseRequest{},
			body: `{"DatabaseInput":{"Name":"db \ud83d\ude00"}}`,
		},
		{
			name: "enum and range",
			in:   &StartJobRunRequest{},
			body: `{"JobName":"j","WorkerType":"G.3X","Timeout":0}`,
			want: "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value 'G.3X' at 'workerType' failed to satisfy constraint: Member must satisfy enum value set: [G.025X, G.1X, G.2X, G.4X, G.8X, Standard, Z.2X]",
		},
		{
			name: "negative lookahead",
			in:   &CreateCatalogRequest{},
			body: `{"Name":"aws:cat","CatalogInput":{}}`,
			want: "1 validation error detected: Value 'aws:cat' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!(.*[.\\/\\\\]|aws:)).*",
		},
		{name: "negative lookahead passes", in: &CreateCatalogRequest{}, body: `{"Name":"cat1","CatalogInput":{}}`},
		{
			name: "map keys",
			in:   &CreateDatabaseRequest{},
			body: `{"DatabaseInput":{"Name":"db","Parameters":{"":"v"}}}`,
			want: "1 validation error detected: Value '{=v}' at 'databaseInput.parameters' failed to satisfy constraint: Map keys must satisfy constraint: " +
				"[Member must have length less than or equal to 255, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: " + glueText + "]",
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
