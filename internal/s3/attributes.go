package s3

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// objectAttributeNames are the values x-amz-object-attributes may list.
var objectAttributeNames = [...]string{"ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"}

// readAttributeNames parses x-amz-object-attributes (comma-separated,
// possibly repeated).
func readAttributeNames(h http.Header) (map[string]bool, error) {
	want := map[string]bool{}
	for _, v := range h.Values("X-Amz-Object-Attributes") {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			known := false
			for _, n := range objectAttributeNames {
				known = known || n == name
			}
			if !known {
				return nil, errInvalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", name)
			}
			want[name] = true
		}
	}
	if len(want) == 0 {
		return nil, errInvalidRequest("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty")
	}
	return want, nil
}

func headerInt(h http.Header, name string, def int) (int, error) {
	v := h.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errInvalidArgument("Provided "+strings.ToLower(name)+" not an integer or within integer range", strings.ToLower(name), v)
	}
	return n, nil
}

func (s *Service) getObjectAttributes(w http.ResponseWriter, r *request) error {
	want, err := readAttributeNames(r.Header)
	if err != nil {
		return err
	}
	maxP, err := headerInt(r.Header, "X-Amz-Max-Parts", 1000)
	if err != nil {
		return err
	}
	marker, err := headerInt(r.Header, "X-Amz-Part-Number-Marker", 0)
	if err != nil {
		return err
	}
	o, err := s.lookupObject(r, r.query.Get("versionId"))
	if err != nil {
		return err
	}
	var out getObjectAttributesResponse
	if want["ETag"] {
		out.ETag = strings.Trim(o.ETag, `"`)
	}
	if want["Checksum"] && o.Checksum.Algorithm != "" {
		out.Checksum = &objectAttributesChecksum{checksumFields: checksumXML(o.Checksum), ChecksumType: o.Checksum.Type}
	}
	if want["ObjectParts"] && len(o.Parts) > 0 {
		out.ObjectParts = attributeParts(o.Parts, marker, min(maxP, 1000))
	}
	if want["StorageClass"] {
		out.StorageClass = storageClass(o)
	}
	if want["ObjectSize"] {
		size := o.Size
		out.ObjectSize = &size
	}
	h := w.Header()
	h.Set("Last-Modified", o.LastModified.UTC().Format(http.TimeFormat))
	setVersionHeader(h, o)
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

// attributeParts pages through a multipart object's parts.
func attributeParts(parts []objects.PartInfo, marker, maxP int) *objectAttributesParts {
	out := &objectAttributesParts{TotalPartsCount: len(parts), PartNumberMarker: marker, MaxParts: maxP}
	for _, p := range parts {
		if p.Number <= marker {
			continue
		}
		if len(out.Parts) == maxP {
			out.IsTruncated = true
			break
		}
		out.Parts = append(out.Parts, objectPartEntry{PartNumber: p.Number, Size: p.Size, checksumFields: checksumXML(p.Checksum)})
		out.NextPartNumberMarker = p.Number
	}
	return out
}
