package s3

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// maxPartSize is the largest part S3 accepts (5 GiB).
const maxPartSize = 5 << 30

func (s *Service) createMultipartUpload(w http.ResponseWriter, r *request) error {
	attrs, err := readObjectAttributes(r.Header)
	if err != nil {
		return err
	}
	alg, ctype, err := uploadChecksum(r.Header)
	if err != nil {
		return err
	}
	in := attrs.putInput()
	in.ChecksumAlgorithm = alg
	up, err := s.engine.CreateMultipartUpload(r.Context(), r.Bucket, r.Key, in, ctype)
	if err != nil {
		if errors.Is(err, objects.ErrInvalidChecksum) {
			return errInvalidRequest("The " + ctype + " checksum type cannot be used with the " + strings.ToLower(alg) + " checksum algorithm.")
		}
		return s.objectError(err, r, "")
	}
	h := w.Header()
	if up.ChecksumAlgorithm != "" {
		h.Set("X-Amz-Checksum-Algorithm", up.ChecksumAlgorithm)
		h.Set("X-Amz-Checksum-Type", up.ChecksumType)
	}
	awsproto.WriteXML(w, http.StatusOK, initiateMultipartUploadResult{Bucket: r.Bucket, Key: r.Key, UploadID: up.UploadID})
	return nil
}

// uploadChecksum reads x-amz-checksum-algorithm and x-amz-checksum-type
// of a CreateMultipartUpload with S3's rules: FULL_OBJECT works with the
// CRCs only, COMPOSITE with everything but CRC64NVME.
func uploadChecksum(h http.Header) (alg, ctype string, err error) {
	if v := h.Get("X-Amz-Checksum-Algorithm"); v != "" {
		if alg = normalizeAlgorithm(v); alg == "" {
			return "", "", errInvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
		}
	}
	ctype = h.Get("X-Amz-Checksum-Type")
	switch {
	case ctype == "":
		return alg, "", nil
	case ctype != objects.ChecksumFullObject && ctype != objects.ChecksumComposite:
		return "", "", errInvalidRequest("Value for x-amz-checksum-type header is invalid.")
	case alg == "":
		return "", "", errInvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
	case ctype == objects.ChecksumFullObject && (alg == objects.SHA1 || alg == objects.SHA256),
		ctype == objects.ChecksumComposite && alg == objects.CRC64NVME:
		return "", "", errInvalidRequest("The " + ctype + " checksum type cannot be used with the " + strings.ToLower(alg) + " checksum algorithm.")
	}
	return alg, ctype, nil
}

// partNumberParam reads the required partNumber of UploadPart(Copy).
func partNumberParam(r *request) (int, error) {
	n, err := parsePartNumberParam(r)
	if err == nil && n == 0 {
		err = errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", "")
	}
	return n, err
}

func (s *Service) uploadPart(w http.ResponseWriter, r *request) error {
	n, err := partNumberParam(r)
	if err != nil {
		return err
	}
	bi, err := readBodyInput(r, maxPartSize)
	if err != nil {
		return err
	}
	in := objects.PartInput{ContentMD5: bi.ContentMD5, Size: bi.Size}
	body, sum := applyChecksum(r, bi.Checksum, "")
	in.ChecksumAlgorithm, in.ExpectedChecksum, in.ExpectedChecksumFunc = sum.Algorithm, sum.Expected, sum.ExpectedFunc
	p, err := s.engine.UploadPart(r.Context(), r.Bucket, r.Key, r.query.Get("uploadId"), n, body, in)
	if err != nil {
		if errors.Is(err, objects.ErrInvalidChecksum) {
			return errInvalidRequest("Checksum Type mismatch occurred: the part's checksum algorithm must be the one the upload was created with.")
		}
		return s.writeError(err, r, in.ChecksumAlgorithm)
	}
	h := w.Header()
	h.Set("ETag", p.ETag)
	if p.Checksum.Algorithm != "" {
		h.Set(checksumHeader(p.Checksum.Algorithm), p.Checksum.Value)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Service) uploadPartCopy(w http.ResponseWriter, r *request) error {
	n, err := partNumberParam(r)
	if err != nil {
		return err
	}
	uploadID := r.query.Get("uploadId")
	if _, err := s.engine.GetUpload(r.Context(), r.Bucket, r.Key, uploadID); err != nil {
		return s.objectError(err, r, "")
	}
	_, so, rc, err := s.openCopySource(r)
	if err != nil {
		return err
	}
	defer rc.Close()
	rng := byteRange{0, so.Size - 1}
	if v := r.Header.Get("X-Amz-Copy-Source-Range"); v != "" {
		if rng, err = parseCopySourceRange(v, so.Size); err != nil {
			return err
		}
	}
	if rng.length() > maxPartSize {
		return errInvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
	}
	body := io.NewSectionReader(readerAt{rc}, rng.Start, rng.length())
	p, err := s.engine.UploadPart(r.Context(), r.Bucket, r.Key, uploadID, n, body, objects.PartInput{Size: rng.length()})
	if err != nil {
		return s.writeError(err, r, "")
	}
	if so.VersionID != "" && so.VersionID != objects.NullVersion {
		w.Header().Set("X-Amz-Copy-Source-Version-Id", so.VersionID)
	}
	awsproto.WriteXML(w, http.StatusOK, copyPartResult{ETag: p.ETag, LastModified: isoTime(p.LastModified), checksumFields: checksumXML(p.Checksum)})
	return nil
}

// readerAt adapts a ReadSeeker to io.ReaderAt for sequential use by one
// SectionReader.
type readerAt struct{ rs io.ReadSeeker }

func (r readerAt) ReadAt(p []byte, off int64) (int, error) {
	if _, err := r.rs.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	return io.ReadFull(r.rs, p)
}

func (s *Service) completeMultipartUpload(w http.ResponseWriter, r *request) error {
	body, err := readXMLBody(r)
	if err != nil {
		return err
	}
	parts, err := parseCompleteBody(body)
	if err != nil {
		return err
	}
	in := objects.CompleteInput{Parts: parts, ObjectSize: -1, ChecksumType: r.Header.Get("X-Amz-Checksum-Type")}
	for _, a := range checksumAlgorithms {
		if v := r.Header.Get(a.Header); v != "" {
			in.ExpectedChecksum = v
		}
	}
	if v := r.Header.Get("X-Amz-Mp-Object-Size"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return errInvalidArgument("The value of x-amz-mp-object-size is not valid", "x-amz-mp-object-size", v)
		}
		in.ObjectSize = n
	}
	if in.Precondition, err = writePrecondition(r); err != nil {
		return err
	}
	uploadID := r.query.Get("uploadId")
	o, err := s.engine.CompleteMultipartUploadWith(r.Context(), r.Bucket, r.Key, uploadID, in)
	if err != nil {
		return completeError(err, r, uploadID)
	}
	setVersionHeader(w.Header(), o)
	out := completeMultipartUploadResult{Location: objectURL(r), Bucket: r.Bucket, Key: r.Key, ETag: o.ETag, checksumFields: checksumXML(o.Checksum)}
	if o.Checksum.Algorithm != "" {
		out.ChecksumType = o.Checksum.Type
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

func completeError(err error, r *request, uploadID string) error {
	switch {
	case errors.Is(err, objects.ErrInvalidPart):
		return awsproto.NewError("InvalidPart", http.StatusBadRequest,
			"One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.").
			With("UploadId", uploadID)
	case errors.Is(err, objects.ErrInvalidPartOrder):
		return awsproto.NewError("InvalidPartOrder", http.StatusBadRequest,
			"The list of parts was not in ascending order. Parts must be ordered by part number.").With("UploadId", uploadID)
	case errors.Is(err, objects.ErrEntityTooSmall):
		return awsproto.NewError("EntityTooSmall", http.StatusBadRequest, "Your proposed upload is smaller than the minimum allowed object size.")
	case errors.Is(err, objects.ErrChecksumMismatch):
		return awsproto.NewError("BadDigest", http.StatusBadRequest, "The checksum you specified did not match the calculated checksum.")
	case errors.Is(err, objects.ErrInvalidChecksum):
		return errInvalidRequest("The upload was created using a different checksum type or algorithm than the one this request specifies.")
	case errors.Is(err, objects.ErrIncompleteBody):
		return errInvalidRequest("The provided 'x-amz-mp-object-size' header value does not match the size of the uploaded object.")
	case errors.Is(err, objects.ErrNoSuchUpload):
		return errNoSuchUpload(uploadID)
	}
	return engineError(err, r.Bucket, r.Key)
}

// objectURL is the Location S3 reports for a completed upload.
func objectURL(r *request) string {
	if r.VirtualHost {
		return "http://" + r.Host + "/" + escapeKey(r.Key)
	}
	return "http://" + r.Host + "/" + r.Bucket + "/" + escapeKey(r.Key)
}

func escapeKey(k string) string {
	return listParams{URLEncode: true}.enc(k)
}

func (s *Service) abortMultipartUpload(w http.ResponseWriter, r *request) error {
	uploadID := r.query.Get("uploadId")
	if err := s.engine.AbortMultipartUpload(r.Context(), r.Bucket, r.Key, uploadID); err != nil {
		return completeError(err, r, uploadID)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) listParts(w http.ResponseWriter, r *request) error {
	uploadID := r.query.Get("uploadId")
	maxP, marker := 1000, 0
	if v, ok := r.query["max-parts"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 0 {
			return errInvalidArgument("Provided max-parts not an integer or within integer range", "max-parts", v[0])
		}
		maxP = min(n, 1000)
	}
	if v, ok := r.query["part-number-marker"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 0 {
			return errInvalidArgument("Provided part-number-marker not an integer or within integer range", "part-number-marker", v[0])
		}
		marker = n
	}
	up, err := s.engine.GetUpload(r.Context(), r.Bucket, r.Key, uploadID)
	if err != nil {
		return completeError(err, r, uploadID)
	}
	parts, truncated, err := s.engine.ListParts(r.Context(), r.Bucket, r.Key, uploadID, marker, maxP)
	if err != nil {
		return completeError(err, r, uploadID)
	}
	out := listPartsResult{Bucket: r.Bucket, Key: r.Key, UploadID: uploadID, PartNumberMarker: marker, MaxParts: maxP,
		IsTruncated: truncated, Initiator: owner{ID: canonicalUserID}, Owner: owner{ID: canonicalUserID},
		StorageClass: storageClass(objects.Object{Headers: up.Input.Headers}), ChecksumAlgorithm: up.ChecksumAlgorithm, ChecksumType: up.ChecksumType}
	for _, p := range parts {
		out.Parts = append(out.Parts, partEntry{PartNumber: p.Number, LastModified: isoTime(p.LastModified), ETag: p.ETag, Size: p.Size, checksumFields: checksumXML(p.Checksum)})
		out.NextPartNumberMarker = p.Number
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

func (s *Service) listMultipartUploads(w http.ResponseWriter, r *request) error {
	p, err := readListParams(r, "max-uploads")
	if err != nil {
		return err
	}
	keyMarker, idMarker := r.query.Get("key-marker"), r.query.Get("upload-id-marker")
	ups, prefixes, truncated, nextKey, nextID, err := s.engine.ListMultipartUploads(r.Context(), r.Bucket, objects.ListUploadsInput{
		Prefix: p.Prefix, Delimiter: p.Delimiter, KeyMarker: keyMarker, UploadIDMarker: idMarker, MaxUploads: p.MaxKeys})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	out := listMultipartUploadsResult{Bucket: r.Bucket, KeyMarker: p.enc(keyMarker), UploadIDMarker: idMarker,
		Prefix: p.enc(p.Prefix), Delimiter: p.enc(p.Delimiter), MaxUploads: p.MaxKeys, EncodingType: p.encodingType(),
		IsTruncated: truncated, CommonPrefixes: p.prefixes(prefixes)}
	if truncated {
		out.NextKeyMarker, out.NextUploadIDMarker = p.enc(nextKey), nextID
	}
	for _, u := range ups {
		out.Uploads = append(out.Uploads, uploadEntry{Key: p.enc(u.Key), UploadID: u.UploadID, Initiator: owner{ID: canonicalUserID},
			Owner: owner{ID: canonicalUserID}, StorageClass: storageClass(objects.Object{Headers: u.Input.Headers}),
			Initiated: isoTime(u.Initiated), ChecksumAlgorithm: u.ChecksumAlgorithm, ChecksumType: u.ChecksumType})
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}
