package s3_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestListObjectsV2(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("listing")
	keys := []string{"a.txt", "dir/1", "dir/2", "dir/sub/3", "other/x", "z y"}
	for _, k := range keys {
		e.put(b, k, []byte(k))
	}
	all, err := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b)})
	if err != nil || len(all.Contents) != 6 || aws.ToInt32(all.KeyCount) != 6 || aws.ToBool(all.IsTruncated) {
		t.Fatalf("all = %+v %v", all, err)
	}
	if c := all.Contents[0]; aws.ToString(c.Key) != "a.txt" || aws.ToInt64(c.Size) != 5 || c.ETag == nil || c.LastModified == nil || c.StorageClass != "STANDARD" || c.Owner != nil {
		t.Fatalf("entry = %+v", c)
	}
	d, err := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), Delimiter: aws.String("/")})
	if err != nil || len(d.Contents) != 2 || len(d.CommonPrefixes) != 2 || aws.ToString(d.CommonPrefixes[0].Prefix) != "dir/" || aws.ToInt32(d.KeyCount) != 4 {
		t.Fatalf("delimited = %+v %v", d, err)
	}
	p, err := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), Prefix: aws.String("dir/"), Delimiter: aws.String("/")})
	if err != nil || len(p.Contents) != 2 || len(p.CommonPrefixes) != 1 || aws.ToString(p.CommonPrefixes[0].Prefix) != "dir/sub/" {
		t.Fatalf("prefix+delimiter = %+v %v", p, err)
	}
	var got []string
	pager := s3.NewListObjectsV2Paginator(e.c, &s3.ListObjectsV2Input{Bucket: aws.String(b), MaxKeys: aws.Int32(2)})
	pages := 0
	for pager.HasMorePages() {
		page, err := pager.NextPage(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, c := range page.Contents {
			got = append(got, aws.ToString(c.Key))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(keys) || pages != 3 {
		t.Fatalf("paged = %v in %d pages", got, pages)
	}
	sa, _ := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), StartAfter: aws.String("dir/2")})
	if len(sa.Contents) != 3 || aws.ToString(sa.Contents[0].Key) != "dir/sub/3" || aws.ToString(sa.StartAfter) != "dir/2" {
		t.Fatalf("start-after = %+v", sa.Contents)
	}
	enc, err := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), EncodingType: "url", Prefix: aws.String("z ")})
	if err != nil || len(enc.Contents) != 1 || enc.EncodingType != "url" {
		t.Fatalf("encoded = %+v %v", enc, err)
	}
	if k, _ := url.QueryUnescape(aws.ToString(enc.Contents[0].Key)); k != "z y" || aws.ToString(enc.Contents[0].Key) == "z y" {
		t.Fatalf("encoded key %q", aws.ToString(enc.Contents[0].Key))
	}
	fo, _ := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), FetchOwner: aws.Bool(true), MaxKeys: aws.Int32(1)})
	if fo.Contents[0].Owner == nil || fo.Contents[0].Owner.ID == nil {
		t.Fatalf("fetch-owner: %+v", fo.Contents[0])
	}
	_, err = e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), ContinuationToken: aws.String("!!!")})
	wantErr(t, err, "InvalidArgument", 400)
	_, err = e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b), EncodingType: "base64"})
	wantErr(t, err, "InvalidArgument", 400)
}

func TestListObjectsV1(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("listing-v1")
	for i := 0; i < 5; i++ {
		e.put(b, fmt.Sprintf("p/%d", i), []byte("x"))
	}
	e.put(b, "q", []byte("x"))
	out, err := e.c.ListObjects(e.ctx, &s3.ListObjectsInput{Bucket: aws.String(b), MaxKeys: aws.Int32(2)})
	if err != nil || len(out.Contents) != 2 || !aws.ToBool(out.IsTruncated) || out.NextMarker != nil || out.Contents[0].Owner == nil {
		t.Fatalf("v1 page = %+v %v", out, err)
	}
	next, err := e.c.ListObjects(e.ctx, &s3.ListObjectsInput{Bucket: aws.String(b), Marker: out.Contents[1].Key})
	if err != nil || len(next.Contents) != 4 || aws.ToString(next.Marker) != "p/1" {
		t.Fatalf("v1 next = %+v %v", next, err)
	}
	d, err := e.c.ListObjects(e.ctx, &s3.ListObjectsInput{Bucket: aws.String(b), Delimiter: aws.String("/"), MaxKeys: aws.Int32(1)})
	if err != nil || !aws.ToBool(d.IsTruncated) || aws.ToString(d.NextMarker) != "p/" || len(d.CommonPrefixes) != 1 {
		t.Fatalf("v1 delimiter = %+v %v", d, err)
	}
	_, err = e.c.ListObjects(e.ctx, &s3.ListObjectsInput{Bucket: aws.String(b), MaxKeys: aws.Int32(-1)})
	wantErr(t, err, "InvalidArgument", 400)
}
