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

// bufferPool recycles request bodies, decoded record data and GetRecords
// responses: all die when the response is written (the stream log does not
// retain appended slices), and reusing them spares the allocator and the
// page zeroing of a fresh megabyte per call.
type bufferPool struct{ p sync.Pool }

// maxPooled keeps oversized buffers (10 MiB records) out of the pool.
const maxPooled = 8 << 20

func (bp *bufferPool) get(size int) *bytes.Buffer {
	b, _ := bp.p.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	b.Grow(size)
	return b
}

func (bp *bufferPool) put(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		bp.p.Put(b)
	}
}

// serveFast serves PutRecords and GetRecords in awsJson with the direct
// decoder and encoders of fastjson*.go. It reports false, with the body
// restored, when the request should take the generic path instead (a body
// the fast decoder does not accept, which the generic path then answers
// with the usual error).
func (h *Handler) serveFast(w http.ResponseWriter, r *http.Request, op string) bool {
	buf := h.buffers.get(int(min(max(r.ContentLength, 0), h.api.MaxBody)) + 1)
	defer h.buffers.put(buf)
	if _, err := buf.ReadFrom(io.LimitReader(r.Body, h.api.MaxBody+1)); err != nil || int64(buf.Len()) > h.api.MaxBody {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(bytes.Clone(buf.Bytes())), r.Body))
		return false
	}
	handled := false
	switch op {
	case "PutRecords":
		handled = h.fastPutRecords(w, r, buf.Bytes())
	case "GetRecords":
		handled = h.fastGetRecords(w, r, buf.Bytes())
	}
	if !handled {
		// The generic path reads the body after buf went back to the pool.
		r.Body = io.NopCloser(bytes.NewReader(bytes.Clone(buf.Bytes())))
	}
	return handled
}

func (h *Handler) fastPutRecords(w http.ResponseWriter, r *http.Request, body []byte) bool {
	data := h.buffers.get(len(body))
	defer h.buffers.put(data)
	in, ok := fastPutRecords(body, data)
	if !ok {
		return false
	}
	if err := in.Validate(); err != nil {
		h.writeFast(w, "PutRecords", nil, err)
		return true
	}
	res, err := h.svc.PutRecords(r.Context(), in)
	if err != nil {
		h.writeFast(w, "PutRecords", nil, err)
		return true
	}
	h.writeFast(w, "PutRecords", encodePutRecordsOutput(res), nil)
	return true
}

func (h *Handler) fastGetRecords(w http.ResponseWriter, r *http.Request, body []byte) bool {
	in := new(kinesis.GetRecordsInput)
	if json.Unmarshal(body, in) != nil {
		return false
	}
	if err := in.Validate(); err != nil {
		h.writeFast(w, "GetRecords", nil, err)
		return true
	}
	res, err := h.svc.GetRecords(r.Context(), in)
	if err != nil {
		h.writeFast(w, "GetRecords", nil, err)
		return true
	}
	ob := h.buffers.get(0)
	out := encodeGetRecordsOutput(ob.AvailableBuffer(), res)
	h.writeFast(w, "GetRecords", out, nil)
	// Keep the grown array for the next response.
	if cap(out) > ob.Cap() {
		*ob = *bytes.NewBuffer(out[:0])
	}
	h.buffers.put(ob)
	return true
}

// writeFast writes a fast-path answer as the JSON service would.
func (h *Handler) writeFast(w http.ResponseWriter, op string, out []byte, err error) {
	codec := awsproto.JSONCodec{Version: h.api.Version}
	if err != nil {
		e := awsproto.AsError(err)
		if e.Code == "InternalFailure" && h.api.Logger != nil {
			h.api.Logger.Error("operation failed", "op", op, "err", err)
		}
		h.api.WriteErrorCodec(w, codec, e)
		return
	}
	w.Header().Set("Content-Type", codec.ContentType())
	w.WriteHeader(http.StatusOK)
	w.Write(out)
}
