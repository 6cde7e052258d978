package results

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// Value is one rendered cell; Null marks SQL NULL.
type Value struct {
	Text string
	Null bool
}

// CSVWriter writes a result file as Athena does: a header row, every
// non-NULL value in double quotes (quotes doubled), NULL as nothing,
// fields separated by commas and rows ended by "\n".
type CSVWriter struct {
	w *bufio.Writer
}

// NewCSVWriter returns a writer on w; call Flush at the end.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: bufio.NewWriterSize(w, 64<<10)} }

// WriteHeader writes the column names.
func (c *CSVWriter) WriteHeader(cols []Column) error {
	row := make([]Value, len(cols))
	for i, col := range cols {
		row[i] = Value{Text: col.Name}
	}
	return c.WriteRow(row)
}

// WriteRow writes one row.
func (c *CSVWriter) WriteRow(row []Value) error {
	for i, v := range row {
		if i > 0 {
			c.w.WriteByte(',')
		}
		if v.Null {
			continue
		}
		c.w.WriteByte('"')
		if strings.IndexByte(v.Text, '"') >= 0 {
			c.w.WriteString(strings.ReplaceAll(v.Text, `"`, `""`))
		} else {
			c.w.WriteString(v.Text)
		}
		c.w.WriteByte('"')
	}
	return c.w.WriteByte('\n')
}

// Flush writes buffered data.
func (c *CSVWriter) Flush() error { return c.w.Flush() }

// CSVReader reads a result file written by CSVWriter (or by Athena).
type CSVReader struct {
	r *bufio.Reader
	n int64
}

// Offset is the number of bytes consumed by the rows read so far.
func (c *CSVReader) Offset() int64 { return c.n }

// NewCSVReader reads rows from r.
func NewCSVReader(r io.Reader) *CSVReader { return &CSVReader{r: bufio.NewReaderSize(r, 64<<10)} }

var errBadCSV = errors.New("results: malformed result CSV")

// Read returns the next row, or io.EOF.
func (c *CSVReader) Read() ([]Value, error) {
	var row []Value
	first := true
	for {
		b, err := c.r.ReadByte()
		if err == nil {
			c.n++
		}
		if err == io.EOF && first {
			return nil, io.EOF
		}
		if err == io.EOF {
			return append(row, Value{Null: true}), nil
		}
		if err != nil {
			return nil, err
		}
		first = false
		switch b {
		case '\n':
			return append(row, Value{Null: true}), nil
		case ',':
			row = append(row, Value{Null: true})
		case '"':
			v, end, err := c.quoted()
			if err != nil {
				return nil, err
			}
			row = append(row, Value{Text: v})
			if end {
				return row, nil
			}
		default:
			return nil, errBadCSV
		}
	}
}

// quoted reads a quoted field after its opening quote and the separator
// after it; end reports that the separator ended the row.
func (c *CSVReader) quoted() (string, bool, error) {
	var b strings.Builder
	for {
		s, err := c.r.ReadString('"')
		c.n += int64(len(s))
		if err != nil {
			return "", false, errBadCSV
		}
		b.WriteString(s[:len(s)-1])
		next, err := c.r.ReadByte()
		if err == nil {
			c.n++
		}
		switch {
		case err == io.EOF:
			return b.String(), true, nil
		case err != nil:
			return "", false, err
		case next == '"':
			b.WriteByte('"')
		case next == ',':
			return b.String(), false, nil
		case next == '\n':
			return b.String(), true, nil
		default:
			return "", false, errBadCSV
		}
	}
}
