package results

import (
	"encoding/binary"
	"errors"
)

// The ".csv.metadata" file Athena writes next to a result is a protocol
// buffers message (reverse-engineered; AWS does not document it):
//
//	1: string  the engine's query id
//	4: repeated ColumnInfo
//	     1 catalog name ("hive"), 2 schema, 3 table, 4 name, 5 label,
//	     6 type, 7 precision, 8 scale, 9 nullability (3 = UNKNOWN),
//	     10 case sensitive
//
// Fields at their zero value are omitted, as protobuf does.

// nullableUnknown is the nullability Athena writes for every column.
const nullableUnknown = 3

// MarshalMetadata encodes the metadata file for a result.
func MarshalMetadata(engineQueryID string, cols []Column) []byte {
	var out []byte
	out = appendString(out, 1, engineQueryID)
	for _, c := range cols {
		var m []byte
		m = appendString(m, 1, "hive")
		m = appendString(m, 4, c.Name)
		m = appendString(m, 5, c.Name)
		m = appendString(m, 6, c.Type)
		m = appendVarint(m, 7, uint64(c.Precision))
		m = appendVarint(m, 8, uint64(c.Scale))
		m = appendVarint(m, 9, nullableUnknown)
		if c.CaseSensitive {
			m = appendVarint(m, 10, 1)
		}
		out = appendBytes(out, 4, m)
	}
	return out
}

// UnmarshalMetadata decodes a metadata file's columns.
func UnmarshalMetadata(data []byte) ([]Column, error) {
	var cols []Column
	err := walk(data, func(field int, v uint64, b []byte) error {
		if field != 4 || b == nil {
			return nil
		}
		var c Column
		err := walk(b, func(f int, v uint64, s []byte) error {
			switch f {
			case 4:
				c.Name = string(s)
			case 6:
				c.Type = string(s)
			case 7:
				c.Precision = int32(v)
			case 8:
				c.Scale = int32(v)
			case 10:
				c.CaseSensitive = v != 0
			}
			return nil
		})
		cols = append(cols, c)
		return err
	})
	return cols, err
}

func appendTag(b []byte, field, wire int) []byte {
	return binary.AppendUvarint(b, uint64(field<<3|wire))
}

func appendString(b []byte, field int, s string) []byte {
	if s == "" {
		return b
	}
	return appendBytes(b, field, []byte(s))
}

func appendBytes(b []byte, field int, v []byte) []byte {
	b = appendTag(b, field, 2)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func appendVarint(b []byte, field int, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = appendTag(b, field, 0)
	return binary.AppendUvarint(b, v)
}

var errBadMetadata = errors.New("results: malformed metadata file")

// walk visits the fields of one message: varints get v, length-delimited
// fields get b.
func walk(data []byte, fn func(field int, v uint64, b []byte) error) error {
	for len(data) > 0 {
		tag, n := binary.Uvarint(data)
		if n <= 0 {
			return errBadMetadata
		}
		data = data[n:]
		field, wire := int(tag>>3), int(tag&7)
		switch wire {
		case 0:
			v, n := binary.Uvarint(data)
			if n <= 0 {
				return errBadMetadata
			}
			data = data[n:]
			if err := fn(field, v, nil); err != nil {
				return err
			}
		case 2:
			l, n := binary.Uvarint(data)
			if n <= 0 || uint64(len(data)-n) < l {
				return errBadMetadata
			}
			b := data[n : n+int(l)]
			data = data[n+int(l):]
			if err := fn(field, 0, b); err != nil {
				return err
			}
		default:
			return errBadMetadata
		}
	}
	return nil
}
