package awsproto

import (
	"github.com/fxamacker/cbor/v2"
)

// CBORContentType is the media type of the CBOR variant of awsJson 1.1,
// which the JVM SDKs use for Kinesis by default.
const CBORContentType = "application/x-amz-cbor-1.1"

// CBORCodec is the CBOR variant of awsJson: the same members as the JSON
// body, encoded as CBOR maps (RFC 8949). Blobs travel as byte strings and
// timestamps as tag 1 wrapping epoch milliseconds (not seconds: that is how
// the Java SDKs write and read them; see timestamp_cbor.go). Errors are a map
// with __type and message, plus the X-Amzn-ErrorType header the JSON
// service sets for every codec.
type CBORCodec struct {
	enc cbor.EncMode
	dec cbor.DecMode
}

// NewCBORCodec builds the codec.
func NewCBORCodec() (*CBORCodec, error) {
	enc, err := cbor.EncOptions{
		// Integers and floats take their shortest exact form, as Jackson writes them.
		ShortestFloat: cbor.ShortestFloat16,
		NaNConvert:    cbor.NaNConvert7e00,
		InfConvert:    cbor.InfConvertFloat16,
		IndefLength:   cbor.IndefLengthAllowed,
		String:        cbor.StringToTextString,
		ByteArray:     cbor.ByteArrayToByteSlice,
	}.EncMode()
	if err != nil {
		return nil, err
	}
	dec, err := cbor.DecOptions{
		// Jackson's CBORGenerator writes objects as indefinite-length maps.
		IndefLength:       cbor.IndefLengthAllowed,
		DupMapKey:         cbor.DupMapKeyQuiet,
		FieldNameMatching: cbor.FieldNameMatchingCaseSensitive,
		MaxNestedLevels:   32,
		// Lists such as PutRecords' 500 entries stay far below these.
		MaxArrayElements: 1 << 17,
		MaxMapPairs:      1 << 17,
		UTF8:             cbor.UTF8RejectInvalid,
	}.DecMode()
	if err != nil {
		return nil, err
	}
	return &CBORCodec{enc: enc, dec: dec}, nil
}

// ContentType is the media type of CBOR responses.
func (c *CBORCodec) ContentType() string { return CBORContentType }

// Unmarshal decodes a CBOR request body into v; a body that is not one
// well-formed CBOR map, or whose members have the wrong types, is a
// SerializationException.
func (c *CBORCodec) Unmarshal(data []byte, v any) error {
	if len(data) == 0 {
		return nil
	}
	if err := c.dec.Unmarshal(data, v); err != nil {
		if ae, ok := err.(*Error); ok {
			return ae
		}
		return SerializationError("Start of structure or map found where not expected.")
	}
	return nil
}

// Marshal encodes a response.
func (c *CBORCodec) Marshal(v any) ([]byte, error) { return c.enc.Marshal(v) }

// MarshalError renders {"__type": code, "message": ...} plus any extra fields.
func (c *CBORCodec) MarshalError(e *Error, typePrefix, messageKey string) []byte {
	var b []byte
	n := 1 + len(e.Fields)
	if e.Message != "" {
		n++
	}
	b = cborHead(b, 5, uint64(n))
	b = cborText(b, "__type")
	b = cborText(b, typePrefix+e.Code)
	if e.Message != "" {
		b = cborText(b, messageKey)
		b = cborText(b, e.Message)
	}
	for _, f := range e.Fields {
		b = cborText(b, f.Name)
		b = cborText(b, f.Value)
	}
	return b
}

// cborHead appends a CBOR initial byte and argument for major type mt.
func cborHead(b []byte, mt byte, n uint64) []byte {
	m := mt << 5
	switch {
	case n < 24:
		return append(b, m|byte(n))
	case n <= 0xff:
		return append(b, m|24, byte(n))
	case n <= 0xffff:
		return append(b, m|25, byte(n>>8), byte(n))
	case n <= 0xffffffff:
		return append(b, m|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, m|27, byte(n>>56), byte(n>>48), byte(n>>40), byte(n>>32), byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

func cborText(b []byte, s string) []byte {
	b = cborHead(b, 3, uint64(len(s)))
	return append(b, s...)
}

var _ Codec = (*CBORCodec)(nil)
