package glue

import (
	"fmt"
	"strings"
)

// hiveTypeOf maps a Parquet schema element to the Hive type Glue's crawler
// writes for it. A REPEATED field outside a LIST is an array of its type.
func hiveTypeOf(e *parquetElement, depth int) string {
	t := hiveBaseType(e, depth)
	if e.repetition == pqRepeated {
		return "array<" + t + ">"
	}
	return t
}

func hiveBaseType(e *parquetElement, depth int) string {
	if depth > maxThriftDepth {
		return "string"
	}
	if e.physical < 0 || len(e.children) > 0 {
		return hiveGroupType(e, depth)
	}
	switch {
	case e.logical == 5 || e.converted == pqDecimal:
		p, s := e.precision, e.scale
		if e.logical == 5 {
			p, s = e.logicalPrec, e.logicalScale
		}
		return fmt.Sprintf("decimal(%d,%d)", p, s)
	case e.logical == 6 || e.converted == pqDate:
		return "date"
	case e.logical == 8 || e.converted == pqTimestampMillis || e.converted == pqTimestampMicros || e.physical == pqInt96:
		return "timestamp"
	case e.logical == 1 || e.logical == 4 || e.logical == 12 || e.logical == 14 ||
		e.converted == pqUTF8 || e.converted == pqEnum || e.converted == pqJSON:
		return "string"
	}
	return hivePhysicalType(e)
}

func hivePhysicalType(e *parquetElement) string {
	switch e.physical {
	case pqBoolean:
		return "boolean"
	case pqInt32:
		return hiveIntType(e, "int")
	case pqInt64:
		return hiveIntType(e, "bigint")
	case pqFloat:
		return "float"
	case pqDouble:
		return "double"
	}
	return "binary"
}

// hiveIntType narrows or widens an integer by its annotation: INT_8 is
// tinyint, INT_16 smallint, and unsigned types take the next wider type.
func hiveIntType(e *parquetElement, def string) string {
	bits, signed := int32(0), true
	switch e.converted {
	case pqInt8:
		bits = 8
	case pqInt16:
		bits = 16
	case pqUint8:
		bits, signed = 8, false
	case pqUint16:
		bits, signed = 16, false
	case pqUint32:
		bits, signed = 32, false
	case pqUint64:
		bits, signed = 64, false
	}
	if e.logical == 10 {
		bits, signed = e.intBitWidth, e.intSigned
	}
	switch {
	case bits == 8 && signed:
		return "tinyint"
	case bits == 16 && signed, bits == 8:
		return "smallint"
	case bits == 32 && signed, bits == 16:
		return "int"
	case bits == 32:
		return "bigint"
	case bits == 64 && !signed:
		return "decimal(20,0)"
	}
	return def
}

// hiveGroupType maps LIST, MAP and plain groups (structs).
func hiveGroupType(e *parquetElement, depth int) string {
	switch {
	case (e.logical == 3 || e.converted == pqList) && len(e.children) == 1:
		return "array<" + listElementType(e.children[0], depth) + ">"
	case (e.logical == 2 || e.converted == pqMap || e.converted == pqMapKeyValue) && len(e.children) == 1 &&
		len(e.children[0].children) == 2:
		kv := e.children[0]
		return "map<" + hiveBaseType(kv.children[0], depth+1) + "," + hiveTypeOf(kv.children[1], depth+1) + ">"
	}
	fields := make([]string, len(e.children))
	for i, ch := range e.children {
		fields[i] = strings.ToLower(ch.name) + ":" + hiveTypeOf(ch, depth+1)
	}
	return "struct<" + strings.Join(fields, ",") + ">"
}

// listElementType applies Parquet's backward-compatibility rules for the
// repeated field of a LIST: a group of one field named other than "array"
// or "<list>_tuple" wraps the element; anything else is the element.
func listElementType(rep *parquetElement, depth int) string {
	if len(rep.children) == 1 && rep.name != "array" && !strings.HasSuffix(rep.name, "_tuple") {
		return hiveTypeOf(rep.children[0], depth+1)
	}
	return hiveBaseType(rep, depth+1)
}
