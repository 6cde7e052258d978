package awsproto

import (
	"bytes"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/smithy-go/eventstream"
)

func TestEventMessageGolden(t *testing.T) {
	// A message with one string header and a small payload, framed by hand:
	// total 0x1d (29), headers 0x0b (11), prelude CRC, the header (name
	// length 2, ":a", type 7, value length 5, "bcdef"), "{}", message CRC.
	got := AppendEventMessage(nil, []EventHeader{{":a", "bcdef"}}, []byte("{}"))
	wantHex := "0000001d" + "0000000b" + "6a8055d2" + "023a6107000562636465667b7d" + "531be2c9"
	if hex.EncodeToString(got) != wantHex {
		t.Fatalf("message %x, want %s", got, wantHex)
	}
	m, err := ReadEventMessage(bytes.NewReader(got))
	if err != nil || m.Header(":a") != "bcdef" || string(m.Payload) != "{}" {
		t.Fatalf("decode: %+v, %v", m, err)
	}
}

// TestEventMessageSDKDecoder checks the framing against the AWS SDK's decoder.
func TestEventMessageSDKDecoder(t *testing.T) {
	var buf []byte
	buf = AppendEventMessage(buf, []EventHeader{{":event-type", "initial-response"}, {":content-type", "application/json"}, {":message-type", "event"}}, []byte("{}"))
	buf = AppendEventMessage(buf, []EventHeader{{":event-type", "SubscribeToShardEvent"}, {":message-type", "event"}}, bytes.Repeat([]byte("x"), 70000))
	dec := eventstream.NewDecoder()
	r := bytes.NewReader(buf)
	m1, err := dec.Decode(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := m1.Headers.Get(":event-type"); v == nil || v.String() != "initial-response" {
		t.Fatalf("first event type %v", v)
	}
	m2, err := dec.Decode(r, nil)
	if err != nil || len(m2.Payload) != 70000 {
		t.Fatalf("second message: %v (%d bytes)", err, len(m2.Payload))
	}
	if _, err := dec.Decode(r, nil); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
}

func TestEventMessageCorruption(t *testing.T) {
	msg := AppendEventMessage(nil, []EventHeader{{":message-type", "event"}}, []byte("payload"))
	for i := range msg {
		b := bytes.Clone(msg)
		b[i] ^= 1
		if _, err := ReadEventMessage(bytes.NewReader(b)); err == nil {
			t.Fatalf("flipped byte %d accepted", i)
		}
	}
}

func TestEventStreamWriterFlushes(t *testing.T) {
	rec := httptest.NewRecorder()
	w := NewEventStreamWriter(rec)
	if err := w.Event("initial-response", "application/json", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if !rec.Flushed || rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != EventStreamContentType {
		t.Fatalf("flushed=%v code=%d ct=%q", rec.Flushed, rec.Code, rec.Header().Get("Content-Type"))
	}
	m, err := ReadEventMessage(rec.Body)
	if err != nil || m.Header(":message-type") != "event" {
		t.Fatalf("%+v %v", m, err)
	}
}

func FuzzReadEventMessage(f *testing.F) {
	f.Add(AppendEventMessage(nil, []EventHeader{{":event-type", "x"}}, []byte("{}")))
	f.Add([]byte{0, 0, 0, 16, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadEventMessage(bytes.NewReader(data))
		if err == nil && m == nil {
			t.Fatal("nil message without error")
		}
	})
}
