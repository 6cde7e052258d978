// Package modeltest holds test helpers for the generated packages under
// internal/awsmodel: it fills generated shapes with values and checks that
// they survive a trip through the JSON codec.
package modeltest

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// maxDepth bounds the filling of recursive shapes.
const maxDepth = 4

var timestampType = reflect.TypeFor[awsproto.Timestamp]()

// Fill sets every member of the structure ptr points to, recursively, to a
// non-zero value that JSON can carry exactly.
func Fill(ptr any) {
	fill(reflect.ValueOf(ptr).Elem(), 0)
}

func fill(v reflect.Value, depth int) {
	if v.Type() == timestampType {
		v.Set(reflect.ValueOf(awsproto.Timestamp{Time: time.UnixMilli(1700000000123).UTC()}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("s-" + v.Type().String())
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Interface:
		v.Set(reflect.ValueOf("document"))
	case reflect.Pointer:
		if depth >= maxDepth && v.Type().Elem().Kind() == reflect.Struct {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte{0, 1, 2, 0xff})
			return
		}
		if depth >= maxDepth {
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if depth >= maxDepth {
			return
		}
		m := reflect.MakeMap(v.Type())
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		m.SetMapIndex(reflect.ValueOf("key"), e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth)
			}
		}
	}
}

// RoundTrip fills each shape, encodes it to JSON and decodes it into a fresh
// value, and fails t unless both are equal.
func RoundTrip(t *testing.T, shapes []any) {
	t.Helper()
	for _, s := range shapes {
		Fill(s)
		data, err := json.Marshal(s)
		if err != nil {
			t.Errorf("%T: marshal: %v", s, err)
			continue
		}
		back := reflect.New(reflect.TypeOf(s).Elem()).Interface()
		if err := json.Unmarshal(data, back); err != nil {
			t.Errorf("%T: unmarshal: %v", s, err)
			continue
		}
		if !reflect.DeepEqual(s, back) {
			t.Errorf("%T: round trip changed the value\n got %s", s, data)
		}
	}
}
