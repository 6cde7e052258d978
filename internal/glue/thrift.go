package glue

import (
	"encoding/binary"
	"errors"
	"math"
)

// A reader for the Thrift compact protocol, just enough to decode a Parquet
// footer (FileMetaData). Every length is checked against the input, so a
// corrupt or hostile footer yields an error, never a panic or a huge
// allocation.

// Thrift compact type ids.
const (
	tcStop   = 0
	tcTrue   = 1
	tcFalse  = 2
	tcByte   = 3
	tcI16    = 4
	tcI32    = 5
	tcI64    = 6
	tcDouble = 7
	tcBinary = 8
	tcList   = 9
	tcSet    = 10
	tcMap    = 11
	tcStruct = 12
)

var errThrift = errors.New("corrupt thrift data")

// maxThriftDepth bounds struct nesting while skipping unknown fields.
const maxThriftDepth = 64

type thriftReader struct {
	buf []byte
	pos int
}

func (r *thriftReader) byte() (byte, error) {
	if r.pos >= len(r.buf) {
		return 0, errThrift
	}
	b := r.buf[r.pos]
	r.pos++
	return b, nil
}

func (r *thriftReader) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.buf[r.pos:])
	if n <= 0 {
		return 0, errThrift
	}
	r.pos += n
	return v, nil
}

func (r *thriftReader) varint() (int64, error) {
	u, err := r.uvarint()
	return int64(u>>1) ^ -int64(u&1), err
}

func (r *thriftReader) binary() ([]byte, error) {
	n, err := r.uvarint()
	if err != nil || n > uint64(len(r.buf)-r.pos) {
		return nil, errThrift
	}
	b := r.buf[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b, nil
}

// fieldHeader reads the next field of a struct: its id and type; typ is
// tcStop at the end of the struct. last is the previous field id.
func (r *thriftReader) fieldHeader(last int16) (id int16, typ byte, err error) {
	b, err := r.byte()
	if err != nil {
		return 0, 0, err
	}
	if b == tcStop {
		return 0, tcStop, nil
	}
	typ = b & 0x0f
	if delta := int16(b >> 4); delta != 0 {
		return last + delta, typ, nil
	}
	v, err := r.varint()
	if err != nil || v < math.MinInt16 || v > math.MaxInt16 {
		return 0, 0, errThrift
	}
	return int16(v), typ, nil
}

// listHeader reads a list or set header: its element type and size.
func (r *thriftReader) listHeader() (elem byte, size int, err error) {
	b, err := r.byte()
	if err != nil {
		return 0, 0, err
	}
	elem, n := b&0x0f, uint64(b>>4)
	if n == 15 {
		if n, err = r.uvarint(); err != nil {
			return 0, 0, err
		}
	}
	// Every element takes at least one byte, except booleans packed in
	// field headers, which lists do not use.
	if n > uint64(len(r.buf)-r.pos) {
		return 0, 0, errThrift
	}
	return elem, int(n), nil
}

// i32 reads an i32 (or smaller) value of field type typ.
func (r *thriftReader) i32(typ byte) (int32, error) {
	if typ == tcByte {
		b, err := r.byte()
		return int32(int8(b)), err
	}
	if typ != tcI16 && typ != tcI32 {
		return 0, errThrift
	}
	v, err := r.varint()
	if err != nil || v < math.MinInt32 || v > math.MaxInt32 {
		return 0, errThrift
	}
	return int32(v), nil
}

// skip skips one value of type typ.
func (r *thriftReader) skip(typ byte, depth int) error {
	if depth > maxThriftDepth {
		return errThrift
	}
	switch typ {
	case tcTrue, tcFalse:
		return nil
	case tcByte:
		_, err := r.byte()
		return err
	case tcI16, tcI32, tcI64:
		_, err := r.uvarint()
		return err
	case tcDouble:
		if len(r.buf)-r.pos < 8 {
			return errThrift
		}
		r.pos += 8
		return nil
	case tcBinary:
		_, err := r.binary()
		return err
	case tcList, tcSet:
		return r.skipList(depth)
	case tcMap:
		return r.skipMap(depth)
	case tcStruct:
		return r.skipStruct(depth)
	}
	return errThrift
}

func (r *thriftReader) skipList(depth int) error {
	elem, n, err := r.listHeader()
	if err != nil {
		return err
	}
	for range n {
		if elem == tcTrue || elem == tcFalse {
			if _, err := r.byte(); err != nil {
				return err
			}
			continue
		}
		if err := r.skip(elem, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *thriftReader) skipMap(depth int) error {
	n, err := r.uvarint()
	if err != nil || n > uint64(len(r.buf)-r.pos) {
		return errThrift
	}
	if n == 0 {
		return nil
	}
	kv, err := r.byte()
	if err != nil {
		return err
	}
	for range n {
		if err := r.skip(kv>>4, depth+1); err != nil {
			return err
		}
		if err := r.skip(kv&0x0f, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *thriftReader) skipStruct(depth int) error {
	var last int16
	for {
		id, typ, err := r.fieldHeader(last)
		if err != nil {
			return err
		}
		if typ == tcStop {
			return nil
		}
		if err := r.skip(typ, depth+1); err != nil {
			return err
		}
		last = id
	}
}

// readStruct calls fn for each field of a struct; fn must consume the
// field's value (or call skip).
func (r *thriftReader) readStruct(fn func(id int16, typ byte) error) error {
	var last int16
	for {
		id, typ, err := r.fieldHeader(last)
		if err != nil {
			return err
		}
		if typ == tcStop {
			return nil
		}
		if err := fn(id, typ); err != nil {
			return err
		}
		last = id
	}
}
