package sigv4

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// param is one decoded query parameter.
type param struct{ key, value string }

// Parse reads the signature material from the Authorization header or the
// presigned query string. It returns (nil, nil) for an unsigned request. On
// an error the returned Parsed, when not nil, holds what could be read (the
// edge routes by its Service and renders errors by its Presigned flag).
func Parse(r *http.Request) (*Parsed, error) {
	auth := r.Header.Get("Authorization")
	query := queryAuthVersion(r.URL.RawQuery)
	presigned := query != 0
	switch {
	case auth != "" && presigned:
		p, _ := parseHeader(r, auth)
		if p == nil {
			p = &Parsed{}
		}
		return p, &Error{Kind: MultipleAuth, Message: "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, " +
			"Signature query string parameter or the Authorization header should be specified"}
	case strings.HasPrefix(auth, "AWS "):
		return parseV2Header(r, auth)
	case auth != "":
		return parseHeader(r, auth)
	case query == 2:
		return parseV2Query(r.URL.RawQuery)
	case presigned:
		return parseQuery(r.URL.RawQuery)
	}
	return nil, nil
}

func parseHeader(r *http.Request, auth string) (*Parsed, error) {
	p := &Parsed{Version: 4, Authorization: auth}
	alg, rest, _ := strings.Cut(auth, " ")
	if alg != algorithm {
		return p, &Error{Kind: UnsupportedAlgorithm, Value: alg,
			Message: "Unsupported AWS 'algorithm': '" + alg + "'. Authorization=" + auth}
	}
	var cred, signed, sig string
	var haveCred, haveSigned, haveSig bool
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return p, &Error{Kind: Incomplete, Value: part,
				Message: "'" + part + "' not a valid key=value pair (missing equal-sign) in Authorization header: '" + auth + "'."}
		}
		switch k {
		case "Credential":
			cred, haveCred = v, true
		case "SignedHeaders":
			signed, haveSigned = v, true
		case "Signature":
			sig, haveSig = v, true
		}
	}
	// Read the scope first so that a request with other faults still
	// routes to the service it names.
	var credErr error
	if haveCred {
		credErr = p.setCredential(cred, false)
	}
	date := r.Header.Get("X-Amz-Date")
	if date == "" {
		date = r.Header.Get("Date")
	}
	if err := missingParts(haveCred, haveSig, haveSigned, date == "", auth); err != nil {
		return p, err
	}
	if credErr != nil {
		return p, credErr
	}
	p.SignedHeaders = strings.Split(signed, ";")
	p.Signature = sig
	t, err := parseDate(date, false)
	if err != nil {
		return p, err
	}
	p.Date, p.RawDate = t, date
	return p, nil
}

// missingParts lists the absent Authorization components the way AWS's
// JSON services do: every missing part in one message.
func missingParts(haveCred, haveSig, haveSigned, noDate bool, auth string) error {
	var msg []string
	if !haveCred {
		msg = append(msg, "Authorization header requires 'Credential' parameter.")
	}
	if !haveSig {
		msg = append(msg, "Authorization header requires 'Signature' parameter.")
	}
	if !haveSigned {
		msg = append(msg, "Authorization header requires 'SignedHeaders' parameter.")
	}
	if noDate {
		msg = append(msg, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	switch {
	case len(msg) == 0:
		return nil
	case len(msg) == 1 && noDate:
		return &Error{Kind: MissingDate, Message: msg[0] + " Authorization=" + auth}
	}
	return &Error{Kind: Incomplete, Message: strings.Join(msg, " ") + " Authorization=" + auth}
}

func parseQuery(raw string) (*Parsed, error) {
	p := &Parsed{Version: 4, Presigned: true, query: parseParams(raw)}
	get := func(k string) string { v, _ := p.QueryValue(k); return v }
	var credErr error
	if c := get("X-Amz-Credential"); c != "" {
		credErr = p.setCredential(c, true)
	}
	for _, k := range [...]string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"} {
		if get(k) == "" {
			return p, &Error{Kind: MissingQueryParams, Presigned: true, Message: msgQueryParams}
		}
	}
	if alg := get("X-Amz-Algorithm"); alg != algorithm {
		return p, &Error{Kind: UnsupportedAlgorithm, Presigned: true, Value: alg,
			Message: `X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`}
	}
	if credErr != nil {
		return p, credErr
	}
	p.RawDate = get("X-Amz-Date")
	t, err := parseDate(p.RawDate, true)
	if err != nil {
		return p, err
	}
	p.Date = t
	exp, err := parseExpires(get("X-Amz-Expires"))
	if err != nil {
		return p, err
	}
	p.Expires = exp
	p.SignedHeaders = strings.Split(get("X-Amz-SignedHeaders"), ";")
	p.Signature = get("X-Amz-Signature")
	return p, nil
}

func parseExpires(s string) (time.Duration, error) {
	secs, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		return 0, &Error{Kind: BadExpires, Presigned: true, Value: s, Message: "X-Amz-Expires should be a number"}
	case secs < 0:
		return 0, &Error{Kind: BadExpires, Presigned: true, Value: s, Message: "X-Amz-Expires must be non-negative"}
	case secs > int64(MaxPresignExpiry/time.Second):
		return 0, &Error{Kind: BadExpires, Presigned: true, Value: s,
			Message: "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"}
	}
	return time.Duration(secs) * time.Second, nil
}

// setCredential splits AKID/date/region/service/aws4_request.
func (p *Parsed) setCredential(cred string, presigned bool) error {
	var parts [5]string
	rest, n := cred, 0
	for ; n < len(parts) && rest != ""; n++ {
		parts[n], rest, _ = strings.Cut(rest, "/")
	}
	if n != 5 || rest != "" || strings.HasSuffix(cred, "/") || parts[0] == "" {
		return &Error{Kind: MalformedCredential, Presigned: presigned, Value: cred,
			Message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + cred + "'"}
	}
	p.AccessKey, p.DateScope, p.Region, p.Service = parts[0], parts[1], parts[2], parts[3]
	if _, err := time.Parse(dateFormat, parts[1]); err != nil {
		return &Error{Kind: BadCredentialDate, Presigned: presigned, Value: parts[1], AccessKey: parts[0],
			Message: "Invalid credential date \"" + parts[1] + "\". This date must be in the format \"yyyyMMdd\"."}
	}
	if parts[4] != terminal {
		return &Error{Kind: BadTerminal, Presigned: presigned, Value: parts[4], AccessKey: parts[0],
			Message: "Credential should be scoped with a valid terminator: 'aws4_request', not '" + parts[4] + "'. "}
	}
	return nil
}

// parseDate reads X-Amz-Date (ISO 8601 basic) or, for header
// authentication, an HTTP Date header.
func parseDate(s string, presigned bool) (time.Time, error) {
	if t, err := time.Parse(timeFormat, s); err == nil {
		return t, nil
	}
	if !presigned {
		if t, ok := parseHTTPDate(s); ok {
			return t, nil
		}
	}
	return time.Time{}, &Error{Kind: BadDate, Presigned: presigned, Value: s,
		Message: "Date must be in ISO-8601 'basic format'. Got '" + s + "'. See http://en.wikipedia.org/wiki/ISO_8601"}
}

// parseParams splits and decodes a raw query. A value whose escapes do not
// decode is kept as sent, so that it still canonicalizes deterministically.
func parseParams(raw string) []param {
	if raw == "" {
		return nil
	}
	out := make([]param, 0, strings.Count(raw, "&")+1)
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		out = append(out, param{unescapeQuery(k), unescapeQuery(v)})
	}
	return out
}

// parseHTTPDate reads the date formats HTTP allows, plus RFC 1123 with a
// numeric zone ("Tue, 27 Mar 2007 19:36:42 +0000"), which S3 accepts too.
func parseHTTPDate(s string) (time.Time, bool) {
	if t, err := http.ParseTime(s); err == nil {
		return t.UTC(), true
	}
	if t, err := time.Parse(time.RFC1123Z, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}
