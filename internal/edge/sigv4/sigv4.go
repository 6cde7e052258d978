package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Payload hash markers a client may send in x-amz-content-sha256.
const (
	UnsignedPayload          = "UNSIGNED-PAYLOAD"
	StreamingPayload         = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	StreamingPayloadTrailer  = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
	EmptySHA256              = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	algorithm                = "AWS4-HMAC-SHA256"
	timeFormat               = "20060102T150405Z"
	// MaxSkew is how far a request's date may be from the server's clock.
	MaxSkew = 15 * time.Minute
	// MaxPresignExpiry is the longest X-Amz-Expires AWS accepts (7 days).
	MaxPresignExpiry = 7 * 24 * time.Hour
)

// Kind classifies a verification failure; the edge turns it into each
// protocol's own error code.
type Kind int

const (
	// Missing: no signature at all.
	Missing Kind = iota + 1
	// Incomplete: a signature whose parts are missing or malformed.
	Incomplete
	// UnknownAccessKey: the access key is not known.
	UnknownAccessKey
	// Mismatch: the signature does not match.
	Mismatch
	// Skewed: the request time is too far from the server clock.
	Skewed
	// Expired: a presigned URL whose lifetime has passed.
	Expired
	// Malformed: the request's auth parameters break a rule (bad date, bad scope, expiry too long).
	Malformed
	// PayloadMismatch: the body does not match the signed payload hash.
	PayloadMismatch
)

// Error is a verification failure.
type Error struct {
	Kind    Kind
	Message string
	// For Mismatch: what the server computed, for the S3 error body.
	StringToSign     string
	CanonicalRequest string
	// For Skewed: the request time and the server time.
	RequestTime, ServerTime time.Time
	AccessKey               string
}

func (e *Error) Error() string { return e.Message }

// Result is a verified request's identity and how its body is to be read.
type Result struct {
	AccessKey string
	Region    string
	Service   string
	Date      time.Time
	// PayloadHash is the declared payload hash (a hex digest or a marker).
	PayloadHash string
	// Presigned is true when the signature came in the query string.
	Presigned bool
	// SigningKey and Signature seed chunk-signature checks for streaming bodies.
	SigningKey []byte
	Signature  string
	Scope      string
}

// Credentials looks up the secret for an access key.
type Credentials func(accessKey string) (secret string, ok bool)

// Parsed is the signature material carried by a request, before checking.
type Parsed struct {
	AccessKey     string
	DateScope     string
	Region        string
	Service       string
	SignedHeaders []string
	Signature     string
	Date          time.Time
	Presigned     bool
	Expires       time.Duration
}

// Scope is the credential scope string.
func (p *Parsed) Scope() string {
	return p.DateScope + "/" + p.Region + "/" + p.Service + "/aws4_request"
}

// Sniff extracts the access key, region and signing service without
// verifying anything; the edge uses it to route a request. It returns ok
// false for an unsigned request.
func Sniff(r *http.Request) (accessKey, region, service string, ok bool) {
	var cred string
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, algorithm) {
		for _, part := range strings.Split(auth[len(algorithm):], ",") {
			part = strings.TrimSpace(part)
			if v, found := strings.CutPrefix(part, "Credential="); found {
				cred = v
			}
		}
	} else if v := r.URL.Query().Get("X-Amz-Credential"); v != "" {
		cred = v
	} else {
		return "", "", "", false
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return "", "", "", true
	}
	return parts[0], parts[2], parts[3], true
}

// IsSigned reports whether the request carries SigV4 material.
func IsSigned(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-") ||
		r.URL.Query().Has("X-Amz-Algorithm") || r.URL.Query().Has("X-Amz-Credential")
}

// Parse reads the signature material from the Authorization header or the
// presigned query string.
func Parse(r *http.Request) (*Parsed, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		return parseHeader(r, auth)
	}
	q := r.URL.Query()
	if q.Has("X-Amz-Algorithm") || q.Has("X-Amz-Credential") || q.Has("X-Amz-Signature") {
		return parseQuery(q)
	}
	return nil, &Error{Kind: Missing, Message: "Request is missing Authentication Token"}
}

func parseHeader(r *http.Request, auth string) (*Parsed, error) {
	rest, ok := strings.CutPrefix(auth, algorithm+" ")
	if !ok {
		if strings.HasPrefix(auth, "AWS ") {
			return nil, &Error{Kind: Malformed, Message: "Signature Version 2 is not supported by nubo; use Signature Version 4."}
		}
		return nil, &Error{Kind: Incomplete, Message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + auth}
	}
	p := &Parsed{}
	var cred, signed, sig string
	var haveCred, haveSigned, haveSig bool
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "Credential":
			cred, haveCred = v, true
		case "SignedHeaders":
			signed, haveSigned = v, true
		case "Signature":
			sig, haveSig = v, true
		}
	}
	var missing []string
	if !haveCred {
		missing = append(missing, "Authorization header requires 'Credential' parameter.")
	}
	if !haveSig {
		missing = append(missing, "Authorization header requires 'Signature' parameter.")
	}
	if !haveSigned {
		missing = append(missing, "Authorization header requires 'SignedHeaders' parameter.")
	}
	date := r.Header.Get("X-Amz-Date")
	if date == "" {
		date = r.Header.Get("Date")
	}
	if date == "" {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(missing) > 0 {
		return nil, &Error{Kind: Incomplete, Message: strings.Join(missing, " ") + " Authorization=" + auth}
	}
	if err := p.setCredential(cred); err != nil {
		return nil, err
	}
	p.SignedHeaders = strings.Split(signed, ";")
	p.Signature = sig
	t, err := parseDate(date)
	if err != nil {
		return nil, err
	}
	p.Date = t
	return p, nil
}

func parseQuery(q map[string][]string) (*Parsed, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var missing []string
	for _, k := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"} {
		if get(k) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{Kind: Malformed, Message: "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."}
	}
	if get("X-Amz-Algorithm") != algorithm {
		return nil, &Error{Kind: Malformed, Message: "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""}
	}
	p := &Parsed{Presigned: true}
	if err := p.setCredential(get("X-Amz-Credential")); err != nil {
		return nil, err
	}
	p.SignedHeaders = strings.Split(get("X-Amz-SignedHeaders"), ";")
	p.Signature = get("X-Amz-Signature")
	t, err := parseDate(get("X-Amz-Date"))
	if err != nil {
		return nil, err
	}
	p.Date = t
	secs, err := strconv.ParseInt(get("X-Amz-Expires"), 10, 64)
	if err != nil {
		return nil, &Error{Kind: Malformed, Message: "X-Amz-Expires should be a number"}
	}
	if secs < 0 {
		return nil, &Error{Kind: Malformed, Message: "X-Amz-Expires must be non-negative"}
	}
	if time.Duration(secs)*time.Second > MaxPresignExpiry {
		return nil, &Error{Kind: Malformed, Message: "X-Amz-Expires must be less than a week (in seconds) that is 604800"}
	}
	p.Expires = time.Duration(secs) * time.Second
	return p, nil
}

func (p *Parsed) setCredential(cred string) error {
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[0] == "" {
		return &Error{Kind: Malformed, Message: "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."}
	}
	if _, err := time.Parse("20060102", parts[1]); err != nil {
		return &Error{Kind: Malformed, Message: "Error parsing the X-Amz-Credential parameter; incorrect date format \"" + parts[1] + "\". This date in the credential must be in the format \"yyyyMMdd\"."}
	}
	p.AccessKey, p.DateScope, p.Region, p.Service = parts[0], parts[1], parts[2], parts[3]
	return nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(timeFormat, s); err == nil {
		return t, nil
	}
	if t, err := http.ParseTime(s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, &Error{Kind: Incomplete, Message: "Date must be in ISO-8601 'basic format'. Got '" + s + "'. See http://en.wikipedia.org/wiki/ISO_8601"}
}

// Verifier checks signatures against a credential store.
type Verifier struct {
	Credentials Credentials
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// Verify checks the request's signature. payloadHash is the hex SHA-256
// of the body, or a marker from x-amz-content-sha256; for services that do
// not send that header, the caller hashes the body and passes the digest.
func (v *Verifier) Verify(r *http.Request, p *Parsed, payloadHash string) (*Result, error) {
	secret, ok := v.Credentials(p.AccessKey)
	if !ok {
		return nil, &Error{Kind: UnknownAccessKey, Message: "The AWS Access Key Id you provided does not exist in our records.", AccessKey: p.AccessKey}
	}
	now := v.now()
	if p.Date.Format("20060102") != p.DateScope {
		return nil, &Error{Kind: Mismatch, Message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + p.DateScope + "' != '" + p.Date.Format("20060102") + "', from '" + p.Date.Format(timeFormat) + "'."}
	}
	if p.Presigned {
		if now.Before(p.Date.Add(-MaxSkew)) {
			return nil, &Error{Kind: Malformed, Message: "Request is not valid yet"}
		}
		if now.After(p.Date.Add(p.Expires)) {
			return nil, &Error{Kind: Expired, Message: "Request has expired", RequestTime: p.Date.Add(p.Expires), ServerTime: now}
		}
	} else if d := now.Sub(p.Date); d > MaxSkew || d < -MaxSkew {
		return nil, &Error{Kind: Skewed, Message: "The difference between the request time and the current time is too large.", RequestTime: p.Date, ServerTime: now}
	}
	if !p.Presigned && !contains(p.SignedHeaders, "host") {
		return nil, &Error{Kind: Mismatch, Message: "'Host' must be a 'SignedHeader' in the AWS Authorization."}
	}
	creq := CanonicalRequest(r, p, payloadHash)
	sts := StringToSign(p.Date, p.Scope(), creq)
	key := SigningKey(secret, p.DateScope, p.Region, p.Service)
	want := hex.EncodeToString(hmacSHA256(key, []byte(sts)))
	if !hmac.Equal([]byte(want), []byte(p.Signature)) {
		return nil, &Error{Kind: Mismatch, Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.", StringToSign: sts, CanonicalRequest: creq, AccessKey: p.AccessKey}
	}
	return &Result{
		AccessKey: p.AccessKey, Region: p.Region, Service: p.Service, Date: p.Date,
		PayloadHash: payloadHash, Presigned: p.Presigned,
		SigningKey: key, Signature: p.Signature, Scope: p.Scope(),
	}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// StringToSign builds the SigV4 string to sign.
func StringToSign(t time.Time, scope, canonicalRequest string) string {
	h := sha256.Sum256([]byte(canonicalRequest))
	return algorithm + "\n" + t.UTC().Format(timeFormat) + "\n" + scope + "\n" + hex.EncodeToString(h[:])
}

// SigningKey derives the SigV4 signing key.
func SigningKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), []byte(date))
	k = hmacSHA256(k, []byte(region))
	k = hmacSHA256(k, []byte(service))
	return hmacSHA256(k, []byte("aws4_request"))
}

func hmacSHA256(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}

// CanonicalRequest builds the canonical request string for r.
func CanonicalRequest(r *http.Request, p *Parsed, payloadHash string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r, p.Service))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.RawQuery, p.Presigned))
	b.WriteByte('\n')
	for _, h := range p.SignedHeaders {
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(headerValue(r, h))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(p.SignedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

func headerValue(r *http.Request, name string) string {
	var vals []string
	switch name {
	case "host":
		vals = []string{r.Host}
	case "content-length":
		if v := r.Header.Values("Content-Length"); len(v) > 0 {
			vals = v
		} else if r.ContentLength >= 0 {
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	case "transfer-encoding":
		if len(r.TransferEncoding) > 0 {
			vals = r.TransferEncoding
		} else {
			vals = r.Header.Values("Transfer-Encoding")
		}
	default:
		vals = r.Header.Values(name)
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = trimAll(v)
	}
	return strings.Join(out, ",")
}

// trimAll trims a header value and folds runs of spaces into one.
func trimAll(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// canonicalURI re-encodes the path as AWS does: once for S3, twice for
// every other service.
func canonicalURI(r *http.Request, service string) string {
	raw := r.URL.EscapedPath()
	if ru := r.RequestURI; ru != "" && !strings.HasPrefix(ru, "http") {
		raw, _, _ = strings.Cut(ru, "?")
	}
	if raw == "" {
		return "/"
	}
	segs := strings.Split(raw, "/")
	for i, s := range segs {
		dec, err := unescape(s)
		if err != nil {
			dec = s
		}
		enc := Escape(dec)
		if service != "s3" {
			enc = Escape(enc)
		}
		segs[i] = enc
	}
	return strings.Join(segs, "/")
}

func canonicalQuery(raw string, presigned bool) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var pairs []kv
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := unescapeQuery(k)
		if err != nil {
			dk = k
		}
		dv, err := unescapeQuery(v)
		if err != nil {
			dv = v
		}
		if presigned && dk == "X-Amz-Signature" {
			continue
		}
		pairs = append(pairs, kv{Escape(dk), Escape(dv)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// Escape percent-encodes every byte except the unreserved characters
// A-Z a-z 0-9 - . _ ~, as SigV4 requires.
func Escape(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

func unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	return pathUnescape(s)
}

func unescapeQuery(s string) (string, error) {
	s = strings.ReplaceAll(s, "+", " ")
	return unescape(s)
}

func pathUnescape(s string) (string, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", &Error{Kind: Malformed, Message: "invalid URL escape"}
		}
		out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(out), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
