package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PostPolicy is the verified policy of a browser-based upload (S3 POST
// Object with a signed policy document).
type PostPolicy struct {
	AccessKey  string
	Region     string
	Expiration time.Time

	conditions []condition
	hasRange   bool
	minLength  int64
	maxLength  int64
}

// condition is one entry of the policy's "conditions" list.
type condition struct {
	op    string // "eq", "starts-with" or "content-length-range"
	field string // lower case, without the leading "$"
	value string
	// printed is the condition as AWS quotes it in its error message.
	printed  string
	min, max int64
}

// postAuthFields are the form fields that carry a POST signature: SigV4's,
// or SigV2's when the form has AWSAccessKeyId and no x-amz-credential.
func postAuthFields(v2 bool) []string {
	if v2 {
		return []string{"awsaccesskeyid", "policy", "signature"}
	}
	return []string{"policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"}
}

// VerifyPostPolicy is VerifyPostPolicy with the verifier's credentials and
// clock.
func (v *Verifier) VerifyPostPolicy(bucket string, form map[string]string) (*PostPolicy, error) {
	return VerifyPostPolicy(bucket, form, v.Credentials, v.now())
}

// VerifyPostPolicy checks a browser-based upload: bucket is the bucket the
// form was posted to and form holds every form field except the file, by
// name (any case), with the values as sent. It checks x-amz-algorithm,
// x-amz-credential and x-amz-signature (an HMAC of the base64 policy with
// the SigV4 signing key) or, for a SigV2 form, AWSAccessKeyId and
// signature (HMAC-SHA1 of the policy, base64), then decodes the policy and checks its
// expiration, every condition (exact-match objects, "eq", "starts-with";
// "content-length-range" is checked later by CheckLength), and that every
// field but x-amz-signature, file, policy and x-ignore-* is covered by a
// condition. A form with none of the signature fields is anonymous: it
// returns (nil, nil) and the caller decides whether the bucket allows that.
func VerifyPostPolicy(bucket string, form map[string]string, creds Credentials, now time.Time) (*PostPolicy, error) {
	fields := make(map[string]string, len(form))
	for k, v := range form {
		fields[strings.ToLower(k)] = v
	}
	if _, ok := fields["key"]; !ok {
		return nil, postMissing("key")
	}
	_, hasKeyID := fields["awsaccesskeyid"]
	_, hasCredential := fields["x-amz-credential"]
	v2 := hasKeyID && !hasCredential
	anonymous := true
	for _, f := range append(postAuthFields(false), postAuthFields(true)...) {
		if _, ok := fields[f]; ok {
			anonymous = false
		}
	}
	if anonymous {
		return nil, nil
	}
	for _, f := range postAuthFields(v2) {
		if _, ok := fields[f]; !ok {
			return nil, postMissing(f)
		}
	}
	var pol *PostPolicy
	var err error
	if v2 {
		pol, err = checkPostSignatureV2(fields, creds)
	} else {
		pol, err = checkPostSignature(fields, creds)
	}
	if err != nil {
		return nil, err
	}
	doc := fields["policy"]
	if err := pol.parse(doc); err != nil {
		return nil, err
	}
	if now.After(pol.Expiration) {
		return nil, &Error{Kind: PolicyExpired, Message: "Invalid according to Policy: Policy expired."}
	}
	if err := pol.checkConditions(bucket, fields); err != nil {
		return nil, err
	}
	return pol, pol.checkExtraFields(form, v2)
}

func postMissing(field string) *Error {
	return &Error{Kind: PostMissingField, Value: field,
		Message: "Bucket POST must contain a field named '" + field + "'.  If it is specified, please check the order of the fields."}
}

func postBad(field, msg string) *Error {
	return &Error{Kind: PostBadField, Value: field, Message: msg}
}

// checkPostSignature verifies x-amz-signature = HMAC(signing key, policy).
func checkPostSignature(fields map[string]string, creds Credentials) (*PostPolicy, error) {
	if alg := fields["x-amz-algorithm"]; alg != algorithm {
		return nil, postBad("X-Amz-Algorithm", "Only AWS4-HMAC-SHA256 is supported")
	}
	var p Parsed
	if err := p.setCredential(fields["x-amz-credential"], false); err != nil {
		switch err.(*Error).Kind {
		case BadCredentialDate:
			return nil, postBad("X-Amz-Credential", `incorrect date format "`+p.DateScope+`". This date in the credential must be in the format "yyyyMMdd".`)
		case BadTerminal:
			return nil, postBad("X-Amz-Credential", `incorrect terminal "`+err.(*Error).Value+`". This endpoint uses "aws4_request".`)
		}
		return nil, postBad("X-Amz-Credential", msgCredentialMalformed)
	}
	if p.Service != "s3" {
		return nil, postBad("X-Amz-Credential", `incorrect service "`+p.Service+`". This endpoint belongs to "s3".`)
	}
	secret, ok := creds(p.AccessKey)
	if !ok {
		return nil, &Error{Kind: UnknownAccessKey, AccessKey: p.AccessKey, Message: "The AWS Access Key Id you provided does not exist in our records."}
	}
	policy := fields["policy"]
	mac := hmac.New(sha256.New, SigningKey(secret, p.DateScope, p.Region, p.Service))
	mac.Write([]byte(policy))
	want := hex.EncodeToString(mac.Sum(nil))
	if sig := fields["x-amz-signature"]; !hmac.Equal([]byte(want), []byte(sig)) {
		return nil, &Error{Kind: Mismatch, Message: msgMismatch, AccessKey: p.AccessKey,
			StringToSign: policy, SignatureProvided: sig}
	}
	return &PostPolicy{AccessKey: p.AccessKey, Region: p.Region}, nil
}

// checkPostSignatureV2 verifies signature = base64(HMAC-SHA1(secret, policy)).
func checkPostSignatureV2(fields map[string]string, creds Credentials) (*PostPolicy, error) {
	ak := fields["awsaccesskeyid"]
	secret, ok := creds(ak)
	if !ok {
		return nil, &Error{Kind: UnknownAccessKey, AccessKey: ak, Message: "The AWS Access Key Id you provided does not exist in our records."}
	}
	policy, sig := fields["policy"], fields["signature"]
	if want := signPolicyV2(secret, policy); !hmac.Equal([]byte(want), []byte(sig)) {
		return nil, &Error{Kind: Mismatch, Message: msgMismatch, AccessKey: ak, StringToSign: policy, SignatureProvided: sig}
	}
	return &PostPolicy{AccessKey: ak, Region: "us-east-1"}, nil
}

func policyInvalid(msg string) *Error {
	return &Error{Kind: PolicyInvalid, Message: "Invalid Policy: " + msg}
}

// parse decodes the base64 JSON policy document.
func (pol *PostPolicy) parse(encoded string) error {
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(encoded), ""))
	if err != nil {
		return policyInvalid("invalid Base64 encoding.")
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil || doc == nil {
		return policyInvalid("Invalid JSON.")
	}
	exp, ok := doc["expiration"]
	if !ok {
		return policyInvalid("Policy missing expiration.")
	}
	var expStr string
	if json.Unmarshal(exp, &expStr) != nil {
		return policyInvalid("Invalid 'expiration' value: '" + string(exp) + "'")
	}
	if pol.Expiration, err = time.Parse(time.RFC3339Nano, expStr); err != nil {
		return policyInvalid("Invalid 'expiration' value: '" + expStr + "'")
	}
	conds, ok := doc["conditions"]
	if !ok {
		return policyInvalid("Policy missing conditions.")
	}
	var list []json.RawMessage
	if json.Unmarshal(conds, &list) != nil {
		return policyInvalid("Invalid 'conditions' value: must be a List.")
	}
	for _, c := range list {
		if err := pol.addCondition(bytes.TrimSpace(c)); err != nil {
			return err
		}
	}
	return nil
}

func (pol *PostPolicy) addCondition(c json.RawMessage) error {
	if len(c) > 0 && c[0] == '{' {
		var m map[string]json.RawMessage
		if json.Unmarshal(c, &m) != nil {
			return policyInvalid("Invalid JSON.")
		}
		if len(m) != 1 {
			return policyInvalid("Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) != nil {
				return policyInvalid("Invalid Simple-Condition: value must be a string.")
			}
			pol.conditions = append(pol.conditions, newCondition("eq", "$"+strings.TrimPrefix(k, "$"), s))
		}
		return nil
	}
	var args []json.RawMessage
	if len(c) == 0 || c[0] != '[' || json.Unmarshal(c, &args) != nil {
		return policyInvalid("Invalid condition test: must be a List or Object.")
	}
	var op string
	if len(args) == 0 || json.Unmarshal(args[0], &op) != nil {
		return policyInvalid("Invalid Condition: missing operation identifier.")
	}
	op = strings.ToLower(op)
	switch op {
	case "eq", "starts-with":
		var field, value string
		if len(args) != 3 || json.Unmarshal(args[1], &field) != nil || json.Unmarshal(args[2], &value) != nil {
			return policyInvalid("Invalid " + op + ": wrong number of arguments.")
		}
		pol.conditions = append(pol.conditions, newCondition(op, field, value))
	case "content-length-range":
		if len(args) != 3 {
			return policyInvalid("Invalid content-length-range: wrong number of arguments.")
		}
		lo, okLo := policyInt(args[1])
		hi, okHi := policyInt(args[2])
		if !okLo || !okHi || lo < 0 || hi < lo {
			return policyInvalid("Invalid content-length-range: invalid bounds.")
		}
		pol.hasRange, pol.minLength, pol.maxLength = true, lo, hi
	default:
		return policyInvalid("Invalid Condition: unknown operation '" + op + "'.")
	}
	return nil
}

func newCondition(op, field, value string) condition {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	return condition{op: op, value: value,
		field:   strings.ToLower(strings.TrimPrefix(field, "$")),
		printed: "[" + q(op) + ", " + q(field) + ", " + q(value) + "]"}
}

// policyInt reads a content-length-range bound, a JSON number or a string
// holding one.
func policyInt(raw json.RawMessage) (int64, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// checkConditions evaluates the conditions in order; the first that fails
// is the one AWS reports.
func (pol *PostPolicy) checkConditions(bucket string, fields map[string]string) error {
	for _, c := range pol.conditions {
		v := fields[c.field]
		if c.field == "bucket" {
			v = bucket
		}
		if !c.holds(v) {
			return &Error{Kind: PolicyConditionFailed, Value: c.printed,
				Message: "Invalid according to Policy: Policy Condition failed: " + c.printed}
		}
	}
	return nil
}

func (c condition) holds(v string) bool {
	if c.op == "eq" {
		return v == c.value
	}
	if c.field != "content-type" {
		return strings.HasPrefix(v, c.value)
	}
	// A Content-Type field may list several types; each must match.
	for t := range strings.SplitSeq(v, ",") {
		if !strings.HasPrefix(strings.TrimSpace(t), c.value) {
			return false
		}
	}
	return true
}

// checkExtraFields requires a condition for every form field but the
// signature, the file, the policy itself and x-ignore-* fields (and, with
// SigV2, AWSAccessKeyId).
func (pol *PostPolicy) checkExtraFields(form map[string]string, v2 bool) error {
	names := make([]string, 0, len(form))
	for k := range form {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		n := strings.ToLower(name)
		switch {
		case n == "file" || n == "policy" || strings.HasPrefix(n, "x-ignore-"),
			!v2 && n == "x-amz-signature",
			v2 && (n == "signature" || n == "awsaccesskeyid"):
			continue
		}
		if !slices.ContainsFunc(pol.conditions, func(c condition) bool { return c.field == n }) {
			return &Error{Kind: PolicyExtraField, Value: name, Message: "Invalid according to Policy: Extra input fields: " + name}
		}
	}
	return nil
}

// LengthRange returns the policy's content-length-range, if it has one.
func (pol *PostPolicy) LengthRange() (lo, hi int64, ok bool) {
	return pol.minLength, pol.maxLength, pol.hasRange
}

// CheckLength checks the uploaded file's size against content-length-range
// (EntityTooSmall or EntityTooLarge). A service that streams the file can
// use LengthRange to stop reading as soon as the maximum is passed.
func (pol *PostPolicy) CheckLength(n int64) error {
	switch {
	case !pol.hasRange:
		return nil
	case n > pol.maxLength:
		return &Error{Kind: EntityTooLarge, ProvidedBytes: n, ExpectedBytes: pol.maxLength,
			Message: "Your proposed upload exceeds the maximum allowed size"}
	case n < pol.minLength:
		return &Error{Kind: EntityTooSmall, ProvidedBytes: n, ExpectedBytes: pol.minLength,
			Message: "Your proposed upload is smaller than the minimum allowed size"}
	}
	return nil
}
