package glue

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// maxJSONDepth bounds the nesting the JSON classifier follows.
const maxJSONDepth = 64

// classifyJSON recognises a file of JSON objects (JSON lines, or objects
// spread over several lines) and infers one column per top-level key, in
// order of first appearance. It returns nil when the sample is not JSON.
func classifyJSON(sample []byte, complete bool) *fileSchema {
	trimmed := bytes.TrimSpace(sample)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var row *hiveType
	var n int64
	for {
		t, err := jsonValueType(dec, 0)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if complete || n == 0 {
				return nil
			}
			break
		}
		if t.kind != "struct" {
			return nil
		}
		row = mergeTypes(row, lowerFieldNames(t))
		n++
	}
	if n == 0 {
		return nil
	}
	s := &fileSchema{format: classJSON, records: n, recordBytes: int64(len(trimmed)) / n}
	for _, f := range row.fields {
		s.columns = append(s.columns, awsglue.Column{Name: f.name, Type: f.typ.String()})
	}
	return s
}

// lowerFieldNames lower-cases the top-level keys (Glue's column names),
// merging keys that differ only in case.
func lowerFieldNames(t *hiveType) *hiveType {
	out := &hiveType{kind: "struct"}
	for _, f := range t.fields {
		out = mergeStructs(out, &hiveType{kind: "struct", fields: []hiveField{{name: strings.ToLower(f.name), typ: f.typ}}})
	}
	return out
}

// jsonValueType reads one JSON value from dec and infers its type. Keys
// keep their order of appearance. Values nested deeper than maxJSONDepth
// are skipped without recursion and typed as string.
func jsonValueType(dec *json.Decoder, depth int) (*hiveType, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch x := tok.(type) {
	case json.Delim:
		if depth >= maxJSONDepth {
			return typeStringVal, skipJSON(dec, 1)
		}
		if x == '{' {
			return jsonObjectType(dec, depth)
		}
		if x == '[' {
			return jsonArrayType(dec, depth)
		}
		return nil, errors.New("unexpected delimiter")
	case nil:
		return typeNull, nil
	case bool:
		return &hiveType{kind: "boolean"}, nil
	case string:
		return typeStringVal, nil
	case json.Number:
		return jsonNumberType(x), nil
	}
	return typeStringVal, nil
}

func jsonObjectType(dec *json.Decoder, depth int) (*hiveType, error) {
	t := &hiveType{kind: "struct"}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, ok := k.(string)
		if !ok {
			return nil, errors.New("object key is not a string")
		}
		ft, err := jsonValueType(dec, depth+1)
		if err != nil {
			return nil, err
		}
		t = mergeStructs(t, &hiveType{kind: "struct", fields: []hiveField{{name: name, typ: ft}}})
	}
	_, err := dec.Token() // the closing '}'
	return t, err
}

func jsonArrayType(dec *json.Decoder, depth int) (*hiveType, error) {
	elem := typeNull
	for dec.More() {
		et, err := jsonValueType(dec, depth+1)
		if err != nil {
			return nil, err
		}
		elem = mergeTypes(elem, et)
	}
	_, err := dec.Token() // the closing ']'
	return &hiveType{kind: "array", elem: elem}, err
}

// skipJSON consumes tokens until open delimiters are closed.
func skipJSON(dec *json.Decoder, open int) error {
	for open > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				open++
			} else {
				open--
			}
		}
	}
	return nil
}

// jsonNumberType is int for integers that fit 32 bits, bigint for 64, and
// double otherwise, as Glue's JSON classifier reports them.
func jsonNumberType(n json.Number) *hiveType {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			if v >= -1<<31 && v < 1<<31 {
				return &hiveType{kind: "int"}
			}
			return &hiveType{kind: "bigint"}
		}
	}
	return &hiveType{kind: "double"}
}
