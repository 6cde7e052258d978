package glue

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// Parquet files end with the footer (FileMetaData in Thrift compact
// encoding), its 4-byte little-endian length, and the magic "PAR1". The
// crawler reads only the footer: the schema and the row count.

const parquetMagic = "PAR1"

// maxParquetFooter bounds the footer the crawler reads.
const maxParquetFooter = 64 << 20

// parquetElement is one SchemaElement of a Parquet schema.
type parquetElement struct {
	name         string
	physical     int32 // -1 for groups
	repetition   int32
	numChildren  int32
	converted    int32 // -1 when absent
	scale        int32
	precision    int32
	logical      int16 // the LogicalType union's field id, 0 when absent
	logicalScale int32
	logicalPrec  int32
	intBitWidth  int32
	intSigned    bool
	children     []*parquetElement
}

// Parquet physical types, repetitions and converted types used here.
const (
	pqBoolean   = 0
	pqInt32     = 1
	pqInt64     = 2
	pqInt96     = 3
	pqFloat     = 4
	pqDouble    = 5
	pqByteArray = 6
	pqFixed     = 7

	pqRepeated = 2

	pqUTF8            = 0
	pqMap             = 1
	pqMapKeyValue     = 2
	pqList            = 3
	pqEnum            = 4
	pqDecimal         = 5
	pqDate            = 6
	pqTimestampMillis = 9
	pqTimestampMicros = 10
	pqUint8           = 11
	pqUint16          = 12
	pqUint32          = 13
	pqUint64          = 14
	pqInt8            = 15
	pqInt16           = 16
	pqJSON            = 19
)

// parquetSchema is what the crawler learns from a Parquet footer.
type parquetSchema struct {
	columns []awsglue.Column
	rows    int64
}

// readParquetFooter reads the footer of a Parquet object of the given size.
// r may be a ReadSeeker (object files), in which case only the footer is
// read; otherwise the object is read through to its end.
func readParquetFooter(r io.Reader, size int64) ([]byte, error) {
	if size < 12 {
		return nil, errors.New("too small to be Parquet")
	}
	tail := make([]byte, 8)
	if rs, ok := r.(io.ReadSeeker); ok {
		if _, err := rs.Seek(size-8, io.SeekStart); err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(rs, tail); err != nil {
			return nil, err
		}
		n, err := footerLength(tail, size)
		if err != nil {
			return nil, err
		}
		footer := make([]byte, n)
		if _, err := rs.Seek(size-8-int64(n), io.SeekStart); err != nil {
			return nil, err
		}
		_, err = io.ReadFull(rs, footer)
		return footer, err
	}
	// Without seeking, keep a sliding window of the last bytes read.
	keep := int64(maxParquetFooter + 8)
	if _, err := io.CopyN(io.Discard, r, max(0, size-keep)); err != nil {
		return nil, err
	}
	rest, err := io.ReadAll(io.LimitReader(r, keep))
	if err != nil {
		return nil, err
	}
	if len(rest) < 8 {
		return nil, errors.New("truncated Parquet file")
	}
	n, err := footerLength(rest[len(rest)-8:], size)
	if err != nil || n > len(rest)-8 {
		return nil, errors.New("corrupt Parquet footer")
	}
	return rest[len(rest)-8-n : len(rest)-8], nil
}

func footerLength(tail []byte, size int64) (int, error) {
	if string(tail[4:]) != parquetMagic {
		return 0, errors.New("not a Parquet file")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n <= 0 || n > maxParquetFooter || n > size-12 {
		return 0, errors.New("corrupt Parquet footer length")
	}
	return int(n), nil
}

// parseParquetFooter decodes the schema and row count of a FileMetaData.
func parseParquetFooter(footer []byte) (*parquetSchema, error) {
	r := &thriftReader{buf: footer}
	var elems []*parquetElement
	var rows int64
	err := r.readStruct(func(id int16, typ byte) error {
		switch {
		case id == 2 && typ == tcList:
			var err error
			elems, err = readSchemaElements(r)
			return err
		case id == 3 && typ == tcI64:
			var err error
			rows, err = r.varint()
			return err
		}
		return r.skip(typ, 0)
	})
	if err != nil {
		return nil, fmt.Errorf("parquet footer: %w", err)
	}
	if len(elems) == 0 {
		return nil, errors.New("parquet footer: no schema")
	}
	root, next, err := buildParquetTree(elems, 0, 0)
	if err != nil || next != len(elems) {
		return nil, errors.New("parquet footer: malformed schema tree")
	}
	out := &parquetSchema{rows: rows}
	for _, ch := range root.children {
		out.columns = append(out.columns, awsglue.Column{Name: strings.ToLower(ch.name), Type: hiveTypeOf(ch, 0)})
	}
	return out, nil
}

func readSchemaElements(r *thriftReader) ([]*parquetElement, error) {
	elem, n, err := r.listHeader()
	if err != nil || elem != tcStruct {
		return nil, errThrift
	}
	out := make([]*parquetElement, 0, n)
	for range n {
		e := &parquetElement{physical: -1, converted: -1, repetition: -1}
		if err := r.readStruct(func(id int16, typ byte) error { return readSchemaField(r, e, id, typ) }); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func readSchemaField(r *thriftReader, e *parquetElement, id int16, typ byte) error {
	var err error
	switch {
	case id == 1 && typ == tcI32:
		e.physical, err = r.i32(typ)
	case id == 3 && typ == tcI32:
		e.repetition, err = r.i32(typ)
	case id == 4 && typ == tcBinary:
		var b []byte
		b, err = r.binary()
		e.name = string(b)
	case id == 5 && typ == tcI32:
		e.numChildren, err = r.i32(typ)
	case id == 6 && typ == tcI32:
		e.converted, err = r.i32(typ)
	case id == 7 && typ == tcI32:
		e.scale, err = r.i32(typ)
	case id == 8 && typ == tcI32:
		e.precision, err = r.i32(typ)
	case id == 10 && typ == tcStruct:
		err = readLogicalType(r, e)
	default:
		err = r.skip(typ, 0)
	}
	return err
}

// readLogicalType reads the LogicalType union: which member is set, and the
// parameters of DECIMAL and INTEGER.
func readLogicalType(r *thriftReader, e *parquetElement) error {
	return r.readStruct(func(id int16, typ byte) error {
		e.logical = id
		if typ != tcStruct {
			return r.skip(typ, 0)
		}
		switch id {
		case 5: // DECIMAL
			return r.readStruct(func(fid int16, ft byte) error {
				v, err := r.i32(ft)
				if fid == 1 {
					e.logicalScale = v
				} else if fid == 2 {
					e.logicalPrec = v
				}
				return err
			})
		case 10: // INTEGER
			return r.readStruct(func(fid int16, ft byte) error {
				switch {
				case fid == 1:
					v, err := r.i32(ft)
					e.intBitWidth = v
					return err
				case fid == 2 && (ft == tcTrue || ft == tcFalse):
					e.intSigned = ft == tcTrue
					return nil
				}
				return r.skip(ft, 1)
			})
		}
		return r.skip(typ, 0)
	})
}

// buildParquetTree turns the depth-first element list into a tree.
func buildParquetTree(elems []*parquetElement, i, depth int) (*parquetElement, int, error) {
	if i >= len(elems) || depth > maxThriftDepth {
		return nil, i, errThrift
	}
	e := elems[i]
	i++
	if e.numChildren < 0 || int(e.numChildren) > len(elems)-i {
		return nil, i, errThrift
	}
	for range e.numChildren {
		ch, next, err := buildParquetTree(elems, i, depth+1)
		if err != nil {
			return nil, next, err
		}
		e.children = append(e.children, ch)
		i = next
	}
	return e, i, nil
}
