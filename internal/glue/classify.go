package glue

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"io"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// sampleLimit is how much decompressed text the crawler reads from each
// file to infer its schema; Glue's built-in classifiers read the start of
// a file too.
const sampleLimit = 1 << 20

// Classifications, as Glue writes them in a table's "classification".
const (
	classCSV     = "csv"
	classJSON    = "json"
	classParquet = "parquet"
	classUnknown = "UNKNOWN"
)

// fileSchema is what a classifier learned from one file.
type fileSchema struct {
	format      string // classCSV, classJSON, classParquet, classUnknown
	compression string // "none", "gzip", "bzip2"
	columns     []awsglue.Column
	csv         csvDialect
	// records is the number of records, counted or estimated from the
	// sample; recordBytes is their average size.
	records     int64
	recordBytes int64
}

// classifyObject reads (the start of) one object and infers its schema.
func (c *Catalog) classifyObject(ctx context.Context, info objects.Info) (*fileSchema, error) {
	rc, _, err := c.objects.Open(ctx, info.Bucket, info.Key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(4)
	if string(head) == parquetMagic {
		// bufio hides the Seek of the object reader: reopen to read the footer.
		rc.Close()
		return c.classifyParquet(ctx, info)
	}
	counted := &countingReader{r: br}
	text, compression, err := decompressor(counted, head)
	if err != nil {
		return &fileSchema{format: classUnknown, compression: compression}, nil
	}
	sample, err := io.ReadAll(io.LimitReader(text, sampleLimit+1))
	if err != nil && len(sample) == 0 {
		return &fileSchema{format: classUnknown, compression: compression}, nil
	}
	complete := len(sample) <= sampleLimit && err == nil
	if !complete {
		sample = trimPartialLine(sample[:min(len(sample), sampleLimit)])
	}
	s := classifyText(sample, complete)
	s.compression = compression
	if !complete && s.records > 0 && counted.n > 0 {
		// Scale the sample's record count by the share of the object read.
		s.records = int64(float64(s.records) * float64(info.Size) / float64(counted.n))
	}
	return s, nil
}

func (c *Catalog) classifyParquet(ctx context.Context, info objects.Info) (*fileSchema, error) {
	rc, _, err := c.objects.Open(ctx, info.Bucket, info.Key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	footer, err := readParquetFooter(rc, info.Size)
	if err != nil {
		return &fileSchema{format: classUnknown, compression: "none"}, nil
	}
	ps, err := parseParquetFooter(footer)
	if err != nil {
		return &fileSchema{format: classUnknown, compression: "none"}, nil
	}
	s := &fileSchema{format: classParquet, compression: "none", columns: ps.columns, records: ps.rows}
	if ps.rows > 0 {
		s.recordBytes = info.Size / ps.rows
	}
	return s, nil
}

// classifyText runs the text classifiers in Glue's order: JSON, then CSV.
func classifyText(sample []byte, complete bool) *fileSchema {
	if s := classifyJSON(sample, complete); s != nil {
		return s
	}
	if s := classifyCSV(sample); s != nil {
		return s
	}
	return &fileSchema{format: classUnknown}
}

// decompressor returns a reader of the decompressed bytes, recognising
// gzip and bzip2 by their magic numbers.
func decompressor(r io.Reader, head []byte) (io.Reader, string, error) {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(r)
		return zr, "gzip", err
	case bytes.HasPrefix(head, []byte("BZh")):
		return bzip2.NewReader(r), "bzip2", nil
	}
	return r, "none", nil
}

// trimPartialLine drops the last, possibly cut, line of a sample.
func trimPartialLine(b []byte) []byte {
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
