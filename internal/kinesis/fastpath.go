package kinesis

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// serveFast serves PutRecords and GetRecords in awsJson with the direct
// encoders of fastjson.go. It reports false, with the body restored, when
// the request should take the generic path instead (a body the fast
// decoder does not accept, which the generic path then answers with the
// usual error).
func (h *Handler) serveFast(w http.ResponseWriter, r *http.Request, op string) bool {
	var buf bytes.Buffer
	if r.ContentLength > 0 && r.ContentLength <= h.api.MaxBody {
		buf.Grow(int(r.ContentLength) + 1)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r.Body, h.api.MaxBody+1)); err != nil || int64(buf.Len()) > h.api.MaxBody {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(buf.Bytes()), r.Body))
		return false
	}
	body := buf.Bytes()
	restore := func() bool {
		r.Body = io.NopCloser(bytes.NewReader(body))
		return false
	}
	var out []byte
	var err error
	switch op {
	case "PutRecords":
		in, ok := fastPutRecords(body)
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
				out = encodeGetRecordsOutput(res)
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
