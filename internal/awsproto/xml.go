package awsproto

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// WriteXML renders v as a restXml response body with the given status.
func WriteXML(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	buf.WriteString(xmlHeader)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		WriteXMLError(w, nil, AsError(err))
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// WriteXMLError renders e as restXml's <Error> document (S3's flavour, with
// no ErrorResponse wrapper). HEAD responses carry no body.
func WriteXMLError(w http.ResponseWriter, r *http.Request, e *Error) {
	for k, v := range e.Header {
		w.Header()[k] = v
	}
	status := e.HTTPStatus
	if status == 0 {
		status = 500
	}
	if r != nil && r.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(xmlHeader)
	buf.WriteString("<Error><Code>")
	xml.EscapeText(&buf, []byte(e.Code))
	buf.WriteString("</Code><Message>")
	xml.EscapeText(&buf, []byte(e.Message))
	buf.WriteString("</Message>")
	for _, f := range e.Fields {
		buf.WriteString("<" + f.Name + ">")
		xml.EscapeText(&buf, []byte(f.Value))
		buf.WriteString("</" + f.Name + ">")
	}
	if id := w.Header().Get("X-Amz-Request-Id"); id != "" {
		buf.WriteString("<RequestId>" + id + "</RequestId>")
	}
	if id := w.Header().Get("X-Amz-Id-2"); id != "" {
		buf.WriteString("<HostId>" + id + "</HostId>")
	}
	buf.WriteString("</Error>")
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
