package edge

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
)

// Protocol names how a service renders errors.
type Protocol int

const (
	// JSON is awsJson 1.0/1.1 (and its CBOR variant).
	JSON Protocol = iota
	// RestXML is S3's protocol.
	RestXML
	// RestJSON is restJson1.
	RestJSON
)

// Service is one AWS service behind the edge.
type Service interface {
	http.Handler
	// WriteError renders an error the way this service's protocol does.
	WriteError(w http.ResponseWriter, r *http.Request, e *awsproto.Error)
}

// Route describes how requests reach a service.
type Route struct {
	// SigningName is the service name in the SigV4 credential scope ("s3", "kinesis").
	SigningName string
	// TargetPrefix is the X-Amz-Target prefix for awsJson services.
	TargetPrefix string
	Protocol     Protocol
	// StreamingBody is true when the service reads its own body: the edge
	// verifies the signature against the declared x-amz-content-sha256 and
	// hands over a body that checks it (or decodes aws-chunked) as it is
	// read. Otherwise the edge reads and hashes the body itself.
	StreamingBody bool
	// AllowAnonymous lets unsigned requests through to the service, which
	// then decides (S3 browser POST uploads and CORS preflights).
	AllowAnonymous bool
	Service        Service
}

// maxBufferedBody caps the bodies the edge reads and hashes itself; the
// JSON services take far less.
const maxBufferedBody = 64 << 20

// Edge routes and authenticates requests.
type Edge struct {
	Verifier *sigv4.Verifier
	Logger   *slog.Logger
	// Internal serves /_nubo/ paths (health, console).
	Internal http.Handler
	// Fallback is the signing name of the service that receives requests
	// matching no route (S3).
	Fallback string

	byTarget map[string]*Route
	byName   map[string]*Route
	seq      atomic.Uint64
	idPrefix string
}

// New builds an edge.
func New(v *sigv4.Verifier, logger *slog.Logger) *Edge {
	if logger == nil {
		logger = slog.Default()
	}
	var b [6]byte
	rand.Read(b[:])
	return &Edge{Verifier: v, Logger: logger, byTarget: map[string]*Route{}, byName: map[string]*Route{},
		idPrefix: strings.ToUpper(hex.EncodeToString(b[:]))}
}

// Handle registers a service route.
func (e *Edge) Handle(rt *Route) {
	if rt.TargetPrefix != "" {
		e.byTarget[rt.TargetPrefix] = rt
	}
	if rt.SigningName != "" {
		e.byName[rt.SigningName] = rt
	}
}

func (e *Edge) requestID() string {
	n := e.seq.Add(1)
	const hexd = "0123456789ABCDEF"
	var b [10]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = hexd[n&15]
		n >>= 4
	}
	return e.idPrefix + string(b[:])
}

// ServeHTTP implements the front door: request IDs, routing, SigV4.
func (e *Edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := e.requestID()
	h := w.Header()
	h["X-Amz-Request-Id"] = []string{id}
	h["X-Amzn-Requestid"] = []string{id}
	h["X-Amz-Id-2"] = []string{base64.StdEncoding.EncodeToString([]byte(id))}
	h["Server"] = []string{"nubo"}
	if e.Internal != nil && strings.HasPrefix(r.URL.Path, "/_nubo/") {
		e.Internal.ServeHTTP(w, r)
		return
	}
	p, err := sigv4.Parse(r)
	rt := e.route(r, p)
	if rt == nil {
		http.Error(w, "nubo: no service matches this request", http.StatusBadRequest)
		return
	}
	if p == nil && err == nil {
		e.serveAnonymous(w, r, rt)
		return
	}
	var res *sigv4.Result
	if err == nil {
		res, err = e.verify(r, rt, p)
	}
	if err != nil {
		e.fail(w, r, rt, err)
		return
	}
	ctx := awsproto.WithIdentity(r.Context(), &awsproto.Identity{
		AccessKey: res.AccessKey, AccountID: awsproto.DefaultAccountID, Region: res.Region, Service: res.Service,
	})
	rt.Service.ServeHTTP(w, r.WithContext(ctx))
}

func (e *Edge) serveAnonymous(w http.ResponseWriter, r *http.Request, rt *Route) {
	if !rt.AllowAnonymous {
		e.fail(w, r, rt, &sigv4.Error{Kind: sigv4.Missing, Message: "Request is missing Authentication Token"})
		return
	}
	ctx := awsproto.WithIdentity(r.Context(), &awsproto.Identity{Anonymous: true, AccountID: awsproto.DefaultAccountID, Region: awsproto.DefaultRegion})
	rt.Service.ServeHTTP(w, r.WithContext(ctx))
}

// fail answers a verification failure in the route's protocol. It never
// reads the body, so a client waiting on "Expect: 100-continue" gets the
// error instead of a 100 and the connection is closed after it.
func (e *Edge) fail(w http.ResponseWriter, r *http.Request, rt *Route, err error) {
	ae := authError(rt.Protocol, err)
	e.Logger.Debug("request refused", "method", r.Method, "path", r.URL.Path, "code", ae.Code, "err", err)
	rt.Service.WriteError(w, r, ae)
}

// verify checks a parsed signature for the route and, for streaming
// services, wraps the body.
func (e *Edge) verify(r *http.Request, rt *Route, p *sigv4.Parsed) (*sigv4.Result, error) {
	if p.Version == 2 && rt.Protocol == RestXML {
		return e.verifyV2(r, p)
	}
	if p.Version != 2 && rt.SigningName != "" && p.Service != rt.SigningName {
		return nil, &sigv4.Error{Kind: sigv4.WrongService, Presigned: p.Presigned, AccessKey: p.AccessKey,
			Value: p.Service, Expected: rt.SigningName,
			Message: "Credential should be scoped to correct service: '" + rt.SigningName + "'. "}
	}
	if !rt.StreamingBody {
		return e.verifyBuffered(r, p)
	}
	hash, err := declaredPayloadHash(r, p)
	if err != nil {
		return nil, err
	}
	res, err := e.Verifier.Verify(r, p, hash)
	return wrapBody(r, res, err)
}

// verifyV2 checks an S3 request signed with Signature Version 2, whose
// canonical resource includes the bucket of a virtual-hosted Host.
func (e *Edge) verifyV2(r *http.Request, p *sigv4.Parsed) (*sigv4.Result, error) {
	bucket, _ := BucketFromHost(r.Host)
	res, err := e.Verifier.VerifyV2(r, p, bucket)
	return wrapBody(r, res, err)
}

// wrapBody puts the verifying body reader of a verified streaming request
// in place of its body; it passes a verification error through.
func wrapBody(r *http.Request, res *sigv4.Result, err error) (*sigv4.Result, error) {
	if err != nil {
		return nil, err
	}
	body, err := sigv4.WrapBody(r, res)
	if err != nil {
		return nil, err
	}
	r.Body = body
	return res, nil
}

// declaredPayloadHash is the payload hash a streaming request is signed
// with: x-amz-content-sha256, which S3 requires with header signatures,
// or UNSIGNED-PAYLOAD for a presigned URL unless its query names one.
func declaredPayloadHash(r *http.Request, p *sigv4.Parsed) (string, error) {
	if p.Presigned {
		if v, ok := p.QueryValue("X-Amz-Content-Sha256"); ok {
			return v, sigv4.CheckPayloadHash(v)
		}
		return sigv4.UnsignedPayload, nil
	}
	v := r.Header.Get("X-Amz-Content-Sha256")
	if v == "" {
		return "", &sigv4.Error{Kind: sigv4.MissingContentSHA256, AccessKey: p.AccessKey,
			Message: "Missing required header for this request: x-amz-content-sha256"}
	}
	return v, sigv4.CheckPayloadHash(v)
}

// verifyBuffered checks everything that does not need the body first, then
// reads and hashes the body and checks the signature.
func (e *Edge) verifyBuffered(r *http.Request, p *sigv4.Parsed) (*sigv4.Result, error) {
	if _, err := e.Verifier.Check(p); err != nil {
		return nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	hash := r.Header.Get("X-Amz-Content-Sha256")
	if hash != sigv4.UnsignedPayload {
		sum := sha256.Sum256(body)
		hash = hex.EncodeToString(sum[:])
	}
	return e.Verifier.Verify(r, p, hash)
}

// readBody reads a whole body for hashing and puts it back on r.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > maxBufferedBody {
		return nil, awsproto.NewError("SerializationException", http.StatusRequestEntityTooLarge, "Request entity too large")
	}
	var body []byte
	var err error
	if r.ContentLength >= 0 {
		body = make([]byte, r.ContentLength)
		_, err = io.ReadFull(r.Body, body)
	} else {
		body, err = io.ReadAll(io.LimitReader(r.Body, maxBufferedBody+1))
		if len(body) > maxBufferedBody {
			return nil, awsproto.NewError("SerializationException", http.StatusRequestEntityTooLarge, "Request entity too large")
		}
	}
	if err != nil {
		return nil, awsproto.NewError("SerializationException", http.StatusBadRequest, "Could not read request body: %s", err.Error())
	}
	r.Body = readCloser{bytes.NewReader(body), r.Body}
	return body, nil
}

// readCloser serves a buffered body and closes the original one.
type readCloser struct {
	io.Reader
	orig io.Closer
}

func (rc readCloser) Close() error { return rc.orig.Close() }

// route picks the service: by X-Amz-Target prefix, then by the signing
// name of the credential scope, then the fallback (S3).
func (e *Edge) route(r *http.Request, p *sigv4.Parsed) *Route {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		prefix, _, _ := strings.Cut(t, ".")
		if rt, ok := e.byTarget[prefix]; ok {
			return rt
		}
	}
	if p != nil && p.Service != "" {
		if rt, ok := e.byName[p.Service]; ok {
			return rt
		}
	}
	return e.byName[e.Fallback]
}
