package edge

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

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
	// StreamingBody is true when the service reads its own body and checks
	// the payload hash itself (S3: large bodies and aws-chunked encoding).
	StreamingBody bool
	// AllowAnonymous lets unsigned requests through to the service, which
	// then decides (S3 browser POST uploads and CORS preflights).
	AllowAnonymous bool
	Service        Service
}

// Edge routes and authenticates requests.
type Edge struct {
	Verifier *sigv4.Verifier
	Logger   *slog.Logger
	// Internal serves /_nubo/ paths (health, console).
	Internal http.Handler
	// Fallback receives unsigned requests that match no route (S3).
	Fallback string

	routes   []*Route
	byTarget map[string]*Route
	byName   map[string]*Route
	seq      atomic.Uint64
	idPrefix string
}

// New builds an edge.
func New(v *sigv4.Verifier, logger *slog.Logger) *Edge {
	var b [6]byte
	rand.Read(b[:])
	return &Edge{Verifier: v, Logger: logger, byTarget: map[string]*Route{}, byName: map[string]*Route{},
		idPrefix: strings.ToUpper(hex.EncodeToString(b[:]))}
}

// Handle registers a service route.
func (e *Edge) Handle(rt *Route) {
	e.routes = append(e.routes, rt)
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

// ServeHTTP implements the front door.
func (e *Edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := e.requestID()
	h := w.Header()
	h.Set("X-Amz-Request-Id", id)
	h.Set("X-Amzn-Requestid", id)
	h.Set("X-Amz-Id-2", base64.StdEncoding.EncodeToString([]byte(id)))
	h.Set("Server", "nubo")
	if strings.HasPrefix(r.URL.Path, "/_nubo/") && e.Internal != nil {
		e.Internal.ServeHTTP(w, r)
		return
	}
	rt := e.route(r)
	if rt == nil {
		http.Error(w, "nubo: no service matches this request", http.StatusBadRequest)
		return
	}
	if !sigv4.IsSigned(r) {
		if rt.AllowAnonymous {
			ctx := awsproto.WithIdentity(r.Context(), &awsproto.Identity{Anonymous: true, AccountID: awsproto.DefaultAccountID, Region: awsproto.DefaultRegion})
			rt.Service.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		rt.Service.WriteError(w, r, authError(rt.Protocol, &sigv4.Error{Kind: sigv4.Missing, Message: "Missing Authentication Token"}))
		return
	}
	parsed, err := sigv4.Parse(r)
	if err != nil {
		rt.Service.WriteError(w, r, authError(rt.Protocol, err))
		return
	}
	payload, err := e.payloadHash(r, rt)
	if err != nil {
		rt.Service.WriteError(w, r, authError(rt.Protocol, err))
		return
	}
	res, err := e.Verifier.Verify(r, parsed, payload)
	if err != nil {
		rt.Service.WriteError(w, r, authError(rt.Protocol, err))
		return
	}
	if rt.StreamingBody {
		body, err := sigv4.WrapBody(r, res)
		if err != nil {
			rt.Service.WriteError(w, r, authError(rt.Protocol, err))
			return
		}
		r.Body = body
	}
	region := res.Region
	ctx := awsproto.WithIdentity(r.Context(), &awsproto.Identity{
		AccessKey: res.AccessKey, AccountID: awsproto.DefaultAccountID, Region: region, Service: res.Service,
	})
	rt.Service.ServeHTTP(w, r.WithContext(ctx))
}

// payloadHash returns the payload hash to verify against. Services that
// stream their bodies use the declared x-amz-content-sha256 (checked while
// the body is read); the rest have their body read and hashed here.
func (e *Edge) payloadHash(r *http.Request, rt *Route) (string, error) {
	declared := r.Header.Get("X-Amz-Content-Sha256")
	if rt.StreamingBody {
		if declared == "" {
			if r.URL.Query().Has("X-Amz-Signature") {
				return sigv4.UnsignedPayload, nil
			}
			return "", &sigv4.Error{Kind: Malformed, Message: "Missing required header for this request: x-amz-content-sha256"}
		}
		return declared, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return sigv4.EmptySHA256, nil
	}
	const maxJSONBody = 64 << 20
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil {
		return "", &sigv4.Error{Kind: sigv4.Malformed, Message: "could not read request body"}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(body)
	got := hex.EncodeToString(sum[:])
	if declared != "" && declared != sigv4.UnsignedPayload && declared != got {
		return "", &sigv4.Error{Kind: sigv4.PayloadMismatch, Message: "The provided 'x-amz-content-sha256' header does not match what was computed."}
	}
	if declared == sigv4.UnsignedPayload {
		return declared, nil
	}
	return got, nil
}

// Malformed is re-exported for payloadHash's error above.
const Malformed = sigv4.Malformed

func (e *Edge) route(r *http.Request) *Route {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		prefix, _, _ := strings.Cut(t, ".")
		if rt, ok := e.byTarget[prefix]; ok {
			return rt
		}
	}
	if _, _, svc, ok := sigv4.Sniff(r); ok {
		if rt, ok := e.byName[svc]; ok {
			return rt
		}
	}
	return e.byName[e.Fallback]
}

// authError maps a verification failure onto the protocol's AWS error.
func authError(p Protocol, err error) *awsproto.Error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return awsproto.AsError(err)
	}
	if p == RestXML {
		return s3AuthError(se)
	}
	switch se.Kind {
	case sigv4.Missing:
		return awsproto.NewError("MissingAuthenticationTokenException", 403, "Missing Authentication Token")
	case sigv4.UnknownAccessKey:
		return awsproto.NewError("UnrecognizedClientException", 400, "The security token included in the request is invalid.")
	case sigv4.Mismatch:
		msg := se.Message
		if se.CanonicalRequest != "" {
			msg += "\n\nThe Canonical String for this request should have been\n'" + se.CanonicalRequest + "'\n\nThe String-to-Sign should have been\n'" + se.StringToSign + "'\n"
		}
		return awsproto.NewError("InvalidSignatureException", 400, "%s", msg)
	case sigv4.Skewed:
		return awsproto.NewError("InvalidSignatureException", 400, "Signature expired: %s is now earlier than %s (%s - 5 min.)",
			se.RequestTime.UTC().Format("20060102T150405Z"), se.ServerTime.Add(-sigv4.MaxSkew).UTC().Format("20060102T150405Z"), se.ServerTime.UTC().Format("20060102T150405Z"))
	case sigv4.Expired:
		return awsproto.NewError("InvalidSignatureException", 400, "Signature expired")
	case sigv4.PayloadMismatch:
		return awsproto.NewError("InvalidSignatureException", 400, "%s", se.Message)
	}
	return awsproto.NewError("IncompleteSignatureException", 400, "%s", se.Message)
}

func s3AuthError(se *sigv4.Error) *awsproto.Error {
	switch se.Kind {
	case sigv4.Missing:
		return awsproto.NewError("AccessDenied", 403, "Access Denied")
	case sigv4.UnknownAccessKey:
		return awsproto.NewError("InvalidAccessKeyId", 403, "%s", se.Message).With("AWSAccessKeyId", se.AccessKey)
	case sigv4.Mismatch:
		e := awsproto.NewError("SignatureDoesNotMatch", 403, "%s", se.Message)
		if se.StringToSign != "" {
			e = e.With("AWSAccessKeyId", se.AccessKey).With("StringToSign", se.StringToSign).With("CanonicalRequest", se.CanonicalRequest)
		}
		return e
	case sigv4.Skewed:
		return awsproto.NewError("RequestTimeTooSkewed", 403, "%s", se.Message).
			With("RequestTime", se.RequestTime.UTC().Format("20060102T150405Z")).
			With("ServerTime", se.ServerTime.UTC().Format(time.RFC3339)).
			With("MaxAllowedSkewMilliseconds", "900000")
	case sigv4.Expired:
		return awsproto.NewError("AccessDenied", 403, "Request has expired").
			With("X-Amz-Expires", "").
			With("Expires", se.RequestTime.UTC().Format(time.RFC3339)).
			With("ServerTime", se.ServerTime.UTC().Format(time.RFC3339))
	case sigv4.PayloadMismatch:
		return awsproto.NewError("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	case sigv4.Incomplete:
		return awsproto.NewError("AuthorizationHeaderMalformed", 400, "%s", se.Message)
	}
	return awsproto.NewError("AuthorizationQueryParametersError", 400, "%s", se.Message)
}
