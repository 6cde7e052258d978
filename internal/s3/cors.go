package s3

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// corsConfigKey is where a bucket's CORS configuration is kept in
// objects.Bucket.Config (the XML document, re-encoded after validation).
const corsConfigKey = "cors"

// corsMethods are the methods a CORS rule may allow.
var corsMethods = [...]string{"GET", "PUT", "HEAD", "POST", "DELETE"}

func (s *Service) getBucketCors(w http.ResponseWriter, r *request) error {
	b, err := s.getBucket(r)
	if err != nil {
		return err
	}
	cfg, ok := bucketCORS(b)
	if !ok {
		return errNoSuchCORS(r.Bucket)
	}
	awsproto.WriteXML(w, http.StatusOK, cfg)
	return nil
}

func errNoSuchCORS(bucket string) *awsproto.Error {
	return awsproto.NewError("NoSuchCORSConfiguration", http.StatusNotFound, "The CORS configuration does not exist").With("BucketName", bucket)
}

func (s *Service) putBucketCors(w http.ResponseWriter, r *request) error {
	body, err := readXMLBody(r)
	if err != nil {
		return err
	}
	rules, err := parseCORSBody(body)
	if err != nil {
		return err
	}
	data, err := xml.Marshal(corsConfiguration{Rules: rules})
	if err != nil {
		return err
	}
	err = s.engine.UpdateBucket(r.Context(), r.Bucket, func(b *objects.Bucket) error {
		if b.Config == nil {
			b.Config = map[string][]byte{}
		}
		b.Config[corsConfigKey] = data
		return nil
	})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Service) deleteBucketCors(w http.ResponseWriter, r *request) error {
	err := s.engine.UpdateBucket(r.Context(), r.Bucket, func(b *objects.Bucket) error {
		delete(b.Config, corsConfigKey)
		return nil
	})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// validateCORS applies S3's rules to a CORS configuration.
func validateCORS(rules []corsRule) error {
	if len(rules) == 0 || len(rules) > 100 {
		return errMalformedXML()
	}
	for _, rule := range rules {
		if len(rule.AllowedMethods) == 0 || len(rule.AllowedOrigins) == 0 {
			return errMalformedXML()
		}
		for _, m := range rule.AllowedMethods {
			if !knownCORSMethod(m) {
				return errInvalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is " + m)
			}
		}
		for _, o := range rule.AllowedOrigins {
			if strings.Count(o, "*") > 1 {
				return errInvalidRequest("AllowedOrigin \"" + o + "\" can not have more than one wildcard.")
			}
		}
		for _, h := range rule.AllowedHeaders {
			if strings.Count(h, "*") > 1 {
				return errInvalidRequest("AllowedHeader \"" + h + "\" can not have more than one wildcard.")
			}
		}
		if len(rule.ID) > 255 {
			return errInvalidArgument("The ID of a CORS rule cannot be longer than 255 characters.", "ID", rule.ID)
		}
	}
	return nil
}

func knownCORSMethod(m string) bool {
	for _, x := range corsMethods {
		if x == m {
			return true
		}
	}
	return false
}

// bucketCORS returns a bucket's CORS configuration, if it has one.
func bucketCORS(b objects.Bucket) (corsConfiguration, bool) {
	var cfg corsConfiguration
	data, ok := b.Config[corsConfigKey]
	if !ok || xml.Unmarshal(data, &cfg) != nil {
		return cfg, false
	}
	return cfg, true
}

// wildcardMatch matches s against a pattern with at most one '*'.
func wildcardMatch(pattern, s string) bool {
	before, after, ok := strings.Cut(pattern, "*")
	if !ok {
		return pattern == s
	}
	return len(s) >= len(before)+len(after) && strings.HasPrefix(s, before) && strings.HasSuffix(s, after)
}

// matchRule finds the first rule allowing origin, method and every
// requested header.
func matchRule(cfg corsConfiguration, origin, method string, headers []string) *corsRule {
	for i := range cfg.Rules {
		rule := &cfg.Rules[i]
		if !anyMatch(rule.AllowedOrigins, origin, false) || !contains(rule.AllowedMethods, method) {
			continue
		}
		ok := true
		for _, h := range headers {
			if !anyMatch(rule.AllowedHeaders, h, true) {
				ok = false
				break
			}
		}
		if ok {
			return rule
		}
	}
	return nil
}

func anyMatch(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			p, s = strings.ToLower(p), strings.ToLower(s)
		}
		if wildcardMatch(p, s) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// setCORSHeaders adds the Access-Control-* headers a matched rule grants.
func setCORSHeaders(h http.Header, rule *corsRule, origin string) {
	if contains(rule.AllowedOrigins, "*") {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	h.Set("Access-Control-Allow-Methods", strings.Join(rule.AllowedMethods, ", "))
	if len(rule.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(rule.ExposeHeaders, ", "))
	}
	if rule.MaxAgeSeconds != nil {
		h.Set("Access-Control-Max-Age", strconv.Itoa(*rule.MaxAgeSeconds))
	}
	h.Add("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
}

// corsResponseHeaders adds CORS headers to an actual (non-preflight)
// response when the bucket's configuration allows the request's origin
// and method. Failures to load the bucket are left to the handler.
func (s *Service) corsResponseHeaders(w http.ResponseWriter, r *request) {
	b, err := s.engine.GetBucket(r.Context(), r.Bucket)
	if err != nil {
		return
	}
	cfg, ok := bucketCORS(b)
	if !ok {
		return
	}
	if rule := matchRule(cfg, r.Header.Get("Origin"), r.Method, nil); rule != nil {
		setCORSHeaders(w.Header(), rule, r.Header.Get("Origin"))
	}
}

func errCORSForbidden(msg, method string, lv level) *awsproto.Error {
	return awsproto.NewError("AccessForbidden", http.StatusForbidden, "%s", msg).
		With("Method", method).With("ResourceType", resourceType(lv))
}

// preflight answers a CORS preflight OPTIONS request from the bucket's
// CORS configuration. Preflights are anonymous by nature.
func (s *Service) preflight(w http.ResponseWriter, r *request) error {
	origin := r.Header.Get("Origin")
	method := r.Header.Get("Access-Control-Request-Method")
	if origin == "" {
		return awsproto.NewError("BadRequest", http.StatusBadRequest, "Insufficient information. Origin request header needed.")
	}
	if method == "" {
		return awsproto.NewError("BadRequest", http.StatusBadRequest, "Invalid Access-Control-Request-Method: null")
	}
	if r.Bucket == "" {
		return errCORSForbidden("CORSResponse: Bucket not found", method, levelBucket)
	}
	b, err := s.engine.GetBucket(r.Context(), r.Bucket)
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	cfg, ok := bucketCORS(b)
	if !ok {
		return errCORSForbidden("CORSResponse: CORS is not enabled for this bucket.", method, r.level())
	}
	var reqHeaders []string
	for _, v := range r.Header.Values("Access-Control-Request-Headers") {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				reqHeaders = append(reqHeaders, h)
			}
		}
	}
	rule := matchRule(cfg, origin, method, reqHeaders)
	if rule == nil {
		return errCORSForbidden("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.", method, r.level())
	}
	h := w.Header()
	setCORSHeaders(h, rule, origin)
	if len(reqHeaders) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(reqHeaders, ", "))
	}
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}
