package s3

import (
	"fmt"
	"sort"
	"strings"
)

// CompatibilityDoc renders docs/compatibility/s3.md from the operation
// table (operations_gen.go), the handlers and their notes, so that the
// document always says what the code does.
func CompatibilityDoc() string {
	hs := handlers()
	notes := operationNotes()
	names := make([]string, 0, len(operations)+1)
	for _, op := range operations {
		names = append(names, op.Name)
	}
	names = append(names, opPostObject)
	sort.Strings(names)
	var b strings.Builder
	supported, partial := 0, 0
	for _, n := range names {
		if _, ok := hs[n]; ok {
			if notes[n].Partial {
				partial++
			} else {
				supported++
			}
		}
	}
	b.WriteString("# S3 compatibility\n\n")
	b.WriteString("Generated from `internal/s3` (the operation table derived from the S3 Smithy model, and the\n")
	b.WriteString("service's handlers) by `go test ./internal/s3 -run TestCompatibilityDoc` with `NUBO_UPDATE_DOCS=1`;\n")
	b.WriteString("the same test fails when this file is out of date. Operations marked \"not yet\" answer\n")
	b.WriteString("`NotImplemented` (501).\n\n")
	fmt.Fprintf(&b, "%d of %d operations supported, %d partially.\n\n", supported+partial, len(names), partial)
	b.WriteString("| Operation | Status | Notes |\n|---|---|---|\n")
	for _, n := range names {
		status, note := "not yet", ""
		if _, ok := hs[n]; ok {
			status = "supported"
			if notes[n].Partial {
				status = "partial"
			}
			note = notes[n].Note
		}
		name := n
		if n == opPostObject {
			name = "PostObject (browser form upload)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, status, note)
	}
	b.WriteString(compatNotes)
	return b.String()
}

// compatNotes ends docs/compatibility/s3.md.
const compatNotes = `
## Behaviour worth knowing

- Addressing: path style (` + "`http://localhost:4566/bucket/key`" + `) and virtual-hosted style
  (` + "`bucket.localhost:4566`, `bucket.s3.localhost:4566`, `bucket.s3.<region>.localhost:4566`" + `).
- Every unsigned request is refused with AccessDenied except browser POST uploads (which carry a
  signed policy) and CORS preflight OPTIONS requests.
- One endpoint serves every region; a bucket remembers the region it was created in
  (x-amz-bucket-region, GetBucketLocation), but requests for it are not redirected when signed for
  another region.
- New objects get a CRC64NVME checksum when the client sends none, as S3 does since 2025; checksums
  are returned on GET/HEAD only with ` + "`x-amz-checksum-mode: ENABLED`" + `.
- A full disk answers 503 ServiceUnavailable ("Please reduce your request rate."), which SDKs
  retry; nothing of the failed write is kept.
- ` + "`x-amz-server-side-encryption: AES256`" + ` is accepted and echoed, but nubo does not encrypt data at rest.
`
