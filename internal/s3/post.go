package s3

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// maxPostFields bounds the form fields before the file of a browser POST
// upload (the policy document is the largest; S3 allows 20 KB of fields).
const maxPostFields = 20 << 10

// postObject handles a browser-based upload: a multipart/form-data POST
// whose fields carry the key, a signed policy and the object's attributes,
// and whose "file" field (the last one S3 reads) carries the bytes, which
// are streamed straight into the engine.
func (s *Service) postObject(w http.ResponseWriter, r *request) error {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return errMalformedPOST("The body of your POST request is not well-formed multipart/form-data.")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	form, file, err := readPostFields(mr)
	if err != nil {
		return err
	}
	defer file.Close()
	pol, err := s.verifyPost(r, form)
	if err != nil {
		return err
	}
	key := strings.ReplaceAll(form["key"], "${filename}", file.FileName())
	if key == "" {
		return errInvalidArgument("User key must have a length greater than 0.", "key", "")
	}
	if len(key) > maxKeyLength {
		return errKeyTooLong()
	}
	in, err := postInput(form)
	if err != nil {
		return err
	}
	var body io.Reader = file
	if lo, hi, ok := pol.LengthRange(); ok {
		body = &lengthChecked{r: file, lo: lo, hi: hi, pol: pol}
	}
	o, err := s.engine.PutObject(r.Context(), r.Bucket, key, body, in)
	if err != nil {
		return s.writeError(err, &request{Request: r.Request, target: target{Bucket: r.Bucket, Key: key}, query: r.query}, in.ChecksumAlgorithm)
	}
	return writePostResponse(w, r, form, key, o)
}

// readPostFields reads the form up to the file part. Field names are kept
// as sent; S3 matches them without regard to case.
func readPostFields(mr *multipart.Reader) (map[string]string, *multipart.Part, error) {
	form := map[string]string{}
	size := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil, nil, errInvalidArgument("POST requires exactly one file upload per request.", "file", "0")
		}
		if err != nil {
			return nil, nil, errMalformedPOST("The body of your POST request is not well-formed multipart/form-data.")
		}
		name := p.FormName()
		if strings.EqualFold(name, "file") {
			return form, p, nil
		}
		data, err := io.ReadAll(io.LimitReader(p, int64(maxPostFields-size+1)))
		p.Close()
		if err != nil {
			return nil, nil, errMalformedPOST("The body of your POST request is not well-formed multipart/form-data.")
		}
		size += len(data)
		if size > maxPostFields {
			return nil, nil, errMalformedPOST("Your POST request fields preceding the upload file were too large.")
		}
		form[name] = string(data)
	}
}

func errMalformedPOST(msg string) *awsproto.Error {
	return awsproto.NewError("MalformedPOSTRequest", http.StatusBadRequest, "%s", msg)
}

// formValue returns a form field by case-insensitive name.
func formValue(form map[string]string, name string) string {
	if v, ok := form[name]; ok {
		return v
	}
	for k, v := range form {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// verifyPost checks the policy signature and conditions. nubo's buckets
// allow no anonymous writes, so a form without a signature is refused.
func (s *Service) verifyPost(r *request, form map[string]string) (*sigv4.PostPolicy, error) {
	if _, ok := form["key"]; !ok {
		if v := formValue(form, "key"); v != "" {
			form["key"] = v
		}
	}
	if b := formValue(form, "bucket"); b != "" && b != r.Bucket {
		return nil, errInvalidArgument("Bucket POST must contain a field named 'bucket' matching the bucket in the URL.", "bucket", b)
	}
	if s.postVerifier == nil {
		return nil, errAccessDenied()
	}
	pol, err := s.postVerifier.VerifyPostPolicy(r.Bucket, form)
	if err != nil {
		return nil, postError(err)
	}
	if pol == nil {
		return nil, errAccessDenied()
	}
	return pol, nil
}

// postInput builds the object's attributes from the form fields that S3
// treats like request headers.
func postInput(form map[string]string) (objects.PutInput, error) {
	h := http.Header{}
	for k, v := range form {
		lk := strings.ToLower(k)
		switch {
		case strings.HasPrefix(lk, "x-amz-meta-"), lk == "content-type", lk == "cache-control", lk == "content-disposition",
			lk == "content-encoding", lk == "expires", lk == "x-amz-storage-class", lk == "x-amz-website-redirect-location",
			lk == "x-amz-server-side-encryption", lk == "acl":
			name := k
			if lk == "acl" {
				name = "X-Amz-Acl"
			}
			h.Set(name, v)
		}
	}
	attrs, err := readObjectAttributes(h)
	if err != nil {
		return objects.PutInput{}, err
	}
	if t := formValue(form, "tagging"); t != "" {
		if attrs.Tags, err = parseTaggingBody([]byte(t), maxObjectTags); err != nil {
			return objects.PutInput{}, err
		}
	}
	in := attrs.putInput()
	in.ChecksumAlgorithm = objects.CRC64NVME
	return in, nil
}

// writePostResponse answers as success_action_redirect or
// success_action_status ask (S3's default is 204).
func writePostResponse(w http.ResponseWriter, r *request, form map[string]string, key string, o objects.Object) error {
	loc := objectURL(&request{Request: r.Request, target: target{Bucket: r.Bucket, Key: key, VirtualHost: r.VirtualHost}})
	h := w.Header()
	h.Set("ETag", o.ETag)
	setVersionHeader(h, o)
	redirect := formValue(form, "success_action_redirect")
	if redirect == "" {
		redirect = formValue(form, "redirect")
	}
	if u, err := url.Parse(redirect); redirect != "" && err == nil && u.Scheme != "" {
		q := u.Query()
		q.Set("bucket", r.Bucket)
		q.Set("key", key)
		q.Set("etag", o.ETag)
		u.RawQuery = q.Encode()
		h.Set("Location", u.String())
		w.WriteHeader(http.StatusSeeOther)
		return nil
	}
	h.Set("Location", loc)
	switch formValue(form, "success_action_status") {
	case "200":
		w.WriteHeader(http.StatusOK)
	case "201":
		awsproto.WriteXML(w, http.StatusCreated, postResponse{Location: loc, Bucket: r.Bucket, Key: key, ETag: o.ETag})
	default:
		w.WriteHeader(http.StatusNoContent)
	}
	return nil
}

// lengthChecked enforces a policy's content-length-range while the file
// streams: it fails as soon as the maximum is passed, and at EOF if the
// file is under the minimum.
type lengthChecked struct {
	r      io.Reader
	lo, hi int64
	n      int64
	pol    *sigv4.PostPolicy
}

func (l *lengthChecked) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.hi {
		return n, postError(l.pol.CheckLength(l.n))
	}
	if err == io.EOF {
		if cerr := l.pol.CheckLength(l.n); cerr != nil {
			return n, postError(cerr)
		}
	}
	return n, err
}

// postError maps a POST policy failure onto S3's error.
func postError(err error) error {
	if e := edge.S3Error(err); e != nil {
		return e
	}
	return err
}
