package glue

import (
	"strconv"
	"testing"
)

// BenchmarkValidateCreateTable measures a CreateTable request with 100
// columns, each checked against Glue's Unicode pattern.
func BenchmarkValidateCreateTable(b *testing.B) {
	cols := make([]Column, 100)
	for i := range cols {
		cols[i] = Column{Name: "column_" + strconv.Itoa(i), Type: "string", Comment: "a column comment"}
	}
	in := &CreateTableRequest{DatabaseName: "db", TableInput: &TableInput{
		Name: "t", StorageDescriptor: &StorageDescriptor{Columns: cols, Location: "s3://bucket/prefix/"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if err := in.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
