package awsproto

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"net/http"
)

// The AWS event stream framing (application/vnd.amazon.eventstream), used
// by SubscribeToShard and other streaming operations. Each message is
//
//	total length (4) | headers length (4) | prelude CRC32 (4) |
//	headers | payload | message CRC32 (4)
//
// with big-endian lengths and IEEE CRC32s; each header is a one-byte name
// length, the name, a type byte and a typed value (nubo only sends strings:
// type 7, two-byte length).

// EventStreamContentType is the Content-Type of an event stream response.
const EventStreamContentType = "application/vnd.amazon.eventstream"

// EventHeader is one string-valued event stream header.
type EventHeader struct {
	Name  string
	Value string
}

const (
	eventPreludeLen = 12
	eventCRCLen     = 4
	headerTypeStr   = 7
	// eventMaxMessage is the largest message the format allows (16 MiB).
	eventMaxMessage = 16 << 20
)

// ErrEventMessage reports a malformed event stream message.
var ErrEventMessage = errors.New("awsproto: malformed event stream message")

// AppendEventMessage appends one framed message to dst.
func AppendEventMessage(dst []byte, headers []EventHeader, payload []byte) []byte {
	hlen := 0
	for _, h := range headers {
		hlen += 1 + len(h.Name) + 1 + 2 + len(h.Value)
	}
	total := eventPreludeLen + hlen + len(payload) + eventCRCLen
	start := len(dst)
	dst = binary.BigEndian.AppendUint32(dst, uint32(total))
	dst = binary.BigEndian.AppendUint32(dst, uint32(hlen))
	dst = binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:start+8]))
	for _, h := range headers {
		dst = append(dst, byte(len(h.Name)))
		dst = append(dst, h.Name...)
		dst = append(dst, headerTypeStr)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(h.Value)))
		dst = append(dst, h.Value...)
	}
	dst = append(dst, payload...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
}

// EventMessage is a decoded message.
type EventMessage struct {
	Headers []EventHeader
	Payload []byte
}

// Header returns the value of the named header, or "".
func (m *EventMessage) Header(name string) string {
	for _, h := range m.Headers {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

// ReadEventMessage reads one message from r, checking both CRCs. It returns
// io.EOF at a clean end of stream.
func ReadEventMessage(r io.Reader) (*EventMessage, error) {
	var prelude [eventPreludeLen]byte
	if _, err := io.ReadFull(r, prelude[:]); err != nil {
		return nil, err
	}
	total := binary.BigEndian.Uint32(prelude[0:4])
	hlen := binary.BigEndian.Uint32(prelude[4:8])
	if crc32.ChecksumIEEE(prelude[:8]) != binary.BigEndian.Uint32(prelude[8:12]) {
		return nil, ErrEventMessage
	}
	if total > eventMaxMessage || total < eventPreludeLen+eventCRCLen || hlen > total-eventPreludeLen-eventCRCLen {
		return nil, ErrEventMessage
	}
	msg := make([]byte, total)
	copy(msg, prelude[:])
	if _, err := io.ReadFull(r, msg[eventPreludeLen:]); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return decodeEventMessage(msg, hlen)
}

func decodeEventMessage(msg []byte, hlen uint32) (*EventMessage, error) {
	end := len(msg) - eventCRCLen
	if crc32.ChecksumIEEE(msg[:end]) != binary.BigEndian.Uint32(msg[end:]) {
		return nil, ErrEventMessage
	}
	hdrs := msg[eventPreludeLen : eventPreludeLen+hlen]
	m := &EventMessage{Payload: msg[eventPreludeLen+hlen : end]}
	for len(hdrs) > 0 {
		n := int(hdrs[0])
		if len(hdrs) < 1+n+1 {
			return nil, ErrEventMessage
		}
		name := string(hdrs[1 : 1+n])
		typ := hdrs[1+n]
		hdrs = hdrs[2+n:]
		size, ok := eventHeaderValueSize(typ, hdrs)
		if !ok || len(hdrs) < size {
			return nil, ErrEventMessage
		}
		if typ == headerTypeStr || typ == 6 {
			m.Headers = append(m.Headers, EventHeader{name, string(hdrs[2:size])})
		}
		hdrs = hdrs[size:]
	}
	return m, nil
}

// eventHeaderValueSize is the encoded size of a header value of type typ.
func eventHeaderValueSize(typ byte, b []byte) (int, bool) {
	switch typ {
	case 0, 1: // bool true, false
		return 0, true
	case 2: // byte
		return 1, true
	case 3: // int16
		return 2, true
	case 4: // int32
		return 4, true
	case 5, 8: // int64, timestamp
		return 8, true
	case 6, 7: // bytes, string
		if len(b) < 2 {
			return 0, false
		}
		return 2 + int(binary.BigEndian.Uint16(b)), true
	case 9: // uuid
		return 16, true
	}
	return 0, false
}

// EventStreamWriter writes framed messages to an HTTP response and flushes
// each one, so that a subscriber sees events as they happen on HTTP/1.1
// (chunked) and HTTP/2 alike.
type EventStreamWriter struct {
	w   io.Writer
	rc  *http.ResponseController
	buf []byte
}

// NewEventStreamWriter starts an event stream response: status 200 and the
// event stream content type are sent at once.
func NewEventStreamWriter(w http.ResponseWriter) *EventStreamWriter {
	w.Header().Set("Content-Type", EventStreamContentType)
	w.WriteHeader(http.StatusOK)
	e := &EventStreamWriter{w: w, rc: http.NewResponseController(w)}
	e.rc.Flush()
	return e
}

// Event sends an event message (":message-type" event).
func (e *EventStreamWriter) Event(eventType, contentType string, payload []byte) error {
	return e.write([]EventHeader{
		{":event-type", eventType},
		{":content-type", contentType},
		{":message-type", "event"},
	}, payload)
}

// Exception sends a modeled error (":message-type" exception) that ends the stream.
func (e *EventStreamWriter) Exception(exceptionType, contentType string, payload []byte) error {
	return e.write([]EventHeader{
		{":exception-type", exceptionType},
		{":content-type", contentType},
		{":message-type", "exception"},
	}, payload)
}

// Error sends an unmodeled error (":message-type" error).
func (e *EventStreamWriter) Error(code, message string) error {
	return e.write([]EventHeader{
		{":error-code", code},
		{":error-message", message},
		{":message-type", "error"},
	}, nil)
}

func (e *EventStreamWriter) write(h []EventHeader, payload []byte) error {
	e.buf = AppendEventMessage(e.buf[:0], h, payload)
	if _, err := e.w.Write(e.buf); err != nil {
		return err
	}
	return e.rc.Flush()
}
