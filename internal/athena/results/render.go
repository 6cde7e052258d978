package results

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// Render renders a value of type t as Athena prints it; ok is false for NULL.
func Render(v any, t sqlengine.Type) (s string, ok bool) {
	if v == nil {
		return "", false
	}
	var b strings.Builder
	render(&b, v, t)
	return b.String(), true
}

func render(b *strings.Builder, v any, t sqlengine.Type) {
	if _, isText := v.(string); t.ID == "JSON" && v != nil && !isText {
		// A JSON value the driver decoded: print it back as JSON.
		data, _ := json.Marshal(v)
		b.Write(data)
		return
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case *big.Int:
		b.WriteString(x.String())
	case float64:
		if t.ID == "FLOAT" {
			b.WriteString(JavaFloat(x, 32))
		} else {
			b.WriteString(JavaFloat(x, 64))
		}
	case sqlengine.Decimal:
		b.WriteString(x.String())
	case string:
		b.WriteString(x)
	case []byte:
		renderBinary(b, x)
	case time.Time:
		renderTime(b, x, t)
	case sqlengine.Interval:
		renderInterval(b, x)
	case []any:
		if t.ID == "JSON" {
			data, _ := json.Marshal(x)
			b.Write(data)
			return
		}
		if t.ID == "STRUCT" {
			renderRow(b, x, t)
		} else {
			renderArray(b, x, t)
		}
	case sqlengine.Map:
		renderMap(b, x, t)
	case map[string]any:
		data, _ := json.Marshal(x)
		b.Write(data)
	default:
		fmt.Fprint(b, x)
	}
}

// renderBinary prints bytes as Trino does: hex pairs separated by spaces.
func renderBinary(b *strings.Builder, x []byte) {
	for i, c := range x {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(hex.EncodeToString([]byte{c}))
	}
}

func renderTime(b *strings.Builder, x time.Time, t sqlengine.Type) {
	switch t.ID {
	case "DATE":
		b.WriteString(x.Format("2006-01-02"))
	case "TIME", "TIMETZ", "TIME WITH TIME ZONE":
		b.WriteString(x.Format("15:04:05.000"))
	case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
		b.WriteString(x.UTC().Format("2006-01-02 15:04:05.000") + " UTC")
	default:
		b.WriteString(x.Format("2006-01-02 15:04:05.000"))
	}
}

// renderInterval prints "D HH:MM:SS.mmm" (day to second) or "Y-M" (year to month).
func renderInterval(b *strings.Builder, x sqlengine.Interval) {
	if x.Days == 0 && x.Micros == 0 && x.Months != 0 {
		m := x.Months
		sign := ""
		if m < 0 {
			sign, m = "-", -m
		}
		fmt.Fprintf(b, "%s%d-%d", sign, m/12, m%12)
		return
	}
	ms := int64(x.Days)*86400000 + int64(x.Months)*30*86400000 + x.Micros/1000
	sign := ""
	if ms < 0 {
		sign, ms = "-", -ms
	}
	fmt.Fprintf(b, "%s%d %02d:%02d:%02d.%03d", sign, ms/86400000, ms/3600000%24, ms/60000%60, ms/1000%60, ms%1000)
}

func elemType(t sqlengine.Type) sqlengine.Type {
	if t.Elem != nil {
		return *t.Elem
	}
	return sqlengine.Type{ID: "UNKNOWN"}
}

func renderArray(b *strings.Builder, x []any, t sqlengine.Type) {
	et := elemType(t)
	b.WriteByte('[')
	for i, e := range x {
		if i > 0 {
			b.WriteString(", ")
		}
		render(b, e, et)
	}
	b.WriteByte(']')
}

func renderMap(b *strings.Builder, x sqlengine.Map, t sqlengine.Type) {
	kt, vt := sqlengine.Type{ID: "UNKNOWN"}, sqlengine.Type{ID: "UNKNOWN"}
	if t.Key != nil {
		kt, vt = *t.Key, *t.Value
	}
	b.WriteByte('{')
	for i := range x.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		render(b, x.Keys[i], kt)
		b.WriteByte('=')
		render(b, x.Values[i], vt)
	}
	b.WriteByte('}')
}

func renderRow(b *strings.Builder, x []any, t sqlengine.Type) {
	b.WriteByte('{')
	for i, v := range x {
		if i > 0 {
			b.WriteString(", ")
		}
		ft := sqlengine.Type{ID: "UNKNOWN"}
		name := fmt.Sprintf("field%d", i)
		if i < len(t.Fields) {
			ft = t.Fields[i].Type
			if t.Fields[i].Name != "" {
				name = t.Fields[i].Name
			}
		}
		b.WriteString(name)
		b.WriteByte('=')
		render(b, v, ft)
	}
	b.WriteByte('}')
}

// JavaFloat renders a floating-point number as Java's Double.toString
// (bits 64) or Float.toString (bits 32) does: the shortest digits that read
// back exactly, in plain notation for magnitudes in [1e-3, 1e7) and as
// "d.dddE±n" otherwise, always with a fractional digit.
func JavaFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // "1.234e-05"
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(n)
}
