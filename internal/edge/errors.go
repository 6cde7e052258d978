package edge

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
)

// S3Error maps an error that came out of the edge into S3's error: an
// error returned while reading a request body the edge wrapped (bad chunk
// signature, broken aws-chunked framing, wrong length or payload hash, a
// client that went away), or one returned by sigv4.VerifyPostPolicy and
// PostPolicy.CheckLength. It returns nil when err came from anywhere else,
// so a service can tell a bad request body from its own failure:
//
//	if _, err := io.Copy(dst, r.Body); err != nil {
//		if ae := edge.S3Error(err); ae != nil {
//			return ae // the client's fault, e.g. SignatureDoesNotMatch
//		}
//		return err // ours
//	}
func S3Error(err error) *awsproto.Error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return nil
	}
	return s3Error(se)
}

// authError maps a verification failure onto the protocol's AWS error.
func authError(p Protocol, err error) *awsproto.Error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return awsproto.AsError(err)
	}
	if p == RestXML {
		return s3Error(se)
	}
	return jsonError(p, se)
}

// jsonError renders a failure the way the awsJson and restJson services
// do (their common front end answers 400, or 403 for restJson).
func jsonError(p Protocol, se *sigv4.Error) *awsproto.Error {
	status := http.StatusBadRequest
	if p == RestJSON {
		status = http.StatusForbidden
	}
	switch se.Kind {
	case sigv4.Missing:
		if p == RestJSON {
			return awsproto.NewError("MissingAuthenticationTokenException", status, "Missing Authentication Token")
		}
		return awsproto.NewError("MissingAuthenticationTokenException", status, "Request is missing Authentication Token")
	case sigv4.UnknownAccessKey:
		return awsproto.NewError("UnrecognizedClientException", status, "The security token included in the request is invalid.")
	case sigv4.Mismatch:
		msg := se.Message
		if se.CanonicalRequest != "" {
			msg += "\n\nThe Canonical String for this request should have been\n'" + se.CanonicalRequest +
				"'\n\nThe String-to-Sign should have been\n'" + se.StringToSign + "'\n"
		}
		return awsproto.NewError("InvalidSignatureException", status, "%s", msg)
	case sigv4.Skewed, sigv4.Expired, sigv4.NotYetValid, sigv4.DateMismatch, sigv4.BadCredentialDate,
		sigv4.BadTerminal, sigv4.WrongService, sigv4.HostNotSigned, sigv4.PayloadMismatch:
		return awsproto.NewError("InvalidSignatureException", status, "%s", se.Message)
	}
	return awsproto.NewError("IncompleteSignatureException", status, "%s", se.Message)
}

// s3Error renders a failure the way S3 does.
func s3Error(se *sigv4.Error) *awsproto.Error {
	if e := s3AuthError(se); e != nil {
		return e
	}
	if e := s3BodyError(se); e != nil {
		return e
	}
	if e := s3PostError(se); e != nil {
		return e
	}
	return awsproto.NewError("AccessDenied", http.StatusForbidden, "Access Denied")
}

// s3Malformed is S3's wording for a bad credential, in the header or in the query.
func s3Malformed(se *sigv4.Error, detail string) *awsproto.Error {
	if se.Presigned {
		return awsproto.NewError("AuthorizationQueryParametersError", http.StatusBadRequest, "Error parsing the X-Amz-Credential parameter; %s", detail)
	}
	return awsproto.NewError("AuthorizationHeaderMalformed", http.StatusBadRequest, "The authorization header is malformed; %s", detail)
}

func s3AuthError(se *sigv4.Error) *awsproto.Error {
	const badRequest = http.StatusBadRequest
	switch se.Kind {
	case sigv4.Missing:
		return awsproto.NewError("AccessDenied", http.StatusForbidden, "Access Denied")
	case sigv4.Incomplete:
		if se.Value != "" {
			return awsproto.NewError("AuthorizationHeaderMalformed", badRequest, "The authorization header is malformed; the authorization component %q is malformed.", se.Value)
		}
		return awsproto.NewError("AuthorizationHeaderMalformed", badRequest, "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.")
	case sigv4.MissingDate, sigv4.BadDate:
		if se.Presigned {
			return awsproto.NewError("AuthorizationQueryParametersError", badRequest, `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
		}
		return awsproto.NewError("AccessDenied", http.StatusForbidden, "AWS authentication requires a valid Date or x-amz-date header")
	case sigv4.UnsupportedAlgorithm:
		switch {
		case se.Presigned:
			return awsproto.NewError("AuthorizationQueryParametersError", badRequest, "%s", se.Message)
		case se.Value == "AWS" || strings.HasPrefix(se.Value, "AWS4-"):
			return awsproto.NewError("InvalidRequest", badRequest, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.")
		}
		return awsproto.NewError("InvalidArgument", badRequest, "Unsupported Authorization Type").
			With("ArgumentName", "Authorization").With("ArgumentValue", se.Value)
	case sigv4.MalformedV2:
		return awsproto.NewError("InvalidArgument", badRequest, "%s", se.Message).
			With("ArgumentName", "Authorization").With("ArgumentValue", se.Value)
	case sigv4.MultipleAuth:
		return awsproto.NewError("InvalidArgument", badRequest, "%s", se.Message).With("ArgumentName", "Authorization")
	case sigv4.MalformedCredential:
		return s3Malformed(se, `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`)
	case sigv4.BadCredentialDate:
		return s3Malformed(se, `incorrect date format "`+se.Value+`". This date in the credential must be in the format "yyyyMMdd".`)
	case sigv4.BadTerminal:
		return s3Malformed(se, `incorrect terminal "`+se.Value+`". This endpoint uses "aws4_request".`)
	case sigv4.WrongService:
		return s3Malformed(se, `incorrect service "`+se.Value+`". This endpoint belongs to "`+se.Expected+`".`)
	case sigv4.DateMismatch:
		if se.Presigned {
			return awsproto.NewError("AuthorizationQueryParametersError", badRequest,
				"Invalid credential date %q. This date is not the same as X-Amz-Date: %q.", se.Value, datePart(se.RawDate))
		}
		return awsproto.NewError("AuthorizationHeaderMalformed", badRequest, "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.")
	case sigv4.HostNotSigned:
		return awsproto.NewError("AccessDenied", http.StatusForbidden, "There were headers present in the request which were not signed").
			With("HeadersNotSigned", "host")
	case sigv4.UnknownAccessKey:
		return awsproto.NewError("InvalidAccessKeyId", http.StatusForbidden, "The AWS Access Key Id you provided does not exist in our records.").
			With("AWSAccessKeyId", se.AccessKey)
	case sigv4.Mismatch:
		return s3SignatureMismatch(se)
	case sigv4.Skewed:
		return awsproto.NewError("RequestTimeTooSkewed", http.StatusForbidden, "The difference between the request time and the current time is too large.").
			With("RequestTime", se.RawDate).
			With("ServerTime", isoTime(se.ServerTime)).
			With("MaxAllowedSkewMilliseconds", strconv.FormatInt(sigv4.MaxSkew.Milliseconds(), 10))
	case sigv4.Expired:
		if se.V2 {
			return awsproto.NewError("AccessDenied", http.StatusForbidden, "Request has expired").
				With("Expires", isoTime(se.RequestTime)).
				With("ServerTime", isoTime(se.ServerTime))
		}
		return awsproto.NewError("AccessDenied", http.StatusForbidden, "Request has expired").
			With("X-Amz-Expires", strconv.FormatInt(int64(se.Expires/time.Second), 10)).
			With("Expires", isoTime(se.RequestTime)).
			With("ServerTime", isoTime(se.ServerTime))
	case sigv4.NotYetValid:
		return awsproto.NewError("AccessDenied", http.StatusForbidden, "Request is not valid yet")
	case sigv4.MissingQueryParams, sigv4.BadExpires:
		if se.V2 {
			return awsproto.NewError("AccessDenied", http.StatusForbidden, "%s", se.Message)
		}
		return awsproto.NewError("AuthorizationQueryParametersError", badRequest, "%s", se.Message)
	}
	return nil
}

// s3SignatureMismatch carries what S3 puts in the body of
// SignatureDoesNotMatch, so that a client can compare its own strings.
func s3SignatureMismatch(se *sigv4.Error) *awsproto.Error {
	e := awsproto.NewError("SignatureDoesNotMatch", http.StatusForbidden,
		"The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	if se.AccessKey != "" {
		e = e.With("AWSAccessKeyId", se.AccessKey)
	}
	if se.StringToSign != "" {
		e = e.With("StringToSign", se.StringToSign).
			With("SignatureProvided", se.SignatureProvided).
			With("StringToSignBytes", spacedHex(se.StringToSign))
	}
	if se.CanonicalRequest != "" {
		e = e.With("CanonicalRequest", se.CanonicalRequest).
			With("CanonicalRequestBytes", spacedHex(se.CanonicalRequest))
	}
	return e
}

func s3BodyError(se *sigv4.Error) *awsproto.Error {
	const badRequest = http.StatusBadRequest
	switch se.Kind {
	case sigv4.MissingContentSHA256:
		return awsproto.NewError("InvalidRequest", badRequest, "%s", se.Message)
	case sigv4.BadContentSHA256:
		return awsproto.NewError("InvalidArgument", badRequest, "%s", se.Message).
			With("ArgumentName", "x-amz-content-sha256").With("ArgumentValue", se.Value)
	case sigv4.PayloadMismatch:
		return awsproto.NewError("XAmzContentSHA256Mismatch", badRequest, "%s", se.Message).
			With("ClientComputedContentSHA256", se.ClientSHA256).
			With("S3ComputedContentSHA256", se.ServerSHA256)
	case sigv4.IncompleteBody, sigv4.LengthMismatch:
		return awsproto.NewError("IncompleteBody", badRequest, "%s", se.Message)
	case sigv4.MissingDecodedLength:
		return awsproto.NewError("MissingContentLength", http.StatusLengthRequired, "%s", se.Message)
	case sigv4.ChunkTooSmall:
		return awsproto.NewError("InvalidChunkSizeError", badRequest, "%s", se.Message).
			With("Chunk", strconv.FormatInt(se.Chunk, 10)).
			With("BadChunkSize", strconv.FormatInt(se.ProvidedBytes, 10))
	case sigv4.MalformedTrailer:
		return awsproto.NewError("MalformedTrailerError", badRequest, "%s", se.Message)
	}
	return nil
}

func s3PostError(se *sigv4.Error) *awsproto.Error {
	const badRequest = http.StatusBadRequest
	switch se.Kind {
	case sigv4.PostMissingField:
		return awsproto.NewError("InvalidArgument", badRequest, "%s", se.Message).
			With("ArgumentName", se.Value).With("ArgumentValue", "")
	case sigv4.PostBadField:
		return awsproto.NewError("InvalidArgument", badRequest, "%s", se.Message).With("ArgumentName", se.Value)
	case sigv4.PolicyInvalid:
		return awsproto.NewError("InvalidPolicyDocument", badRequest, "%s", se.Message)
	case sigv4.PolicyExpired, sigv4.PolicyConditionFailed, sigv4.PolicyExtraField:
		return awsproto.NewError("AccessDenied", http.StatusForbidden, "%s", se.Message)
	case sigv4.EntityTooSmall:
		return awsproto.NewError("EntityTooSmall", badRequest, "%s", se.Message).
			With("ProposedSize", strconv.FormatInt(se.ProvidedBytes, 10)).
			With("MinSizeAllowed", strconv.FormatInt(se.ExpectedBytes, 10))
	case sigv4.EntityTooLarge:
		return awsproto.NewError("EntityTooLarge", badRequest, "%s", se.Message).
			With("ProposedSize", strconv.FormatInt(se.ProvidedBytes, 10)).
			With("MaxSizeAllowed", strconv.FormatInt(se.ExpectedBytes, 10))
	}
	return nil
}

func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// datePart is the yyyyMMdd of an X-Amz-Date.
func datePart(s string) string {
	if len(s) >= 8 {
		return s[:8]
	}
	return s
}

// spacedHex renders bytes as S3 does in StringToSignBytes: two hex digits
// per byte, separated by spaces.
func spacedHex(s string) string {
	const hexd = "0123456789abcdef"
	b := make([]byte, 0, 3*len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, hexd[s[i]>>4], hexd[s[i]&15])
	}
	return string(b)
}
