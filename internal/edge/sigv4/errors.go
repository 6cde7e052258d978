package sigv4

import (
	"strconv"
	"time"
)

// Kind classifies a verification failure. The package stays protocol
// neutral: the edge turns each kind into the error code, status and message
// that S3 or the JSON services answer for it.
type Kind int

const (
	// Missing: the request carries no signature at all.
	Missing Kind = iota + 1
	// Incomplete: an Authorization header lacks Credential, SignedHeaders or
	// Signature, or one of its components is not a key=value pair (Value
	// holds that component).
	Incomplete
	// MissingDate: neither X-Amz-Date nor Date is present.
	MissingDate
	// BadDate: the request date is not in ISO 8601 basic format (Value).
	BadDate
	// MalformedV2: a Signature Version 2 header that is not "AWS AKID:signature".
	MalformedV2
	// UnsupportedAlgorithm: the Authorization header or X-Amz-Algorithm
	// names something other than AWS4-HMAC-SHA256 (Value holds it).
	UnsupportedAlgorithm
	// MultipleAuth: both an Authorization header and a presigned query.
	MultipleAuth
	// MalformedCredential: the credential is not AKID/date/region/service/aws4_request.
	MalformedCredential
	// BadCredentialDate: the credential's date is not yyyyMMdd (Value).
	BadCredentialDate
	// BadTerminal: the credential does not end in aws4_request (Value).
	BadTerminal
	// WrongService: the credential is scoped to another service (Value);
	// Expected names the service the request reached.
	WrongService
	// DateMismatch: the credential's date is not the request's date.
	DateMismatch
	// HostNotSigned: "host" is missing from the signed headers.
	HostNotSigned
	// UnknownAccessKey: the access key is not known.
	UnknownAccessKey
	// Mismatch: a request, chunk or trailer signature does not match.
	Mismatch
	// Skewed: the request time is more than MaxSkew from the server clock.
	Skewed
	// Expired: a presigned URL whose lifetime has passed.
	Expired
	// NotYetValid: a presigned URL dated more than MaxSkew in the future.
	NotYetValid
	// MissingQueryParams: a presigned URL lacks one of the X-Amz-* parameters.
	MissingQueryParams
	// BadExpires: X-Amz-Expires is not a number, negative or over a week.
	BadExpires
	// MissingContentSHA256: an S3 request signed in the header has no
	// x-amz-content-sha256.
	MissingContentSHA256
	// BadContentSHA256: x-amz-content-sha256 is neither a marker nor a hex digest (Value).
	BadContentSHA256
	// PayloadMismatch: the body's SHA-256 differs from x-amz-content-sha256.
	PayloadMismatch
	// IncompleteBody: the body ended early or its aws-chunked framing is broken.
	IncompleteBody
	// LengthMismatch: the body length differs from Content-Length or
	// x-amz-decoded-content-length (Expected and Provided bytes).
	LengthMismatch
	// MissingDecodedLength: an aws-chunked body without x-amz-decoded-content-length.
	MissingDecodedLength
	// ChunkTooSmall: an aws-chunked chunk other than the last is under 8 KiB.
	ChunkTooSmall
	// MalformedTrailer: the trailing headers of an aws-chunked body are
	// malformed or differ from those x-amz-trailer announced.
	MalformedTrailer
	// PostMissingField: a browser POST form lacks a required field (Value).
	PostMissingField
	// PostBadField: a browser POST form field has a bad value (Value names
	// the field, Message says what is wrong).
	PostBadField
	// PolicyInvalid: a POST policy document is malformed (Message says how).
	PolicyInvalid
	// PolicyExpired: a POST policy's expiration has passed.
	PolicyExpired
	// PolicyConditionFailed: a POST form breaks a policy condition (Value
	// holds the condition as AWS prints it).
	PolicyConditionFailed
	// PolicyExtraField: a POST form has a field no condition covers (Value).
	PolicyExtraField
	// EntityTooSmall and EntityTooLarge: a POST upload outside its policy's
	// content-length-range (Provided bytes, Expected bound).
	EntityTooSmall
	EntityTooLarge
)

// Error is a verification failure. Besides the Kind it carries what the
// protocols put in their error bodies.
type Error struct {
	Kind Kind
	// Message is the description in AWS's JSON-service wording; the edge
	// substitutes S3's wording where it differs.
	Message string
	// Value is the offending input (a credential, date, algorithm, field).
	Value string
	// Presigned is true when the signature came in the query string.
	Presigned bool
	// V2 is true for failures of Signature Version 2 requests.
	V2 bool
	// AccessKey is the caller's access key, when known.
	AccessKey string
	// For Mismatch: what the server computed and what the client sent.
	StringToSign      string
	CanonicalRequest  string
	SignatureProvided string
	// For Skewed, Expired and NotYetValid.
	RequestTime time.Time
	ServerTime  time.Time
	// RawDate is the request date as the client sent it.
	RawDate string
	// Expires is X-Amz-Expires of an expired presigned URL.
	Expires time.Duration
	// Expected is the service a WrongService request reached.
	Expected string
	// For LengthMismatch, ChunkTooSmall and the POST size errors.
	ExpectedBytes int64
	ProvidedBytes int64
	Chunk         int64
	// For PayloadMismatch: the declared and the computed SHA-256.
	ClientSHA256 string
	ServerSHA256 string
	// Err is the underlying transport error, if any.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the underlying transport error.
func (e *Error) Unwrap() error { return e.Err }

// Messages shared by the parsers, in AWS's wording.
const (
	msgCredentialMalformed = `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`
	msgQueryParams         = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
	msgMismatch            = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgPayloadMismatch     = "The provided 'x-amz-content-sha256' header does not match what was computed."
	msgBodyEnded           = "The request body terminated unexpectedly"
	msgLengthMismatch      = "You did not provide the number of bytes specified by the Content-Length HTTP header"
)

func incompleteBody(err error) *Error {
	return &Error{Kind: IncompleteBody, Message: msgBodyEnded, Err: err}
}

func lengthMismatch(expected, provided int64) *Error {
	return &Error{Kind: LengthMismatch, Message: msgLengthMismatch, ExpectedBytes: expected, ProvidedBytes: provided}
}

func badContentSHA256(v string) *Error {
	return &Error{Kind: BadContentSHA256, Value: v, Message: "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, " +
		"STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
		"STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, " +
		"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value."}
}

func chunkTooSmall(chunk, size int64) *Error {
	return &Error{Kind: ChunkTooSmall, Chunk: chunk, ProvidedBytes: size,
		Message: "Only the last chunk is allowed to have a size less than " + strconv.Itoa(minChunkSize) + " bytes"}
}
