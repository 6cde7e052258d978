package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Verifier checks signatures against a credential store. The zero value
// with Credentials set is ready to use; a Verifier must not be copied after
// first use.
type Verifier struct {
	Credentials Credentials
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// keys caches derived signing keys: deriving one costs four HMACs, and
	// a client signs every request of a day with the same one.
	mu   sync.Mutex
	keys map[keyID]*derivedKey
}

// derivedKey is a signing key with its HMAC pads precomputed, so that a
// signature costs two SHA-256 sums and no allocation.
type derivedKey struct {
	key        []byte
	ipad, opad [sha256.BlockSize]byte
}

func newDerivedKey(key []byte) *derivedKey {
	k := &derivedKey{key: key}
	for i := range k.ipad {
		var b byte
		if i < len(key) {
			b = key[i]
		}
		k.ipad[i], k.opad[i] = b^0x36, b^0x5c
	}
	return k
}

// sum returns HMAC-SHA256(key, msg[BlockSize:]); the caller leaves the
// first BlockSize bytes of msg free for the inner pad.
func (k *derivedKey) sum(msg []byte) [sha256.Size]byte {
	copy(msg, k.ipad[:])
	inner := sha256.Sum256(msg)
	var outer [sha256.BlockSize + sha256.Size]byte
	copy(outer[:], k.opad[:])
	copy(outer[sha256.BlockSize:], inner[:])
	return sha256.Sum256(outer[:])
}

type keyID struct{ secret, date, region, service string }

// maxCachedKeys bounds the key cache; it is cleared when full.
const maxCachedKeys = 256

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Verifier) signingKey(secret, date, region, service string) *derivedKey {
	id := keyID{secret, date, region, service}
	v.mu.Lock()
	defer v.mu.Unlock()
	if k, ok := v.keys[id]; ok {
		return k
	}
	if v.keys == nil || len(v.keys) >= maxCachedKeys {
		v.keys = make(map[keyID]*derivedKey)
	}
	k := newDerivedKey(SigningKey(secret, date, region, service))
	v.keys[id] = k
	return k
}

// Check performs every verification that does not need the payload: the
// access key, the credential date, the request time and the signed headers.
// The edge calls it before reading a body, so that a request that waits on
// "Expect: 100-continue" is refused without its body being asked for. It
// returns the caller's secret.
func (v *Verifier) Check(p *Parsed) (secret string, err error) {
	if p.Version == 2 {
		return "", &Error{Kind: UnsupportedAlgorithm, Value: "AWS", Presigned: p.Presigned,
			Message: "Signature Version 2 is supported for S3 only; use AWS4-HMAC-SHA256."}
	}
	secret, ok := v.Credentials(p.AccessKey)
	if !ok {
		return "", &Error{Kind: UnknownAccessKey, Presigned: p.Presigned, AccessKey: p.AccessKey,
			Message: "The security token included in the request is invalid."}
	}
	var day [8]byte
	if d := p.Date.AppendFormat(day[:0], dateFormat); string(d) != p.DateScope {
		return "", &Error{Kind: DateMismatch, Presigned: p.Presigned, AccessKey: p.AccessKey, Value: p.DateScope, RawDate: p.RawDate,
			Message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
				p.DateScope + "' != '" + string(d) + "', from '" + p.Date.Format(timeFormat) + "'."}
	}
	if err := v.checkTime(p); err != nil {
		return "", err
	}
	if !slices.Contains(p.SignedHeaders, "host") {
		return "", &Error{Kind: HostNotSigned, Presigned: p.Presigned, AccessKey: p.AccessKey,
			Message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."}
	}
	return secret, nil
}

// checkTime enforces the 15-minute skew for header signatures and the
// lifetime of presigned URLs.
func (v *Verifier) checkTime(p *Parsed) error {
	now := v.now().UTC()
	stamp := func(t time.Time) string { return t.UTC().Format(timeFormat) }
	if p.Presigned {
		if p.Date.After(now.Add(MaxSkew)) {
			return &Error{Kind: NotYetValid, Presigned: true, AccessKey: p.AccessKey, RequestTime: p.Date, ServerTime: now, RawDate: p.RawDate,
				Message: "Signature not yet current: " + stamp(p.Date) + " is still later than " + stamp(now.Add(MaxSkew)) + " (" + stamp(now) + " + 15 min.)"}
		}
		if end := p.Date.Add(p.Expires); now.After(end) {
			return &Error{Kind: Expired, Presigned: true, AccessKey: p.AccessKey, RequestTime: end, ServerTime: now, Expires: p.Expires, RawDate: p.RawDate,
				Message: "Signature expired: " + stamp(end) + " is now earlier than " + stamp(now) + "."}
		}
		return nil
	}
	switch {
	case p.Date.Before(now.Add(-MaxSkew)):
		return &Error{Kind: Skewed, AccessKey: p.AccessKey, RequestTime: p.Date, ServerTime: now, RawDate: p.RawDate,
			Message: "Signature expired: " + stamp(p.Date) + " is now earlier than " + stamp(now.Add(-MaxSkew)) + " (" + stamp(now) + " - 15 min.)"}
	case p.Date.After(now.Add(MaxSkew)):
		return &Error{Kind: Skewed, AccessKey: p.AccessKey, RequestTime: p.Date, ServerTime: now, RawDate: p.RawDate,
			Message: "Signature not yet current: " + stamp(p.Date) + " is still later than " + stamp(now.Add(MaxSkew)) + " (" + stamp(now) + " + 15 min.)"}
	}
	return nil
}

// Verify checks the request's signature. payloadHash is the hex SHA-256
// of the body, or a marker from x-amz-content-sha256; for services that do
// not send that header, the caller hashes the body and passes the digest.
func (v *Verifier) Verify(r *http.Request, p *Parsed, payloadHash string) (*Result, error) {
	secret, err := v.Check(p)
	if err != nil {
		return nil, err
	}
	// One buffer holds the canonical request, then the HMAC's inner pad
	// and the string to sign.
	buf := make([]byte, 0, 1024+len(r.URL.RawQuery))
	buf = appendCanonicalRequest(buf, r, p, payloadHash)
	creq := len(buf)
	buf = append(buf, make([]byte, sha256.BlockSize)...)
	scope := p.Scope()
	buf = appendStringToSign(buf, p.Date, scope, buf[:creq])
	key := v.signingKey(secret, p.DateScope, p.Region, p.Service)
	mac := key.sum(buf[creq:])
	var want [2 * sha256.Size]byte
	hex.Encode(want[:], mac[:])
	if len(p.Signature) != len(want) || subtle.ConstantTimeCompare(want[:], []byte(p.Signature)) != 1 {
		return nil, &Error{Kind: Mismatch, Presigned: p.Presigned, AccessKey: p.AccessKey, Message: msgMismatch,
			StringToSign: string(buf[creq+sha256.BlockSize:]), CanonicalRequest: string(buf[:creq]), SignatureProvided: p.Signature}
	}
	return &Result{
		AccessKey: p.AccessKey, Region: p.Region, Service: p.Service, Date: p.Date,
		PayloadHash: payloadHash, Presigned: p.Presigned,
		SigningKey: key.key, Signature: p.Signature, Scope: scope,
	}, nil
}

// StringToSign builds the SigV4 string to sign.
func StringToSign(t time.Time, scope, canonicalRequest string) string {
	return string(appendStringToSign(nil, t, scope, []byte(canonicalRequest)))
}

func appendStringToSign(dst []byte, t time.Time, scope string, canonicalRequest []byte) []byte {
	h := sha256.Sum256(canonicalRequest)
	dst = append(dst, algorithm+"\n"...)
	dst = t.UTC().AppendFormat(dst, timeFormat)
	dst = append(dst, '\n')
	dst = append(dst, scope...)
	dst = append(dst, '\n')
	return hex.AppendEncode(dst, h[:])
}

// SigningKey derives the SigV4 signing key.
func SigningKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), []byte(date))
	k = hmacSHA256(k, []byte(region))
	k = hmacSHA256(k, []byte(service))
	return hmacSHA256(k, []byte(terminal))
}

func hmacSHA256(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}
