package awsproto

import (
	"bytes"
	"encoding/hex"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

type cborPutRecord struct {
	StreamName   *string `json:"StreamName,omitempty"`
	Data         []byte  `json:"Data,omitempty"`
	PartitionKey *string `json:"PartitionKey,omitempty"`
}

type cborRecord struct {
	SequenceNumber              *string    `json:"SequenceNumber,omitempty"`
	ApproximateArrivalTimestamp *Timestamp `json:"ApproximateArrivalTimestamp,omitempty"`
	Data                        []byte     `json:"Data,omitempty"`
	PartitionKey                *string    `json:"PartitionKey,omitempty"`
}

type cborGetRecordsOut struct {
	Records            []cborRecord `json:"Records"`
	MillisBehindLatest *int64       `json:"MillisBehindLatest,omitempty"`
}

type cborShardIteratorIn struct {
	StreamName        *string    `json:"StreamName,omitempty"`
	ShardIteratorType *string    `json:"ShardIteratorType,omitempty"`
	Timestamp         *Timestamp `json:"Timestamp,omitempty"`
}

func newCodec(t testing.TB) *CBORCodec {
	c, err := NewCBORCodec()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// javaPutRecord is a PutRecord body as the Java SDK's Jackson CBORGenerator
// writes it: an indefinite-length map (0xbf ... 0xff), text-string member
// names, and Data as a byte string (major type 2).
var javaPutRecord = mustHex("bf" +
	"6a" + hex.EncodeToString([]byte("StreamName")) + "66" + hex.EncodeToString([]byte("orders")) +
	"64" + hex.EncodeToString([]byte("Data")) + "43" + "010203" +
	"6c" + hex.EncodeToString([]byte("PartitionKey")) + "61" + hex.EncodeToString([]byte("k")) +
	"ff")

func TestCBORDecodeJavaPutRecord(t *testing.T) {
	var in cborPutRecord
	if err := newCodec(t).Unmarshal(javaPutRecord, &in); err != nil {
		t.Fatal(err)
	}
	if *in.StreamName != "orders" || !bytes.Equal(in.Data, []byte{1, 2, 3}) || *in.PartitionKey != "k" {
		t.Fatalf("decoded %+v", in)
	}
}

func TestCBORDecodeJavaTimestamp(t *testing.T) {
	// GetShardIterator with Timestamp = tag 1 (0xc1) wrapping the epoch
	// milliseconds 1700000000123 as a 64-bit integer (0x1b ...), as
	// SdkCborGenerator.writeValue(Instant) writes it.
	body := mustHex("bf" +
		"6a" + hex.EncodeToString([]byte("StreamName")) + "61" + "73" +
		"71" + hex.EncodeToString([]byte("ShardIteratorType")) + "6c" + hex.EncodeToString([]byte("AT_TIMESTAMP")) +
		"69" + hex.EncodeToString([]byte("Timestamp")) + "c1" + "1b0000018bcfe5687b" +
		"ff")
	var in cborShardIteratorIn
	if err := newCodec(t).Unmarshal(body, &in); err != nil {
		t.Fatal(err)
	}
	if got := in.Timestamp.UnixMilli(); got != 1700000000123 {
		t.Fatalf("timestamp %d, want 1700000000123", got)
	}
}

func TestCBOREncodeGetRecordsGolden(t *testing.T) {
	seq, pk := "1", "k"
	ms := int64(0)
	out := cborGetRecordsOut{
		Records: []cborRecord{{SequenceNumber: &seq, ApproximateArrivalTimestamp: NewTimestamp(time.UnixMilli(1700000000123)),
			Data: []byte("hi"), PartitionKey: &pk}},
		MillisBehindLatest: &ms,
	}
	got, err := newCodec(t).Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "a2" + // map(2)
		"67" + hex.EncodeToString([]byte("Records")) + "81" + "a4" + // [ {4 members} ]
		"6e" + hex.EncodeToString([]byte("SequenceNumber")) + "6131" +
		"781b" + hex.EncodeToString([]byte("ApproximateArrivalTimestamp")) + "c1" + "1b0000018bcfe5687b" +
		"64" + hex.EncodeToString([]byte("Data")) + "42" + "6869" +
		"6c" + hex.EncodeToString([]byte("PartitionKey")) + "616b" +
		"72" + hex.EncodeToString([]byte("MillisBehindLatest")) + "00"
	if hex.EncodeToString(got) != want {
		t.Fatalf("encoded\n%x\nwant\n%s", got, want)
	}
	// A generic decoder sees tag 1 around an integer, and a byte string.
	var generic map[string]any
	if err := cbor.Unmarshal(got, &generic); err != nil {
		t.Fatal(err)
	}
	rec := generic["Records"].([]any)[0].(map[any]any)
	if _, ok := rec["Data"].([]byte); !ok {
		t.Fatalf("Data decoded as %T", rec["Data"])
	}
}

func TestCBORError(t *testing.T) {
	e := NewError("ResourceNotFoundException", 400, "Stream s under account 000000000000 not found.")
	b := newCodec(t).MarshalError(e, "", "message")
	var m map[string]string
	if err := cbor.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["__type"] != e.Code || m["message"] != e.Message || len(m) != 2 {
		t.Fatalf("error body %v", m)
	}
}

func TestCBORRejectsGarbage(t *testing.T) {
	c := newCodec(t)
	for _, body := range [][]byte{{0xff}, {0xbf}, mustHex("a1" + "6a" + hex.EncodeToString([]byte("StreamName")) + "05")} {
		var in cborPutRecord
		err := c.Unmarshal(body, &in)
		if ae, ok := err.(*Error); !ok || ae.Code != "SerializationException" {
			t.Fatalf("Unmarshal(%x) = %v", body, err)
		}
	}
}

func FuzzCBORDecode(f *testing.F) {
	f.Add(javaPutRecord)
	f.Add([]byte{0xa0})
	f.Add(mustHex("a1" + "69" + hex.EncodeToString([]byte("Timestamp")) + "c1" + "fb4278bcfe568b0000"))
	c := newCodec(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var in cborShardIteratorIn
		_ = c.Unmarshal(data, &in)
		var p cborPutRecord
		_ = c.Unmarshal(data, &p)
	})
}
