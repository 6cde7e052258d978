package kinesis

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// shardIterator is the position a GetRecords call continues from. On the
// wire it is opaque: base64 of a versioned binary record carrying the
// stream (name and creation time, so an iterator of a deleted and re-created
// stream is refused), the shard, the next offset to read, and when it was
// issued, followed by an HMAC so that a client cannot forge positions.
type shardIterator struct {
	stream        string
	streamCreated int64 // Unix ms, identifies one incarnation of the stream
	shard         uint32
	offset        uint64
	issued        int64 // Unix ms
}

// iteratorPrefix mirrors the eight leading bytes of AWS's iterators.
var iteratorPrefix = [8]byte{0, 0, 0, 0, 0, 0, 0, 1}

const (
	iteratorVersion = 1
	iteratorMACLen  = 16
	// iteratorFixed is prefix, version, issued, created, shard, offset, name length.
	iteratorFixed = 8 + 1 + 8 + 8 + 4 + 8 + 1
)

var errBadIterator = errors.New("kinesis: invalid shard iterator")

// encode renders it with a MAC keyed by key.
func (it shardIterator) encode(key []byte) string {
	buf := make([]byte, 0, iteratorFixed+len(it.stream)+iteratorMACLen)
	buf = append(buf, iteratorPrefix[:]...)
	buf = append(buf, iteratorVersion)
	buf = binary.BigEndian.AppendUint64(buf, uint64(it.issued))
	buf = binary.BigEndian.AppendUint64(buf, uint64(it.streamCreated))
	buf = binary.BigEndian.AppendUint32(buf, it.shard)
	buf = binary.BigEndian.AppendUint64(buf, it.offset)
	buf = append(buf, byte(len(it.stream)))
	buf = append(buf, it.stream...)
	buf = append(buf, iteratorMAC(key, buf)...)
	return base64.StdEncoding.EncodeToString(buf)
}

func iteratorMAC(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)[:iteratorMACLen]
}

// parseIterator decodes and authenticates an iterator; any defect yields
// errBadIterator, which callers report as AWS's "Invalid ShardIterator.".
func parseIterator(s string, key []byte) (shardIterator, error) {
	if len(s) > 512 {
		return shardIterator{}, errBadIterator
	}
	buf, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(buf) < iteratorFixed+1+iteratorMACLen {
		return shardIterator{}, errBadIterator
	}
	if [8]byte(buf[:8]) != iteratorPrefix || buf[8] != iteratorVersion {
		return shardIterator{}, errBadIterator
	}
	nameLen := int(buf[iteratorFixed-1])
	if nameLen == 0 || len(buf) != iteratorFixed+nameLen+iteratorMACLen {
		return shardIterator{}, errBadIterator
	}
	body, mac := buf[:len(buf)-iteratorMACLen], buf[len(buf)-iteratorMACLen:]
	if !hmac.Equal(mac, iteratorMAC(key, body)) {
		return shardIterator{}, errBadIterator
	}
	return shardIterator{
		issued:        int64(binary.BigEndian.Uint64(buf[9:17])),
		streamCreated: int64(binary.BigEndian.Uint64(buf[17:25])),
		shard:         binary.BigEndian.Uint32(buf[25:29]),
		offset:        binary.BigEndian.Uint64(buf[29:37]),
		stream:        string(buf[iteratorFixed : iteratorFixed+nameLen]),
	}, nil
}
