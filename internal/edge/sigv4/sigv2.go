package sigv4

// S3 still verifies Signature Version 2, and older SDKs use it by default
// for presigned URLs and POST policies (boto3 1.26 signs
// generate_presigned_url and generate_presigned_post with it). This file
// verifies the three forms for S3 only:
//
//	Authorization: AWS AKID:base64(HMAC-SHA1(secret, StringToSign))
//	?AWSAccessKeyId=AKID&Expires=<unix seconds>&Signature=...
//	POST form fields AWSAccessKeyId, policy, signature
//
// StringToSign = Method \n Content-MD5 \n Content-Type \n Date-or-Expires \n
// CanonicalizedAmzHeaders CanonicalizedResource.

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// v2SubResources are the query parameters that belong to a SigV2
// canonical resource.
func isV2SubResource(name string) bool {
	switch name {
	case "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle",
		"location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy",
		"replication", "requestPayment", "restore", "select", "select-type", "storageClass", "tagging",
		"torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
		"response-cache-control", "response-content-disposition", "response-content-encoding",
		"response-content-language", "response-content-type", "response-expires":
		return true
	}
	return false
}

// parseV2Header reads "AWS AKID:signature".
func parseV2Header(r *http.Request, auth string) (*Parsed, error) {
	p := &Parsed{Version: 2, Authorization: auth}
	ak, sig, ok := strings.Cut(strings.TrimPrefix(auth, "AWS "), ":")
	if !ok || ak == "" || sig == "" {
		return p, &Error{Kind: MalformedV2, Value: auth, Message: "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature"}
	}
	p.AccessKey, p.Signature = ak, sig
	date := r.Header.Get("X-Amz-Date")
	if date == "" {
		date = r.Header.Get("Date")
	}
	if date == "" {
		return p, &Error{Kind: MissingDate, AccessKey: ak, Message: "AWS authentication requires a valid Date or x-amz-date header"}
	}
	t, err := parseDate(date, false)
	if err != nil {
		return p, &Error{Kind: BadDate, AccessKey: ak, Value: date, Message: "AWS authentication requires a valid Date or x-amz-date header"}
	}
	p.Date, p.RawDate = t, date
	return p, nil
}

// parseV2Query reads AWSAccessKeyId, Signature and Expires.
func parseV2Query(raw string) (*Parsed, error) {
	p := &Parsed{Version: 2, Presigned: true, query: parseParams(raw)}
	ak, _ := p.QueryValue("AWSAccessKeyId")
	sig, _ := p.QueryValue("Signature")
	exp, _ := p.QueryValue("Expires")
	p.AccessKey, p.Signature, p.RawDate = ak, sig, exp
	if ak == "" || sig == "" || exp == "" {
		return p, &Error{Kind: MissingQueryParams, V2: true, Presigned: true,
			Message: "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"}
	}
	secs, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return p, &Error{Kind: BadExpires, V2: true, Presigned: true, Value: exp,
			Message: "Invalid date (should be seconds since epoch): " + exp}
	}
	p.Date = time.Unix(secs, 0).UTC()
	return p, nil
}

// VerifyV2 checks an S3 request signed with Signature Version 2. bucket is
// the bucket a virtual-hosted Host names ("" for path-style requests); it
// is part of the canonical resource.
func (v *Verifier) VerifyV2(r *http.Request, p *Parsed, bucket string) (*Result, error) {
	secret, ok := v.Credentials(p.AccessKey)
	if !ok {
		return nil, &Error{Kind: UnknownAccessKey, Presigned: p.Presigned, AccessKey: p.AccessKey,
			Message: "The AWS Access Key Id you provided does not exist in our records."}
	}
	now := v.now().UTC()
	switch {
	case p.Presigned && now.After(p.Date):
		return nil, &Error{Kind: Expired, V2: true, Presigned: true, AccessKey: p.AccessKey, RequestTime: p.Date, ServerTime: now,
			Message: "Request has expired"}
	case !p.Presigned && (p.Date.Before(now.Add(-MaxSkew)) || p.Date.After(now.Add(MaxSkew))):
		return nil, &Error{Kind: Skewed, AccessKey: p.AccessKey, RequestTime: p.Date, ServerTime: now, RawDate: p.RawDate,
			Message: "The difference between the request time and the current time is too large."}
	}
	sts := StringToSignV2(r, p, bucket)
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(sts))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if subtle.ConstantTimeCompare([]byte(want), []byte(p.Signature)) != 1 {
		return nil, &Error{Kind: Mismatch, Presigned: p.Presigned, AccessKey: p.AccessKey, Message: msgMismatch,
			StringToSign: sts, SignatureProvided: p.Signature}
	}
	return &Result{AccessKey: p.AccessKey, Region: "us-east-1", Service: "s3", Date: p.Date,
		PayloadHash: UnsignedPayload, Presigned: p.Presigned}, nil
}

// StringToSignV2 builds the SigV2 string to sign of an S3 request. For a
// presigned URL the headers may also come as query parameters (botocore
// moves Content-Type, Content-MD5 and x-amz-* there), and the date is the
// Expires parameter.
func StringToSignV2(r *http.Request, p *Parsed, bucket string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	for _, h := range [...]string{"content-md5", "content-type"} {
		v := r.Header.Get(h)
		if v == "" && p.Presigned {
			v, _ = p.QueryValue(h)
		}
		b.WriteString(strings.TrimSpace(v))
		b.WriteByte('\n')
	}
	switch {
	case p.Presigned:
		b.WriteString(p.RawDate)
	case r.Header.Get("X-Amz-Date") == "":
		b.WriteString(strings.TrimSpace(r.Header.Get("Date")))
	}
	b.WriteByte('\n')
	writeAmzHeadersV2(&b, r, p)
	if bucket != "" {
		b.WriteString("/" + bucket)
	}
	b.WriteString(rawPath(r))
	writeSubResourcesV2(&b, r.URL.RawQuery)
	return b.String()
}

func writeAmzHeadersV2(b *strings.Builder, r *http.Request, p *Parsed) {
	amz := map[string]string{}
	for k, vs := range r.Header {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-amz-") {
			trimmed := make([]string, len(vs))
			for i, v := range vs {
				trimmed[i] = strings.TrimSpace(v)
			}
			amz[lk] = strings.Join(trimmed, ",")
		}
	}
	if p.Presigned {
		for _, kv := range p.query {
			if lk := strings.ToLower(kv.key); strings.HasPrefix(lk, "x-amz-") && amz[lk] == "" {
				amz[lk] = strings.TrimSpace(kv.value)
			}
		}
	}
	names := make([]string, 0, len(amz))
	for k := range amz {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		b.WriteString(k + ":" + amz[k] + "\n")
	}
}

// writeSubResourcesV2 appends "?name[=value]&..." for the sub-resources,
// sorted by name, values decoded.
func writeSubResourcesV2(b *strings.Builder, raw string) {
	var subs []string
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, v, hasValue := strings.Cut(part, "=")
		if !isV2SubResource(k) {
			continue
		}
		if hasValue {
			k += "=" + unescape(v)
		}
		subs = append(subs, k)
	}
	slices.SortStableFunc(subs, func(a, b string) int {
		a, _, _ = strings.Cut(a, "=")
		b, _, _ = strings.Cut(b, "=")
		return strings.Compare(a, b)
	})
	if len(subs) > 0 {
		b.WriteString("?" + strings.Join(subs, "&"))
	}
}

// signPolicyV2 is the SigV2 signature of a POST policy.
func signPolicyV2(secret, policy string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(policy))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
