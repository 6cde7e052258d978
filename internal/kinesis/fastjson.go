package kinesis

import (
	"bytes"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/kinesis/internal/b64"
)

// PutRecords and GetRecords carry nearly all of a stream's bytes, and
// encoding/json spends most of its time on them validating and unquoting
// the base64 Data strings. The functions here decode a PutRecords body and
// encode the two outputs directly. The decoder only accepts what it fully
// understands; anything else (escapes, nulls, unexpected types, malformed
// JSON) makes it give up, and the request takes the generic path, which
// produces the usual errors.

// jsonScanner walks a JSON document.
type jsonScanner struct {
	b []byte
	i int
}

func (s *jsonScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// consume skips whitespace and then c.
func (s *jsonScanner) consume(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string without escapes and returns its raw bytes (valid UTF-8).
func (s *jsonScanner) str() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	start := s.i + 1
	ascii := true
	for j := start; j < len(s.b); j++ {
		c := s.b[j]
		switch {
		case c == '"':
			s.i = j + 1
			v := s.b[start:j]
			if !ascii && !utf8.Valid(v) {
				return nil, false
			}
			return v, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, false
}

// raw reads a string without escapes and returns its bytes unchecked: for
// base64 Data, whose decoder rejects every byte that is not base64 anyway.
// It finds the closing quote with a vectorised search instead of looking
// at each byte.
func (s *jsonScanner) raw() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	start := s.i + 1
	n := bytes.IndexByte(s.b[start:], '"')
	if n < 0 {
		return nil, false
	}
	v := s.b[start : start+n]
	if bytes.IndexByte(v, '\\') >= 0 {
		return nil, false
	}
	s.i = start + n + 1
	return v, true
}

// skip skips any value that has no escapes in its strings.
func (s *jsonScanner) skip(depth int) bool {
	if depth > 32 {
		return false
	}
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, ok := s.str()
		return ok
	case c == '{' || c == '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		s.i++
		if s.consume(end) {
			return true
		}
		for {
			if c == '{' {
				if _, ok := s.str(); !ok || !s.consume(':') {
					return false
				}
			}
			if !s.skip(depth + 1) {
				return false
			}
			if s.consume(end) {
				return true
			}
			if !s.consume(',') {
				return false
			}
		}
	default:
		start := s.i
		for s.i < len(s.b) && (s.b[s.i] == '-' || s.b[s.i] == '+' || s.b[s.i] == '.' || s.b[s.i] >= '0' && s.b[s.i] <= '9' ||
			s.b[s.i] >= 'a' && s.b[s.i] <= 'z' || s.b[s.i] == 'E') {
			s.i++
		}
		lit := string(s.b[start:s.i])
		return lit == "true" || lit == "false" || lit == "null" || jsonNumber(lit)
	}
}

// jsonNumber reports whether lit is a number in JSON's grammar.
func jsonNumber(lit string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(lit) && lit[i] >= '0' && lit[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(lit) && lit[i] == '-' {
		i++
	}
	if i < len(lit) && lit[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(lit) && lit[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		if i < len(lit) && (lit[i] == '+' || lit[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(lit)
}

// knownKey reports whether k matches one of keys ignoring case but not
// exactly: encoding/json would bind it, so the fast path must not skip it.
func knownKey(k []byte, keys ...string) bool {
	for _, want := range keys {
		if strings.EqualFold(string(k), want) {
			return true
		}
	}
	return false
}

// object calls field for each member of an object.
func (s *jsonScanner) object(field func(key []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		k, ok := s.str()
		if !ok || !s.consume(':') || !field(k) {
			return false
		}
		if s.consume('}') {
			return true
		}
		if !s.consume(',') {
			return false
		}
	}
}

// rawEntry is one PutRecords entry as it appears in the body.
type rawEntry struct{ data, pk, ehk []byte }

// fastPutRecords decodes a PutRecords body, or reports false. The records'
// Data are decoded into data's storage, which must outlive their use.
func fastPutRecords(body []byte, data *bytes.Buffer) (*PutRecordsInput, bool) {
	s := &jsonScanner{b: body}
	in := &PutRecordsInput{}
	var raws []rawEntry
	ok := s.object(func(k []byte) bool {
		var ok bool
		var v []byte
		switch string(k) {
		case "StreamName":
			v, ok = s.str()
			in.StreamName = string(v)
		case "StreamARN":
			v, ok = s.str()
			in.StreamARN = string(v)
		case "Records":
			raws, ok = s.entries()
		default:
			ok = !knownKey(k, "StreamName", "StreamARN", "Records") && s.skip(0)
		}
		return ok
	})
	s.ws()
	if !ok || s.i != len(s.b) || raws == nil {
		return nil, false
	}
	return in, decodeEntries(in, raws, data)
}

// entries reads the Records array.
func (s *jsonScanner) entries() ([]rawEntry, bool) {
	if !s.consume('[') {
		return nil, false
	}
	raws := make([]rawEntry, 0, 500)
	if s.consume(']') {
		return raws, true
	}
	for {
		var e rawEntry
		hasData := false
		ok := s.object(func(k []byte) bool {
			var ok bool
			switch string(k) {
			case "Data":
				e.data, ok = s.raw()
				hasData = true
			case "PartitionKey":
				e.pk, ok = s.str()
			case "ExplicitHashKey":
				e.ehk, ok = s.str()
			default:
				ok = !knownKey(k, "Data", "PartitionKey", "ExplicitHashKey") && s.skip(0)
			}
			return ok
		})
		if !ok || !hasData {
			return nil, false
		}
		raws = append(raws, e)
		if s.consume(']') {
			return raws, true
		}
		if !s.consume(',') {
			return nil, false
		}
	}
}

// decodeEntries fills in.Records, decoding every Data into one buffer.
func decodeEntries(in *PutRecordsInput, raws []rawEntry, data *bytes.Buffer) bool {
	size := 0
	for i := range raws {
		size += base64.StdEncoding.DecodedLen(len(raws[i].data))
	}
	data.Reset()
	data.Grow(size)
	buf := data.AvailableBuffer()[:size]
	in.Records = make([]kinesis.PutRecordsRequestEntry, len(raws))
	off := 0
	for i, e := range raws {
		n, err := b64.Decode(buf[off:], e.data)
		if err != nil {
			return false
		}
		in.Records[i] = kinesis.PutRecordsRequestEntry{Data: buf[off : off+n : off+n], PartitionKey: string(e.pk), ExplicitHashKey: string(e.ehk)}
		off += n
	}
	return true
}
