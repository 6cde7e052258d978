package sigv4

import (
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

	algorithm  = "AWS4-HMAC-SHA256"
	timeFormat = "20060102T150405Z"
	dateFormat = "20060102"
	terminal   = "aws4_request"

	// MaxSkew is how far a request's date may be from the server's clock.
	MaxSkew = 15 * time.Minute
	// MaxPresignExpiry is the longest X-Amz-Expires AWS accepts (7 days).
	MaxPresignExpiry = 7 * 24 * time.Hour
)

// Credentials looks up the secret for an access key.
type Credentials func(accessKey string) (secret string, ok bool)

// Parsed is the signature material a request carries, before it is checked.
type Parsed struct {
	// Version is 4, or 2 for an S3 Signature Version 2 request (whose Date
	// is the expiry of a presigned URL).
	Version   int
	AccessKey string
	DateScope string
	Region    string
	Service   string
	// SignedHeaders are the lower-case header names, in the client's order.
	SignedHeaders []string
	Signature     string
	Date          time.Time
	// RawDate is the date as sent (X-Amz-Date, Date, or the query's X-Amz-Date).
	RawDate   string
	Presigned bool
	Expires   time.Duration
	// Authorization is the raw header, quoted by some error messages.
	Authorization string

	// query holds the decoded query parameters of a presigned request,
	// parsed once and reused to build the canonical query string.
	query []param
}

// Scope is the credential scope string.
func (p *Parsed) Scope() string {
	return p.DateScope + "/" + p.Region + "/" + p.Service + "/" + terminal
}

// QueryValue returns the first value of a presigned request's query
// parameter (for example X-Amz-Content-Sha256), without parsing the query
// again.
func (p *Parsed) QueryValue(name string) (string, bool) {
	for _, kv := range p.query {
		if kv.key == name {
			return kv.value, true
		}
	}
	return "", false
}

// Result is a verified request's identity and how its body is to be read.
type Result struct {
	AccessKey string
	Region    string
	Service   string
	Date      time.Time
	// PayloadHash is the payload hash the signature covers (a hex digest
	// or one of the markers).
	PayloadHash string
	// Presigned is true when the signature came in the query string.
	Presigned bool
	// SigningKey, Signature and Scope seed the chunk-signature chain of an
	// aws-chunked body.
	SigningKey []byte
	Signature  string
	Scope      string
}

// queryAuthVersion reports which presigning parameters a raw query names:
// 4 for X-Amz-Algorithm, X-Amz-Credential or X-Amz-Signature, 2 for
// AWSAccessKeyId, 0 for none. A cheap substring test keeps unsigned
// requests from paying for a full parse.
func queryAuthVersion(raw string) int {
	if !strings.Contains(raw, "X-Amz-") && !strings.Contains(raw, "AWSAccessKeyId") {
		return 0
	}
	version := 0
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, _, _ := strings.Cut(part, "=")
		switch k {
		case "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature":
			return 4
		case "AWSAccessKeyId":
			version = 2
		}
	}
	return version
}
