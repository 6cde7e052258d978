package awsproto

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// Codec encodes and decodes one JSON-family wire format (JSON or CBOR).
type Codec interface {
	// ContentType is the media type a response carries.
	ContentType() string
	Unmarshal(data []byte, v any) error
	Marshal(v any) ([]byte, error)
	// MarshalError renders an error body the way the format wants.
	MarshalError(e *Error, typePrefix, messageKey string) []byte
}

// JSONService dispatches awsJson 1.0/1.1 requests to operations by their
// X-Amz-Target header ("Kinesis_20131202.PutRecord").
type JSONService struct {
	// TargetPrefix is the part of X-Amz-Target before the dot.
	TargetPrefix string
	// Version is "1.0" or "1.1".
	Version string
	// TypePrefix is put in front of error codes in __type (DynamoDB uses
	// "com.amazonaws.dynamodb.v20120810#"); most services use none.
	TypePrefix string
	// MessageKey is the member name of the error message ("message" or "Message").
	MessageKey string
	// MaxBody caps the request size; larger bodies get a 413-style error.
	MaxBody int64
	// Logger receives internal failures.
	Logger *slog.Logger

	ops    map[string]opFunc
	codecs map[string]Codec
}

// Validator is implemented by generated input shapes: Validate checks
// required members, lengths, ranges, patterns and enums, and returns AWS's
// ValidationException wording.
type Validator interface {
	Validate() error
}

type opFunc func(ctx context.Context, c Codec, body []byte) (any, error)

// Register adds an operation. In and Out are the operation's input and output
// structs; the JSON member names are their json tags.
func Register[In, Out any](s *JSONService, name string, fn func(context.Context, *In) (*Out, error)) {
	if s.ops == nil {
		s.ops = map[string]opFunc{}
	}
	s.ops[name] = func(ctx context.Context, c Codec, body []byte) (any, error) {
		in := new(In)
		if len(body) > 0 {
			if err := c.Unmarshal(body, in); err != nil {
				return nil, decodeError(err)
			}
		}
		if v, ok := any(in).(Validator); ok {
			if err := v.Validate(); err != nil {
				return nil, err
			}
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		if out == nil {
			return struct{}{}, nil
		}
		return out, nil
	}
}

// Unsupported registers operations that nubo does not implement: each
// answers the NotImplemented error, never a fake success.
func (s *JSONService) Unsupported(names ...string) {
	if s.ops == nil {
		s.ops = map[string]opFunc{}
	}
	for _, n := range names {
		n := n
		s.ops[n] = func(context.Context, Codec, []byte) (any, error) { return nil, NotImplemented(n) }
	}
}

// UnsupportedRest registers every operation of a service's model (ops) that
// has no handler yet as Unsupported, so that no operation AWS defines falls
// through to UnknownOperationException.
func (s *JSONService) UnsupportedRest(ops []string) {
	for _, op := range ops {
		if _, ok := s.ops[op]; !ok {
			s.Unsupported(op)
		}
	}
}

// Operations lists the registered operation names.
func (s *JSONService) Operations() []string {
	names := make([]string, 0, len(s.ops))
	for n := range s.ops {
		names = append(names, n)
	}
	return names
}

// SetCodec installs a codec for a request Content-Type (e.g. CBOR).
func (s *JSONService) SetCodec(contentType string, c Codec) {
	if s.codecs == nil {
		s.codecs = map[string]Codec{}
	}
	s.codecs[contentType] = c
}

func (s *JSONService) codecFor(r *http.Request) Codec {
	ct := r.Header.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	if c, ok := s.codecs[strings.TrimSpace(ct)]; ok {
		return c
	}
	return JSONCodec{Version: s.Version}
}

// ServeHTTP handles one awsJson request.
func (s *JSONService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := s.codecFor(r)
	if r.Method != http.MethodPost {
		s.WriteErrorCodec(w, c, NewError("UnknownOperationException", 404, ""))
		return
	}
	target := r.Header.Get("X-Amz-Target")
	prefix, op, ok := strings.Cut(target, ".")
	if !ok || prefix != s.TargetPrefix {
		s.WriteErrorCodec(w, c, UnknownOperation(target))
		return
	}
	fn, ok := s.ops[op]
	if !ok {
		s.WriteErrorCodec(w, c, UnknownOperation(op))
		return
	}
	limit := s.MaxBody
	if limit <= 0 {
		limit = 16 << 20
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		s.WriteErrorCodec(w, c, bodyReadError(err))
		return
	}
	if int64(len(body)) > limit {
		s.WriteErrorCodec(w, c, NewError("SerializationException", 413, "Request entity too large"))
		return
	}
	out, err := fn(r.Context(), c, body)
	if err != nil {
		e := AsError(err)
		if e.Code == "InternalFailure" && s.Logger != nil {
			s.Logger.Error("operation failed", "op", op, "err", err)
		}
		s.WriteErrorCodec(w, c, e)
		return
	}
	data, err := c.Marshal(out)
	if err != nil {
		s.WriteErrorCodec(w, c, AsError(err))
		return
	}
	w.Header().Set("Content-Type", c.ContentType())
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// WriteError renders an error in awsJson format (used by the edge for
// authentication failures before an operation is known).
func (s *JSONService) WriteError(w http.ResponseWriter, r *http.Request, e *Error) {
	s.WriteErrorCodec(w, s.codecFor(r), e)
}

// WriteErrorCodec renders an error with the given codec.
func (s *JSONService) WriteErrorCodec(w http.ResponseWriter, c Codec, e *Error) {
	key := s.MessageKey
	if key == "" {
		key = "message"
	}
	for k, v := range e.Header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", c.ContentType())
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	status := e.HTTPStatus
	if status == 0 {
		status = 400
	}
	w.WriteHeader(status)
	w.Write(c.MarshalError(e, s.TypePrefix, key))
}

func bodyReadError(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	return SerializationError("Could not read request body: " + err.Error())
}

func decodeError(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return SerializationError("class " + te.Type.String() + " can not be converted from " + te.Value)
	}
	return SerializationError("Start of structure or map found where not expected.")
}

// JSONCodec is the awsJson 1.0/1.1 codec.
type JSONCodec struct{ Version string }

func (c JSONCodec) ContentType() string {
	if c.Version == "" {
		return "application/x-amz-json-1.1"
	}
	return "application/x-amz-json-" + c.Version
}

func (JSONCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
func (JSONCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }

func (JSONCodec) MarshalError(e *Error, typePrefix, messageKey string) []byte {
	var b strings.Builder
	b.WriteString(`{"__type":`)
	writeJSONString(&b, typePrefix+e.Code)
	if e.Message != "" {
		b.WriteString(`,`)
		writeJSONString(&b, messageKey)
		b.WriteString(`:`)
		writeJSONString(&b, e.Message)
	}
	for _, f := range e.Fields {
		b.WriteString(`,`)
		writeJSONString(&b, f.Name)
		b.WriteString(`:`)
		writeJSONString(&b, f.Value)
	}
	b.WriteString(`}`)
	return []byte(b.String())
}

func writeJSONString(b *strings.Builder, s string) {
	data, _ := json.Marshal(s)
	b.Write(data)
}
