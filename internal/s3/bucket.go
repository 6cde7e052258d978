package s3

import (
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// regions are the LocationConstraint values S3 accepts (the model's
// BucketLocationConstraint enum) plus us-east-1, which is only valid when
// implied by an empty constraint.
var regions = [...]string{"EU", "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
	"ca-central-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
	"eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "sa-east-1",
	"us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2"}

func knownRegion(r string) bool {
	for _, x := range regions {
		if x == r {
			return true
		}
	}
	return false
}

// validBucketName applies S3's naming rules for general purpose buckets.
func validBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	first, last := name[0], name[len(name)-1]
	if first == '.' || first == '-' || last == '.' || last == '-' {
		return false
	}
	if strings.Contains(name, "..") || net.ParseIP(name) != nil {
		return false
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	for _, sfx := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, sfx) {
			return false
		}
	}
	return true
}

// bucketRegionFor decides the region of a new bucket from the signing
// region and the LocationConstraint, the way S3's regional endpoints do.
func bucketRegionFor(signingRegion string, constraint *string) (string, error) {
	if signingRegion == "" {
		signingRegion = awsproto.DefaultRegion
	}
	if constraint == nil || *constraint == "" {
		if signingRegion != "us-east-1" {
			return "", awsproto.NewError("IllegalLocationConstraintException", http.StatusBadRequest,
				"The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
		}
		return "us-east-1", nil
	}
	c := *constraint
	if !knownRegion(c) {
		return "", awsproto.NewError("InvalidLocationConstraint", http.StatusBadRequest,
			"The specified location-constraint is not valid").With("LocationConstraint", c)
	}
	region := c
	if c == "EU" {
		region = "eu-west-1"
	}
	if signingRegion != "us-east-1" && region != signingRegion {
		return "", awsproto.NewError("IllegalLocationConstraintException", http.StatusBadRequest,
			"The %s location constraint is incompatible for the region specific endpoint this request was sent to.", c)
	}
	return region, nil
}

func (s *Service) createBucket(w http.ResponseWriter, r *request) error {
	if !validBucketName(r.Bucket) {
		return errInvalidBucketName(r.Bucket)
	}
	if err := unsupportedCreateBucketHeaders(r.Header); err != nil {
		return err
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	constraint, err := parseCreateBucketBody(data)
	if err != nil {
		return err
	}
	if constraint != nil && *constraint == "us-east-1" {
		return awsproto.NewError("InvalidLocationConstraint", http.StatusBadRequest,
			"The specified location-constraint is not valid").With("LocationConstraint", "us-east-1")
	}
	region, err := bucketRegionFor(r.id.Region, constraint)
	if err != nil {
		return err
	}
	err = s.engine.CreateBucket(r.Context(), objects.Bucket{Name: r.Bucket, Region: region, Created: s.now()})
	if errors.Is(err, objects.ErrBucketExists) {
		// For legacy compatibility S3 answers 200 when an owner re-creates
		// a bucket in us-east-1 through us-east-1; everywhere else it is
		// BucketAlreadyOwnedByYou.
		if b, gerr := s.engine.GetBucket(r.Context(), r.Bucket); gerr == nil && b.Region == "us-east-1" && region == "us-east-1" {
			err = nil
		} else {
			return errBucketAlreadyOwnedByYou(r.Bucket)
		}
	}
	if errors.Is(err, objects.ErrInvalidBucketName) {
		return errInvalidBucketName(r.Bucket)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/"+r.Bucket)
	w.WriteHeader(http.StatusOK)
	return nil
}

// unsupportedCreateBucketHeaders refuses bucket features nubo does not
// have rather than ignoring them. nubo's buckets behave as S3's default
// BucketOwnerEnforced ownership, which refuses ACLs; object lock and other
// ownership settings are not implemented.
func unsupportedCreateBucketHeaders(h http.Header) error {
	aclErr := awsproto.NewError("InvalidBucketAclWithObjectOwnership", http.StatusBadRequest,
		"Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
	if v := h.Get("X-Amz-Acl"); v != "" && v != "private" {
		return aclErr
	}
	for _, name := range []string{"X-Amz-Grant-Full-Control", "X-Amz-Grant-Read", "X-Amz-Grant-Read-Acp", "X-Amz-Grant-Write", "X-Amz-Grant-Write-Acp"} {
		if h.Get(name) != "" {
			return aclErr
		}
	}
	if strings.EqualFold(h.Get("X-Amz-Bucket-Object-Lock-Enabled"), "true") {
		return errNotImplementedHeader("x-amz-bucket-object-lock-enabled")
	}
	if v := h.Get("X-Amz-Object-Ownership"); v != "" && v != "BucketOwnerEnforced" {
		return errNotImplementedHeader("x-amz-object-ownership")
	}
	return nil
}

func (s *Service) deleteBucket(w http.ResponseWriter, r *request) error {
	err := s.engine.DeleteBucket(r.Context(), r.Bucket)
	if errors.Is(err, objects.ErrBucketNotEmpty) {
		return errBucketNotEmpty(r.Bucket)
	}
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// getBucket loads the request's bucket or answers NoSuchBucket.
func (s *Service) getBucket(r *request) (objects.Bucket, error) {
	b, err := s.engine.GetBucket(r.Context(), r.Bucket)
	if err != nil {
		return b, engineError(err, r.Bucket, "")
	}
	return b, nil
}

func (s *Service) headBucket(w http.ResponseWriter, r *request) error {
	b, err := s.getBucket(r)
	if err != nil {
		return err
	}
	w.Header().Set("X-Amz-Bucket-Region", b.Region)
	w.Header().Set("X-Amz-Access-Point-Alias", "false")
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Service) getBucketLocation(w http.ResponseWriter, r *request) error {
	b, err := s.getBucket(r)
	if err != nil {
		return err
	}
	loc := b.Region
	if loc == "us-east-1" {
		// S3 reports buckets in us-east-1 with an empty constraint.
		loc = ""
	}
	awsproto.WriteXML(w, http.StatusOK, locationConstraint{Value: loc})
	return nil
}

// listBuckets answers ListBuckets; without max-buckets every bucket comes
// back in one page, as S3 does.
func (s *Service) listBuckets(w http.ResponseWriter, r *request) error {
	maxBuckets := 10000
	paginated := false
	if v := r.query.Get("max-buckets"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return errInvalidArgument("Argument max-buckets must be an integer between 1 and 10000", "max-buckets", v)
		}
		maxBuckets, paginated = n, true
	}
	after := ""
	if tok := r.query.Get("continuation-token"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			return errInvalidArgument("The continuation token provided is incorrect", "continuation-token", tok)
		}
		after, paginated = string(raw), true
	}
	prefix, region := r.query.Get("prefix"), r.query.Get("bucket-region")
	all, err := s.engine.ListBuckets(r.Context())
	if err != nil {
		return err
	}
	out := listAllMyBucketsResult{Owner: ownerOf(r), Prefix: prefix}
	for _, b := range all {
		if b.Name <= after || !strings.HasPrefix(b.Name, prefix) || region != "" && b.Region != region {
			continue
		}
		if len(out.Buckets) == maxBuckets {
			out.ContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(out.Buckets[len(out.Buckets)-1].Name))
			break
		}
		out.Buckets = append(out.Buckets, bucketEntry{Name: b.Name, CreationDate: isoTime(b.Created), BucketRegion: b.Region})
	}
	if !paginated {
		out.ContinuationToken = ""
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

// ownerOf is the canonical owner of everything in nubo's one account.
func ownerOf(r *request) owner {
	return owner{ID: canonicalUserID}
}

// canonicalUserID is the S3 canonical user ID nubo reports for its account.
const canonicalUserID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
