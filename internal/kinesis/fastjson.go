package kinesis

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
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

// fastPutRecords decodes a PutRecords body, or reports false. The records'
// Data are decoded into data's storage, which must outlive their use.
func fastPutRecords(body []byte, data *bytes.Buffer) (*PutRecordsInput, bool) {
	s := &jsonScanner{b: body}
	in := &PutRecordsInput{}
	type rawEntry struct{ data, pk, ehk []byte }
	var raws []rawEntry
	dataLen := 0
	ok := s.object(func(k []byte) bool {
		switch string(k) {
		case "StreamName", "StreamARN":
			v, ok := s.str()
			if string(k) == "StreamName" {
				in.StreamName = string(v)
			} else {
				in.StreamARN = string(v)
			}
			return ok
		case "Records":
			if !s.consume('[') {
				return false
			}
			raws = make([]rawEntry, 0, 500)
			if s.consume(']') {
				return true
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
					return false
				}
				dataLen += base64.StdEncoding.DecodedLen(len(e.data))
				raws = append(raws, e)
				if s.consume(']') {
					return true
				}
				if !s.consume(',') {
					return false
				}
			}
		default:
			return !knownKey(k, "StreamName", "StreamARN", "Records") && s.skip(0)
		}
	})
	s.ws()
	if !ok || s.i != len(s.b) || raws == nil {
		return nil, false
	}
	// One buffer holds every record's decoded Data.
	data.Reset()
	data.Grow(dataLen)
	buf := data.AvailableBuffer()[:dataLen]
	in.Records = make([]kinesis.PutRecordsRequestEntry, len(raws))
	off := 0
	for i, e := range raws {
		n, err := base64.StdEncoding.Decode(buf[off:], e.data)
		if err != nil {
			return nil, false
		}
		in.Records[i] = kinesis.PutRecordsRequestEntry{Data: buf[off : off+n : off+n], PartitionKey: string(e.pk), ExplicitHashKey: string(e.ehk)}
		off += n
	}
	return in, true
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			b = append(b, c)
			i++
			continue
		}
		if c < 0x80 {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, `\u202`...)
			b = append(b, "89"[r-'\u2028'])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// encodePutRecordsOutput renders PutRecords' output.
func encodePutRecordsOutput(out *kinesis.PutRecordsOutput) []byte {
	b := make([]byte, 0, 32+len(out.Records)*96)
	if out.EncryptionType != "" {
		b = append(b, `{"EncryptionType":`...)
		b = appendJSONString(b, out.EncryptionType)
		b = append(b, `,"FailedRecordCount":`...)
	} else {
		b = append(b, `{"FailedRecordCount":`...)
	}
	b = strconv.AppendInt(b, int64(*out.FailedRecordCount), 10)
	b = append(b, `,"Records":[`...)
	for i, r := range out.Records {
		if i > 0 {
			b = append(b, ',')
		}
		if r.ErrorCode != "" {
			b = append(b, `{"ErrorCode":`...)
			b = appendJSONString(b, r.ErrorCode)
			b = append(b, `,"ErrorMessage":`...)
			b = appendJSONString(b, r.ErrorMessage)
			b = append(b, '}')
			continue
		}
		b = append(b, `{"SequenceNumber":"`...)
		b = append(b, r.SequenceNumber...)
		b = append(b, `","ShardId":"`...)
		b = append(b, r.ShardId...)
		b = append(b, `"}`...)
	}
	return append(b, "]}"...)
}

// appendEpochSeconds renders a Unix-ms time as awsJson does: seconds, with
// a three-digit fraction unless it is whole.
func appendEpochSeconds(b []byte, ms int64) []byte {
	if ms%1000 == 0 {
		return strconv.AppendInt(b, ms/1000, 10)
	}
	return strconv.AppendFloat(b, float64(ms)/1000, 'f', 3, 64)
}

// encodeGetRecordsOutput renders GetRecords' output, appending to b.
func encodeGetRecordsOutput(b []byte, out *GetRecordsOutput) []byte {
	size := 128
	for i := range out.Records {
		size += base64.StdEncoding.EncodedLen(len(out.Records[i].Data)) + len(out.Records[i].PartitionKey) + 160
	}
	b = slices.Grow(b, size)
	b = append(b, '{')
	if len(out.ChildShards) > 0 {
		b = append(b, `"ChildShards":[`...)
		for i, c := range out.ChildShards {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"HashKeyRange":{"EndingHashKey":"`...)
			b = append(b, c.HashKeyRange.EndingHashKey...)
			b = append(b, `","StartingHashKey":"`...)
			b = append(b, c.HashKeyRange.StartingHashKey...)
			b = append(b, `"},"ParentShards":[`...)
			for j, p := range c.ParentShards {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, p)
			}
			b = append(b, `],"ShardId":`...)
			b = appendJSONString(b, c.ShardId)
			b = append(b, '}')
		}
		b = append(b, "],"...)
	}
	if out.MillisBehindLatest != nil {
		b = append(b, `"MillisBehindLatest":`...)
		b = strconv.AppendInt(b, *out.MillisBehindLatest, 10)
		b = append(b, ',')
	}
	if out.NextShardIterator != "" {
		b = append(b, `"NextShardIterator":`...)
		b = appendJSONString(b, out.NextShardIterator)
		b = append(b, ',')
	}
	b = append(b, `"Records":[`...)
	for i := range out.Records {
		r := &out.Records[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"ApproximateArrivalTimestamp":`...)
		b = appendEpochSeconds(b, r.ApproximateArrivalTimestamp.UnixMilli())
		b = append(b, `,"Data":"`...)
		b = base64.StdEncoding.AppendEncode(b, r.Data)
		b = append(b, '"')
		if r.EncryptionType != "" {
			b = append(b, `,"EncryptionType":`...)
			b = appendJSONString(b, r.EncryptionType)
		}
		b = append(b, `,"PartitionKey":`...)
		b = appendJSONString(b, r.PartitionKey)
		b = append(b, `,"SequenceNumber":"`...)
		b = append(b, r.SequenceNumber...)
		b = append(b, `"}`...)
	}
	return append(b, "]}"...)
}
