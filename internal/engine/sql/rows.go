package sql

import (
	dbsql "database/sql"
	"fmt"
	"math/big"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Column is one result column.
type Column struct {
	Name string
	Type Type
}

// Values returned by Rows, by column type:
//
//	BOOLEAN                      bool
//	TINYINT..BIGINT, U*INT       int64 (UBIGINT above MaxInt64: *big.Int)
//	HUGEINT, UHUGEINT            *big.Int
//	FLOAT, DOUBLE                float64
//	DECIMAL                      Decimal
//	VARCHAR, JSON, UUID, ENUM    string
//	BLOB                         []byte
//	DATE, TIME, TIMESTAMP*       time.Time (UTC)
//	INTERVAL                     Interval
//	LIST, ARRAY                  []any
//	MAP                          Map
//	STRUCT                       []any, in field order
//	NULL                         nil

// Decimal is an exact decimal: Unscaled × 10^-Scale.
type Decimal struct {
	Unscaled *big.Int
	Scale    int
}

// String renders the decimal with exactly Scale fractional digits.
func (d Decimal) String() string {
	s := new(big.Int).Abs(d.Unscaled).String()
	neg := d.Unscaled.Sign() < 0
	if d.Scale > 0 {
		for len(s) <= d.Scale {
			s = "0" + s
		}
		s = s[:len(s)-d.Scale] + "." + s[len(s)-d.Scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Map is a MAP value with its entries in order.
type Map struct {
	Keys   []any
	Values []any
}

// Interval is an INTERVAL value.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// Rows streams a result. Use it like database/sql's Rows: Next, Values, Err, Close.
type Rows struct {
	rows    *dbsql.Rows
	columns []Column
	raw     []any
	ptrs    []any
	values  []any
	err     error
}

func newRows(rows *dbsql.Rows) (*Rows, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, wrapError(err)
	}
	r := &Rows{rows: rows, columns: make([]Column, len(cts))}
	for i, ct := range cts {
		t, err := ParseType(ct.DatabaseTypeName())
		if err != nil {
			return nil, err
		}
		r.columns[i] = Column{Name: ct.Name(), Type: t}
	}
	r.raw = make([]any, len(cts))
	r.ptrs = make([]any, len(cts))
	for i := range r.raw {
		r.ptrs[i] = &r.raw[i]
	}
	r.values = make([]any, len(cts))
	return r, nil
}

// Columns describes the result's columns.
func (r *Rows) Columns() []Column { return r.columns }

// Next advances to the next row; it returns false at the end or on error.
func (r *Rows) Next() bool {
	if r.err != nil || r.rows == nil {
		return false
	}
	if !r.rows.Next() {
		r.err = wrapError(r.rows.Err())
		return false
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		r.err = wrapError(err)
		return false
	}
	for i, v := range r.raw {
		cv, err := convert(v, r.columns[i].Type)
		if err != nil {
			r.err = err
			return false
		}
		r.values[i] = cv
	}
	return true
}

// Values returns the current row. The slice is reused by the next call to Next.
func (r *Rows) Values() []any { return r.values }

// Err reports the error that ended iteration, if any.
func (r *Rows) Err() error { return r.err }

// Close releases the result.
func (r *Rows) Close() error {
	if r.rows == nil {
		return errClosed
	}
	err := r.rows.Close()
	r.rows = nil
	return err
}

// convert turns a driver value into the package's value for type t.
func convert(v any, t Type) (any, error) {
	switch x := v.(type) {
	case nil, bool, string, float64, []byte, *big.Int:
		return x, nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint64:
		if x > 1<<63-1 {
			return new(big.Int).SetUint64(x), nil
		}
		return int64(x), nil
	case float32:
		return float64(x), nil
	case time.Time:
		return x.UTC(), nil
	case duckdb.Decimal:
		return Decimal{Unscaled: x.Value, Scale: int(x.Scale)}, nil
	case duckdb.Interval:
		return Interval{Months: x.Months, Days: x.Days, Micros: x.Micros}, nil
	case duckdb.UUID:
		return x.String(), nil
	case *duckdb.UUID:
		return x.String(), nil
	case duckdb.Union:
		return convert(x.Value, Type{ID: "UNKNOWN"})
	case []any:
		return convertList(x, t)
	case duckdb.OrderedMap:
		return convertMap(&x, t)
	case *duckdb.OrderedMap:
		return convertMap(x, t)
	case map[string]any:
		return convertStruct(x, t)
	}
	return nil, fmt.Errorf("sql: unsupported value %T for type %s", v, t)
}

func convertList(x []any, t Type) (any, error) {
	elem := Type{ID: "UNKNOWN"}
	if t.Elem != nil {
		elem = *t.Elem
	}
	out := make([]any, len(x))
	for i, e := range x {
		c, err := convert(e, elem)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func convertMap(m *duckdb.OrderedMap, t Type) (any, error) {
	kt, vt := Type{ID: "UNKNOWN"}, Type{ID: "UNKNOWN"}
	if t.Key != nil {
		kt, vt = *t.Key, *t.Value
	}
	keys, vals := m.Keys(), m.Values()
	out := Map{Keys: make([]any, len(keys)), Values: make([]any, len(vals))}
	for i := range keys {
		k, err := convert(keys[i], kt)
		if err != nil {
			return nil, err
		}
		v, err := convert(vals[i], vt)
		if err != nil {
			return nil, err
		}
		out.Keys[i], out.Values[i] = k, v
	}
	return out, nil
}

// convertStruct orders a struct's members as its type declares them (the
// driver hands them over as a Go map, which has no order).
func convertStruct(m map[string]any, t Type) (any, error) {
	if t.ID != "STRUCT" {
		// A JSON value decoded by the driver: keep it as a map.
		return m, nil
	}
	out := make([]any, len(t.Fields))
	for i, f := range t.Fields {
		c, err := convert(m[f.Name], f.Type)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}
