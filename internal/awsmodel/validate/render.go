package validate

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Render prints a value the way AWS's Java services print it in validation
// messages: strings bare, numbers in Java notation, blobs as the
// ByteBuffer Java shows, lists as [a, b], maps as {k=v}, and structures as
// Name(member=value, other=null).
func Render(v any) string {
	var b strings.Builder
	render(&b, reflect.ValueOf(v))
	return b.String()
}

var timestampType = reflect.TypeFor[awsproto.Timestamp]()

func render(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() {
		b.WriteString("null")
		return
	}
	if v.Type() == timestampType {
		t := v.Interface().(awsproto.Timestamp)
		b.WriteString(t.UTC().Format("Mon Jan 02 15:04:05 UTC 2006"))
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return
		}
		render(b, v.Elem())
	case reflect.String:
		b.WriteString(v.String())
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float32, reflect.Float64:
		b.WriteString(JavaDouble(v.Float()))
	case reflect.Slice:
		renderSlice(b, v)
	case reflect.Map:
		renderMap(b, v)
	case reflect.Struct:
		renderStruct(b, v)
	default:
		b.WriteString(v.String())
	}
}

func renderSlice(b *strings.Builder, v reflect.Value) {
	if v.IsNil() {
		b.WriteString("null")
		return
	}
	if v.Type().Elem().Kind() == reflect.Uint8 {
		n := strconv.Itoa(v.Len())
		b.WriteString("java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]")
		return
	}
	b.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		render(b, v.Index(i))
	}
	b.WriteByte(']')
}

func renderMap(b *strings.Builder, v reflect.Value) {
	if v.IsNil() {
		b.WriteString("null")
		return
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.String())
		b.WriteByte('=')
		render(b, v.MapIndex(k))
	}
	b.WriteByte('}')
}

// renderStruct prints a structure as AWS's Java services print their
// request objects: Name(member=value, other=null). A Go string cannot tell
// absent from empty, so an empty string member prints as null.
func renderStruct(b *strings.Builder, v reflect.Value) {
	t := v.Type()
	b.WriteString(t.Name() + "(")
	first := true
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" {
			name = sf.Name
		}
		b.WriteString(strings.ToLower(name[:1]) + name[1:] + "=")
		if f := v.Field(i); f.Kind() == reflect.String && f.Len() == 0 {
			b.WriteString("null")
		} else {
			render(b, f)
		}
	}
	b.WriteByte(')')
}

// JavaDouble formats f as Java's Double.toString does for ordinary
// magnitudes: always with a fractional part ("1.0", "0.5").
func JavaDouble(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}
