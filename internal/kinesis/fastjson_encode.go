package kinesis

import (
	"encoding/base64"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/kinesis/internal/b64"
)

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
		b = appendChildShards(b, out.ChildShards)
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
		b = b64.AppendEncode(b, r.Data)
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

// appendChildShards renders the ChildShards member and a trailing comma.
func appendChildShards(b []byte, children []kinesis.ChildShard) []byte {
	b = append(b, `"ChildShards":[`...)
	for i, c := range children {
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
	return append(b, "],"...)
}
