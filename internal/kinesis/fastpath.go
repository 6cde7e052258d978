package kinesis

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// serveFast serves PutRecords and GetRecords in awsJson with the direct
// encoders of fastjson.go. It reports false, with the body restored, when
// the request should take the generic path instead (a body the fast
// decoder does not accept, which the generic path then answers with the
// usual error).
func (h *Handler) serveFast(w http.ResponseWriter, r *http.Request, op string) bool {
	buf := getBuffer(int(min(max(r.ContentLength, 0), h.api.MaxBody)) + 1)
	defer putBuffer(buf)
	if _, err := buf.ReadFrom(io.LimitReader(r.Body, h.api.MaxBody+1)); err != nil || int64(buf.Len()) > h.api.MaxBody {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(bytes.Clone(buf.Bytes())), r.Body))
		return false
	}
	body := buf.Bytes()
	// The generic path reads the body after the buffer went back to the pool.
	restore := func() bool {
		r.Body = io.NopCloser(bytes.NewReader(bytes.Clone(body)))
		return false
	}
	var out []byte
	var err error
	switch op {
	case "PutRecords":
		data := getBuffer(len(body))
		defer putBuffer(data)
		in, ok := fastPutRecords(body, data)
		if !ok {
			return restore()
		}
		if err = in.Validate(); err == nil {
			var res *kinesis.PutRecordsOutput
			if res, err = h.svc.PutRecords(r.Context(), in); err == nil {
				out = encodePutRecordsOutput(res)
			}
		}
	case "GetRecords":
		in := new(kinesis.GetRecordsInput)
		if json.Unmarshal(body, in) != nil {
			return restore()
		}
		if err = in.Validate(); err == nil {
			var res *GetRecordsOutput
			if res, err = h.svc.GetRecords(r.Context(), in); err == nil {
				ob := getBuffer(0)
				out = encodeGetRecordsOutput(ob.AvailableBuffer(), res)
				// Keep the grown array for the next response.
				defer func(b []byte) {
					if cap(b) > ob.Cap() {
						*ob = *bytes.NewBuffer(b[:0])
					}
					putBuffer(ob)
				}(out)
			}
		}
	}
	codec := awsproto.JSONCodec{Version: h.api.Version}
	if err != nil {
		e := awsproto.AsError(err)
		if e.Code == "InternalFailure" && h.api.Logger != nil {
			h.api.Logger.Error("operation failed", "op", op, "err", err)
		}
		h.api.WriteErrorCodec(w, codec, e)
		return true
	}
	w.Header().Set("Content-Type", codec.ContentType())
	w.WriteHeader(http.StatusOK)
	w.Write(out)
	return true
}

// buffers recycles request bodies and decoded record data: both die when
// the response is written (the stream log does not retain appended
// slices), and reusing them spares the allocator and the page-zeroing of a
// fresh megabyte per PutRecords call.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled keeps oversized buffers (10 MiB records) out of the pool.
const maxPooled = 8 << 20

func getBuffer(size int) *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(size)
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		buffers.Put(b)
	}
}
