package s3

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// Options configures the S3 service.
type Options struct {
	Engine *objects.Engine
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// PostVerifier checks the signed policies of browser POST uploads
	// (nil refuses them).
	PostVerifier *sigv4.Verifier
}

// Service is the S3 API. It implements edge.Service.
type Service struct {
	engine       *objects.Engine
	postVerifier *sigv4.Verifier
	logger       *slog.Logger
	now          func() time.Time
	handlers     map[string]handler
	ops          map[string]*operation
}

// handler serves one S3 operation. It writes a successful response itself
// and returns an error (usually *awsproto.Error) for anything else.
type handler func(s *Service, w http.ResponseWriter, r *request) error

// request is an S3 request with its bucket, key and operation resolved.
type request struct {
	*http.Request
	target
	op    string
	query url.Values
	id    *awsproto.Identity
}

// New builds the S3 service.
func New(opts Options) *Service {
	s := &Service{engine: opts.Engine, postVerifier: opts.PostVerifier, logger: opts.Logger, now: opts.Now}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.handlers = handlers()
	s.ops = map[string]*operation{}
	for i := range operations {
		s.ops[operations[i].Name] = &operations[i]
	}
	return s
}

// ServeHTTP handles one S3 request.
func (s *Service) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if err := s.serve(w, hr); err != nil {
		s.WriteError(w, hr, s.toS3Error(hr, err))
	}
}

func (s *Service) serve(w http.ResponseWriter, hr *http.Request) error {
	t, err := parseTarget(hr)
	if err != nil {
		return err
	}
	r := &request{Request: hr, target: t, query: hr.URL.Query(), id: awsproto.IdentityFrom(hr.Context())}
	if hr.Method == http.MethodOptions {
		return s.preflight(w, r)
	}
	r.op = s.operationFor(r)
	if r.op == "" {
		return errMethodNotAllowed(hr.Method, resourceType(t.level()))
	}
	if r.id.Anonymous && r.op != opPostObject {
		return errAccessDenied()
	}
	// Every bucket belongs to nubo's one account; naming another owner is
	// refused as S3 refuses it.
	if owner := hr.Header.Get("X-Amz-Expected-Bucket-Owner"); owner != "" && owner != r.id.AccountID {
		return errAccessDenied()
	}
	if len(r.Key) > maxKeyLength {
		return errKeyTooLong()
	}
	h, ok := s.handlers[r.op]
	if !ok {
		return awsproto.NotImplemented(r.op)
	}
	if op := s.ops[r.op]; op != nil && op.ChecksumRequired {
		if err := requireBodyChecksum(r); err != nil {
			return err
		}
	}
	if r.Bucket != "" && hr.Header.Get("Origin") != "" {
		s.corsResponseHeaders(w, r)
	}
	return h(s, w, r)
}

// opPostObject is the browser form upload (POST /bucket with
// multipart/form-data), which the S3 model does not list as an operation.
const opPostObject = "PostObject"

// maxKeyLength is the longest key S3 accepts, in bytes.
const maxKeyLength = 1024

func (s *Service) operationFor(r *request) string {
	lv := r.level()
	if r.Method == http.MethodPost && lv == levelBucket && len(r.query) == 0 {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			return opPostObject
		}
	}
	return selectOperation(r.Method, lv, r.query, r.Header)
}

func resourceType(lv level) string {
	switch lv {
	case levelService:
		return "SERVICE"
	case levelBucket:
		return "BUCKET"
	}
	return "OBJECT"
}

// WriteError renders e as S3's <Error> document. A 304 Not Modified has no
// body at all.
func (s *Service) WriteError(w http.ResponseWriter, r *http.Request, e *awsproto.Error) {
	if e.HTTPStatus == http.StatusNotModified {
		for k, v := range e.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	awsproto.WriteXMLError(w, r, e)
}

// toS3Error turns any error a handler returned into the S3 error the
// client sees; errors that are not S3's are logged and hidden.
func (s *Service) toS3Error(r *http.Request, err error) *awsproto.Error {
	var ae *awsproto.Error
	if errors.As(err, &ae) {
		return ae
	}
	if e := bodyError(err); e != nil {
		return e
	}
	if errors.Is(err, objects.ErrDiskFull) {
		s.logger.Error("s3: disk full", "method", r.Method, "path", r.URL.Path)
		return errServiceUnavailable()
	}
	s.logger.Error("s3: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	return errInternal()
}
