package s3

import (
	"errors"
	"net/http"
	"testing"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// requireS3Error fails unless err is nil or a client-side *awsproto.Error:
// a parser must never answer a 5xx, and never panic.
func requireS3Error(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ae *awsproto.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *awsproto.Error", err, err)
	}
	if ae.HTTPStatus < 400 || ae.HTTPStatus >= 500 && ae.HTTPStatus != http.StatusNotImplemented {
		t.Fatalf("error %v has status %d", ae, ae.HTTPStatus)
	}
}

func errCode(err error) string {
	var ae *awsproto.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestParseCompleteBody(t *testing.T) {
	tests := []struct {
		body    string
		parts   int
		errCode string
	}{
		{`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>b</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>`, 2, ""},
		{`<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>1</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>`, 1, ""},
		{`<CompleteMultipartUpload></CompleteMultipartUpload>`, 0, "MalformedXML"},
		{`<CompleteMultipartUpload><Part><PartNumber>0</PartNumber></Part></CompleteMultipartUpload>`, 0, "InvalidArgument"},
		{`<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>`, 0, "MalformedXML"},
		{`<Complete`, 0, "MalformedXML"},
		{`<Other/>`, 0, "MalformedXML"},
	}
	for _, tt := range tests {
		parts, err := parseCompleteBody([]byte(tt.body))
		if errCode(err) != tt.errCode || len(parts) != tt.parts {
			t.Errorf("%s: %d parts, err %v; want %d, %q", tt.body, len(parts), err, tt.parts, tt.errCode)
		}
	}
	parts, _ := parseCompleteBody([]byte(tests[0].body))
	if parts[1].Checksum != "AAAAAA==" || parts[0].ETag != `"a"` {
		t.Errorf("parts = %+v", parts)
	}
}

func TestParseDeleteBody(t *testing.T) {
	d, err := parseDeleteBody([]byte(`<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v</VersionId></Object></Delete>`))
	if err != nil || !d.Quiet || len(d.Objects) != 2 || d.Objects[1].VersionID != "v" {
		t.Fatalf("got %+v, %v", d, err)
	}
	if _, err := parseDeleteBody([]byte(`<Delete></Delete>`)); errCode(err) != "MalformedXML" {
		t.Errorf("empty delete: %v", err)
	}
	big := []byte("<Delete>")
	for i := 0; i < 1001; i++ {
		big = append(big, "<Object><Key>k</Key></Object>"...)
	}
	big = append(big, "</Delete>"...)
	if _, err := parseDeleteBody(big); errCode(err) != "MalformedXML" {
		t.Errorf("1001 keys: %v", err)
	}
}

func TestParseTaggingBody(t *testing.T) {
	tests := []struct {
		body    string
		max     int
		n       int
		errCode string
	}{
		{`<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>`, 10, 1, ""},
		{`<Tagging><TagSet></TagSet></Tagging>`, 10, 0, ""},
		{`<Tagging></Tagging>`, 10, 0, "MalformedXML"},
		{`<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>`, 10, 0, "InvalidTag"},
		{`<Tagging><TagSet><Tag><Key>aws:x</Key><Value>1</Value></Tag></TagSet></Tagging>`, 10, 0, "InvalidTag"},
		{`<Tagging><TagSet><Tag><Key></Key><Value>1</Value></Tag></TagSet></Tagging>`, 10, 0, "InvalidTag"},
		{`<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>b</Key></Tag></TagSet></Tagging>`, 1, 0, "InvalidTag"},
	}
	for _, tt := range tests {
		tags, err := parseTaggingBody([]byte(tt.body), tt.max)
		if errCode(err) != tt.errCode || len(tags) != tt.n {
			t.Errorf("%s: %v, %v; want %d tags, %q", tt.body, tags, err, tt.n, tt.errCode)
		}
	}
}

func TestParseCORSBody(t *testing.T) {
	tests := []struct {
		body    string
		errCode string
	}{
		{`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>30</MaxAgeSeconds></CORSRule></CORSConfiguration>`, ""},
		{`<CORSConfiguration></CORSConfiguration>`, "MalformedXML"},
		{`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>`, "MalformedXML"},
		{`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>`, "InvalidRequest"},
		{`<CORSConfiguration><CORSRule><AllowedOrigin>http://*.*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, "InvalidRequest"},
	}
	for _, tt := range tests {
		if _, err := parseCORSBody([]byte(tt.body)); errCode(err) != tt.errCode {
			t.Errorf("%s: %v, want %q", tt.body, err, tt.errCode)
		}
	}
}

func TestParseCreateBucketBody(t *testing.T) {
	c, err := parseCreateBucketBody([]byte(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`))
	if err != nil || c == nil || *c != "eu-west-1" {
		t.Fatalf("got %v, %v", c, err)
	}
	if c, err := parseCreateBucketBody(nil); c != nil || err != nil {
		t.Errorf("empty body: %v, %v", c, err)
	}
	if _, err := parseCreateBucketBody([]byte(`<CreateBucketConfiguration>`)); errCode(err) != "MalformedXML" {
		t.Errorf("broken body: %v", err)
	}
}

func TestBucketRegionFor(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		signing    string
		constraint *string
		want       string
		errCode    string
	}{
		{"us-east-1", nil, "us-east-1", ""},
		{"us-east-1", s("eu-west-1"), "eu-west-1", ""},
		{"us-east-1", s("EU"), "eu-west-1", ""},
		{"eu-west-1", s("eu-west-1"), "eu-west-1", ""},
		{"eu-west-1", nil, "", "IllegalLocationConstraintException"},
		{"eu-west-1", s("us-west-2"), "", "IllegalLocationConstraintException"},
		{"us-east-1", s("mars-1"), "", "InvalidLocationConstraint"},
	}
	for _, tt := range tests {
		got, err := bucketRegionFor(tt.signing, tt.constraint)
		if got != tt.want || errCode(err) != tt.errCode {
			t.Errorf("%s %v: %q %v; want %q %q", tt.signing, tt.constraint, got, err, tt.want, tt.errCode)
		}
	}
}

func TestParseVersioningBody(t *testing.T) {
	tests := []struct{ body, status, errCode string }{
		{`<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>`, "Enabled", ""},
		{`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Suspended</Status></VersioningConfiguration>`, "Suspended", ""},
		{`<VersioningConfiguration></VersioningConfiguration>`, "", ""},
		{`<VersioningConfiguration><Status>On</Status></VersioningConfiguration>`, "", "MalformedXML"},
		{`<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>`, "", "NotImplemented"},
	}
	for _, tt := range tests {
		got, err := parseVersioningBody([]byte(tt.body))
		if got != tt.status || errCode(err) != tt.errCode {
			t.Errorf("%s: %q %v; want %q %q", tt.body, got, err, tt.status, tt.errCode)
		}
	}
}

func TestValidBucketName(t *testing.T) {
	valid := []string{"abc", "my-bucket", "my.bucket.1", "a23456789012345678901234567890123456789012345678901234567890123"}
	invalid := []string{"ab", "My-Bucket", "-abc", "abc-", "a..b", "192.168.1.1", "xn--abc", "abc-s3alias", "a_b",
		"a234567890123456789012345678901234567890123456789012345678901234", ".abc"}
	for _, n := range valid {
		if !validBucketName(n) {
			t.Errorf("%q should be valid", n)
		}
	}
	for _, n := range invalid {
		if validBucketName(n) {
			t.Errorf("%q should be invalid", n)
		}
	}
}

func FuzzParseCompleteBody(f *testing.F) {
	f.Add([]byte(`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part></CompleteMultipartUpload>`))
	f.Add([]byte(`<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber></Part></CompleteMultipartUpload>`))
	f.Add([]byte(`<CompleteMultipartUpload><Part><ChecksumSHA256>x</ChecksumSHA256></Part>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := parseCompleteBody(data)
		requireS3Error(t, err)
	})
}

func FuzzParseDeleteBody(f *testing.F) {
	f.Add([]byte(`<Delete><Quiet>true</Quiet><Object><Key>a</Key><VersionId>v</VersionId></Object></Delete>`))
	f.Add([]byte(`<Delete><Quiet>maybe</Quiet></Delete>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := parseDeleteBody(data)
		requireS3Error(t, err)
	})
}

func FuzzParseTaggingBody(f *testing.F) {
	f.Add([]byte(`<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>`), 10)
	f.Add([]byte(`<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>a</Key></Tag></TagSet></Tagging>`), 50)
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		_, err := parseTaggingBody(data, max)
		requireS3Error(t, err)
	})
}

func FuzzParseCORSBody(f *testing.F) {
	f.Add([]byte(`<CORSConfiguration><CORSRule><ID>r</ID><AllowedHeader>*</AllowedHeader><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`))
	f.Add([]byte(`<CORSConfiguration><CORSRule><MaxAgeSeconds>x</MaxAgeSeconds></CORSRule></CORSConfiguration>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := parseCORSBody(data)
		requireS3Error(t, err)
		if err == nil {
			// A stored configuration must be usable for matching.
			matchRule(corsConfiguration{Rules: rules}, "https://a.example.com", "GET", []string{"x-amz-date"})
		}
	})
}

func FuzzParseCreateBucketBody(f *testing.F) {
	f.Add([]byte(`<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`))
	f.Add([]byte(`<CreateBucketConfiguration><Location><Name>x</Name></Location></CreateBucketConfiguration>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCreateBucketBody(data)
		requireS3Error(t, err)
		if err == nil {
			_, err = bucketRegionFor("us-east-1", c)
			requireS3Error(t, err)
		}
	})
}

func FuzzParseVersioningBody(f *testing.F) {
	f.Add([]byte(`<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>`))
	f.Add([]byte(`<VersioningConfiguration><Status></Status></VersioningConfiguration>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := parseVersioningBody(data)
		requireS3Error(t, err)
	})
}
