package awsproto

import (
	"math"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// In the CBOR variant of awsJson a timestamp is CBOR tag 1 wrapping an
// integer count of epoch milliseconds. RFC 8949 defines tag 1 as seconds,
// but the Java SDKs (v1's and v2's SdkCborGenerator) write
// Instant.toEpochMilli() under it and read timestamps back with
// getLongValue() as milliseconds, so AWS and nubo follow them.

// MarshalCBOR writes tag 1 and the epoch milliseconds.
func (t Timestamp) MarshalCBOR() ([]byte, error) {
	ms := t.UnixMilli()
	b := []byte{0xc1}
	if ms >= 0 {
		return cborHead(b, 0, uint64(ms)), nil
	}
	return cborHead(b, 1, uint64(-1-ms)), nil
}

// UnmarshalCBOR reads epoch milliseconds, tagged or not, integer or float.
func (t *Timestamp) UnmarshalCBOR(data []byte) error {
	var raw cbor.RawTag
	if len(data) > 0 && data[0]>>5 == 6 {
		if err := raw.UnmarshalCBOR(data); err != nil {
			return SerializationError("Unable to parse timestamp")
		}
		data = raw.Content
	}
	if len(data) == 1 && (data[0] == 0xf6 || data[0] == 0xf7) { // null, undefined
		return nil
	}
	var v any
	if err := cbor.Unmarshal(data, &v); err != nil {
		return SerializationError("Unable to parse timestamp")
	}
	var ms float64
	switch x := v.(type) {
	case uint64:
		ms = float64(x)
	case int64:
		ms = float64(x)
	case float64:
		ms = x
	default:
		return SerializationError("Unable to parse timestamp")
	}
	if math.IsNaN(ms) || math.IsInf(ms, 0) || math.Abs(ms) > 1e16 {
		return SerializationError("Unable to parse timestamp")
	}
	t.Time = time.UnixMilli(int64(ms)).UTC()
	return nil
}
