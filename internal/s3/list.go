package s3

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// maxListKeys is the most keys S3 returns in one list page.
const maxListKeys = 1000

// listParams are the query parameters list operations share.
type listParams struct {
	Prefix, Delimiter string
	MaxKeys           int
	URLEncode         bool
}

func readListParams(r *request, maxName string) (listParams, error) {
	p := listParams{Prefix: r.query.Get("prefix"), Delimiter: r.query.Get("delimiter"), MaxKeys: maxListKeys}
	if v, ok := r.query[maxName]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 0 {
			return p, errInvalidArgument("Provided "+maxName+" not an integer or within integer range", maxName, v[0])
		}
		p.MaxKeys = min(n, maxListKeys)
	}
	switch enc := r.query.Get("encoding-type"); enc {
	case "":
	case "url":
		p.URLEncode = true
	default:
		return p, errInvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", enc)
	}
	return p, nil
}

// enc URL-encodes a key for encoding-type=url the way S3 does: like a
// query string value, keeping '/'.
func (p listParams) enc(s string) string {
	if !p.URLEncode {
		return s
	}
	var b strings.Builder
	const hexd = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/', c == '*':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		}
	}
	return b.String()
}

func (p listParams) encodingType() string {
	if p.URLEncode {
		return "url"
	}
	return ""
}

func (p listParams) prefixes(ps []string) []commonPrefix {
	out := make([]commonPrefix, len(ps))
	for i, x := range ps {
		out[i] = commonPrefix{Prefix: p.enc(x)}
	}
	return out
}

func (p listParams) entries(objs []objects.Object, withOwner bool) []objectEntry {
	out := make([]objectEntry, len(objs))
	for i, o := range objs {
		out[i] = objectEntry{Key: p.enc(o.Key), LastModified: isoTime(o.LastModified), ETag: o.ETag, Size: o.Size, StorageClass: storageClass(o)}
		if o.Checksum.Algorithm != "" {
			out[i].ChecksumAlgorithm = []string{o.Checksum.Algorithm}
			out[i].ChecksumType = o.Checksum.Type
		}
		if withOwner {
			out[i].Owner = &owner{ID: canonicalUserID}
		}
	}
	return out
}

func storageClass(o objects.Object) string {
	if sc := o.Headers["X-Amz-Storage-Class"]; sc != "" {
		return sc
	}
	return "STANDARD"
}

func (s *Service) listObjects(w http.ResponseWriter, r *request) error {
	p, err := readListParams(r, "max-keys")
	if err != nil {
		return err
	}
	marker := r.query.Get("marker")
	res, err := s.engine.ListObjects(r.Context(), r.Bucket, objects.ListInput{Prefix: p.Prefix, Delimiter: p.Delimiter, Marker: marker, MaxKeys: p.MaxKeys})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	out := listBucketResult{
		Name: r.Bucket, Prefix: p.enc(p.Prefix), Marker: p.enc(marker), MaxKeys: p.MaxKeys, Delimiter: p.enc(p.Delimiter),
		EncodingType: p.encodingType(), IsTruncated: res.IsTruncated,
		Contents: p.entries(res.Objects, true), CommonPrefixes: p.prefixes(res.CommonPrefixes),
	}
	// S3 sends NextMarker only when a delimiter was given; without one
	// clients continue from the last key.
	if res.IsTruncated && p.Delimiter != "" {
		out.NextMarker = p.enc(res.NextMarker)
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

func (s *Service) listObjectsV2(w http.ResponseWriter, r *request) error {
	p, err := readListParams(r, "max-keys")
	if err != nil {
		return err
	}
	startAfter, token := r.query.Get("start-after"), r.query.Get("continuation-token")
	marker := startAfter
	if _, ok := r.query["continuation-token"]; ok {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || token == "" {
			return errInvalidArgument("The continuation token provided is incorrect", "continuation-token", token)
		}
		marker = string(raw)
	}
	res, err := s.engine.ListObjects(r.Context(), r.Bucket, objects.ListInput{Prefix: p.Prefix, Delimiter: p.Delimiter, Marker: marker, MaxKeys: p.MaxKeys})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	out := listBucketV2Result{
		Name: r.Bucket, Prefix: p.enc(p.Prefix), MaxKeys: p.MaxKeys, Delimiter: p.enc(p.Delimiter),
		EncodingType: p.encodingType(), IsTruncated: res.IsTruncated, ContinuationToken: token, StartAfter: p.enc(startAfter),
		Contents: p.entries(res.Objects, r.query.Get("fetch-owner") == "true"), CommonPrefixes: p.prefixes(res.CommonPrefixes),
	}
	out.KeyCount = len(out.Contents) + len(out.CommonPrefixes)
	if res.IsTruncated {
		out.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(res.NextMarker))
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

func (s *Service) listObjectVersions(w http.ResponseWriter, r *request) error {
	p, err := readListParams(r, "max-keys")
	if err != nil {
		return err
	}
	keyMarker, versionMarker := r.query.Get("key-marker"), r.query.Get("version-id-marker")
	if versionMarker != "" && keyMarker == "" {
		return errInvalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker", versionMarker)
	}
	res, err := s.engine.ListObjectVersions(r.Context(), r.Bucket, objects.ListVersionsInput{
		Prefix: p.Prefix, Delimiter: p.Delimiter, KeyMarker: keyMarker, VersionIDMarker: versionMarker, MaxKeys: p.MaxKeys})
	if err != nil {
		return s.objectError(err, r, versionMarker)
	}
	out := listVersionsResult{
		Name: r.Bucket, Prefix: p.enc(p.Prefix), KeyMarker: p.enc(keyMarker), VersionIDMarker: versionMarker,
		MaxKeys: p.MaxKeys, Delimiter: p.enc(p.Delimiter), EncodingType: p.encodingType(), IsTruncated: res.IsTruncated,
		CommonPrefixes: p.prefixes(res.CommonPrefixes),
	}
	if res.IsTruncated {
		out.NextKeyMarker, out.NextVersionIDMarker = p.enc(res.NextKeyMarker), res.NextVersionIDMarker
	}
	for _, v := range res.Versions {
		out.Entries = append(out.Entries, versionXML(p, v))
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

func versionXML(p listParams, v objects.Object) versionEntry {
	e := versionEntry{Key: p.enc(v.Key), VersionID: v.VersionID, IsLatest: v.IsLatest, LastModified: isoTime(v.LastModified), Owner: owner{ID: canonicalUserID}}
	if v.DeleteMarker {
		e.XMLName.Local = "DeleteMarker"
		return e
	}
	e.XMLName.Local = "Version"
	size := v.Size
	e.ETag, e.Size, e.StorageClass = v.ETag, &size, storageClass(v)
	if v.Checksum.Algorithm != "" {
		e.ChecksumAlgorithm = []string{v.Checksum.Algorithm}
		e.ChecksumType = v.Checksum.Type
	}
	return e
}
