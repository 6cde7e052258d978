package sigv4

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

const hexUpper = "0123456789ABCDEF"

// CanonicalRequest builds the canonical request string for r.
func CanonicalRequest(r *http.Request, p *Parsed, payloadHash string) string {
	return string(appendCanonicalRequest(nil, r, p, payloadHash))
}

// appendCanonicalRequest appends the canonical request to dst. It works on
// bytes so that the verifier can hash it without another copy.
func appendCanonicalRequest(dst []byte, r *http.Request, p *Parsed, payloadHash string) []byte {
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')
	dst = appendCanonicalURI(dst, rawPath(r), p.Service == "s3")
	dst = append(dst, '\n')
	dst = appendCanonicalQuery(dst, r.URL.RawQuery, p)
	dst = append(dst, '\n')
	for _, h := range p.SignedHeaders {
		dst = append(dst, h...)
		dst = append(dst, ':')
		dst = appendHeaderValue(dst, r, h)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	for i, h := range p.SignedHeaders {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, h...)
	}
	dst = append(dst, '\n')
	return append(dst, payloadHash...)
}

// rawPath is the path exactly as the client sent it.
func rawPath(r *http.Request) string {
	if ru := r.RequestURI; ru != "" && ru[0] == '/' {
		path, _, _ := strings.Cut(ru, "?")
		return path
	}
	return r.URL.EscapedPath()
}

// appendCanonicalURI encodes the path the way AWS does. For S3 each
// segment is decoded and URI-encoded once, so that any wire encoding of a
// key signs the same. Every other service signs the path as sent on the
// wire, URI-encoded once more ("encoded twice" in AWS's words).
func appendCanonicalURI(dst []byte, raw string, s3 bool) []byte {
	if raw == "" {
		return append(dst, '/')
	}
	for i := 0; i < len(raw); {
		j := strings.IndexByte(raw[i:], '/')
		if j < 0 {
			j = len(raw)
		} else {
			j += i
		}
		seg := raw[i:j]
		if s3 {
			seg = unescape(seg)
		}
		dst = appendEscaped(dst, seg)
		if j < len(raw) {
			dst = append(dst, '/')
		}
		i = j + 1
	}
	return dst
}

// appendCanonicalQuery sorts the parameters by encoded name, then by
// encoded value, as SigV4 requires. A presigned request's parameters were
// decoded once by Parse; X-Amz-Signature is left out of its canonical form.
func appendCanonicalQuery(dst []byte, raw string, p *Parsed) []byte {
	var enc []param
	if p.Presigned {
		enc = make([]param, 0, len(p.query))
		for _, kv := range p.query {
			if kv.key != "X-Amz-Signature" {
				enc = append(enc, kv)
			}
		}
	} else {
		if raw == "" {
			return dst
		}
		enc = parseParams(raw)
	}
	for i, kv := range enc {
		enc[i] = param{Escape(kv.key), Escape(kv.value)}
	}
	slices.SortFunc(enc, func(a, b param) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.value, b.value)
	})
	for i, kv := range enc {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, kv.key...)
		dst = append(dst, '=')
		dst = append(dst, kv.value...)
	}
	return dst
}

// appendHeaderValue appends the canonical value of a signed header: every
// value trimmed, inner runs of spaces folded, and the values joined by ','.
func appendHeaderValue(dst []byte, r *http.Request, name string) []byte {
	var vals []string
	switch name {
	case "host":
		host := r.Host
		if host == "" {
			host = r.URL.Host
		}
		return appendTrimmed(dst, host)
	case "content-length":
		vals = r.Header.Values("Content-Length")
		if len(vals) == 0 && r.ContentLength >= 0 {
			return strconv.AppendInt(dst, r.ContentLength, 10)
		}
	case "transfer-encoding":
		vals = r.TransferEncoding
		if len(vals) == 0 {
			vals = r.Header.Values("Transfer-Encoding")
		}
	default:
		vals = headerValues(r.Header, name)
	}
	for i, v := range vals {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendTrimmed(dst, v)
	}
	return dst
}

// headerValues looks a lower-case header name up without allocating: the
// canonical form is built on the stack, and a map index with a converted
// byte slice does not copy it.
func headerValues(h http.Header, name string) []string {
	var buf [64]byte
	if len(name) > len(buf) {
		return h.Values(name)
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[i] = c
		upper = c == '-'
	}
	if v, ok := h[string(buf[:len(name)])]; ok {
		return v
	}
	return h.Values(name)
}

// appendTrimmed trims a header value and folds runs of spaces and tabs
// into one space.
func appendTrimmed(dst []byte, v string) []byte {
	v = strings.Trim(v, " \t")
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// appendEscaped URI-encodes s: every byte but the unreserved ones becomes
// %XX with upper-case hex.
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hexUpper[c>>4], hexUpper[c&15])
	}
	return dst
}

// Escape percent-encodes every byte except the unreserved characters
// A-Z a-z 0-9 - . _ ~, as SigV4 requires. It returns s itself when nothing
// needs encoding.
func Escape(s string) string {
	for i := 0; i < len(s); i++ {
		if !isUnreserved(s[i]) {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s))
		}
	}
	return s
}

// unescape decodes %XX escapes. A malformed escape leaves s as sent.
func unescape(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return s
		}
		out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(out)
}

// unescapeQuery decodes a query component: '+' is a space, as in
// application/x-www-form-urlencoded, which is how AWS reads query strings.
func unescapeQuery(s string) string {
	if strings.IndexByte(s, '+') >= 0 {
		s = strings.ReplaceAll(s, "+", " ")
	}
	return unescape(s)
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
