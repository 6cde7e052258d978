package s3_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestBucketLifecycle(t *testing.T) {
	e := newEnv(t)
	e.bucket("alpha")
	if _, err := e.c.HeadBucket(e.ctx, &s3.HeadBucketInput{Bucket: aws.String("alpha")}); err != nil {
		t.Fatal(err)
	}
	out, err := e.c.HeadBucket(e.ctx, &s3.HeadBucketInput{Bucket: aws.String("alpha")})
	if err != nil || aws.ToString(out.BucketRegion) != "us-east-1" {
		t.Fatalf("HeadBucket = %+v, %v", out, err)
	}
	loc, err := e.c.GetBucketLocation(e.ctx, &s3.GetBucketLocationInput{Bucket: aws.String("alpha")})
	if err != nil || loc.LocationConstraint != "" {
		t.Fatalf("GetBucketLocation = %+v, %v", loc, err)
	}
	e.put("alpha", "k", []byte("x"))
	_, err = e.c.DeleteBucket(e.ctx, &s3.DeleteBucketInput{Bucket: aws.String("alpha")})
	wantErr(t, err, "BucketNotEmpty", 409)
	if _, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String("alpha"), Key: aws.String("k")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.DeleteBucket(e.ctx, &s3.DeleteBucketInput{Bucket: aws.String("alpha")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.HeadBucket(e.ctx, &s3.HeadBucketInput{Bucket: aws.String("alpha")})
	wantErr(t, err, "NotFound", 404)
	_, err = e.c.DeleteBucket(e.ctx, &s3.DeleteBucketInput{Bucket: aws.String("alpha")})
	wantErr(t, err, "NoSuchBucket", 404)
	_, err = e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String("alpha")})
	wantErr(t, err, "NoSuchBucket", 404)
}

func TestCreateBucketRules(t *testing.T) {
	e := newEnv(t)
	e.bucket("one")
	// Re-creating a us-east-1 bucket through us-east-1 succeeds, as on AWS.
	if _, err := e.c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("one")}); err != nil {
		t.Fatalf("re-create in us-east-1: %v", err)
	}
	eu := &s3.CreateBucketInput{Bucket: aws.String("two"), CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuWest1}}
	if _, err := e.c.CreateBucket(e.ctx, eu); err != nil {
		t.Fatal(err)
	}
	_, err := e.c.CreateBucket(e.ctx, eu)
	wantErr(t, err, "BucketAlreadyOwnedByYou", 409)
	loc, err := e.c.GetBucketLocation(e.ctx, &s3.GetBucketLocationInput{Bucket: aws.String("two")})
	if err != nil || loc.LocationConstraint != types.BucketLocationConstraintEuWest1 {
		t.Fatalf("location = %+v, %v", loc, err)
	}
	for _, name := range []string{"ab", "Upper", "bad_name", "-dash", "192.168.0.1", "a..b"} {
		_, err := e.c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
		wantErr(t, err, "InvalidBucketName", 400)
	}
	_, err = e.c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("three"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: "us-east-1"}})
	wantErr(t, err, "InvalidLocationConstraint", 400)
	_, err = e.c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("three"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: "mars-north-1"}})
	wantErr(t, err, "InvalidLocationConstraint", 400)
	euClient := pathClient(e.srv.URL, func(o *s3.Options) { o.Region = "eu-west-1" })
	_, err = euClient.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("three")})
	wantErr(t, err, "IllegalLocationConstraintException", 400)
	_, err = e.c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("four"), ACL: types.BucketCannedACLPublicRead})
	wantErr(t, err, "InvalidBucketAclWithObjectOwnership", 400)
}

func TestListBuckets(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		e.bucket(fmt.Sprintf("bucket-%d", i))
	}
	e.bucket("other")
	all, err := e.c.ListBuckets(e.ctx, &s3.ListBucketsInput{})
	if err != nil || len(all.Buckets) != 6 || all.ContinuationToken != nil || all.Owner == nil || aws.ToString(all.Owner.ID) == "" {
		t.Fatalf("ListBuckets = %+v, %v", all, err)
	}
	var names []string
	p := s3.NewListBucketsPaginator(e.c, &s3.ListBucketsInput{MaxBuckets: aws.Int32(2), Prefix: aws.String("bucket-")})
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, b := range page.Buckets {
			names = append(names, aws.ToString(b.Name))
			if aws.ToString(b.BucketRegion) != "us-east-1" || b.CreationDate == nil {
				t.Errorf("bucket %+v", b)
			}
		}
	}
	if len(names) != 5 || pages != 3 || names[0] != "bucket-0" || names[4] != "bucket-4" {
		t.Fatalf("paginated names = %v in %d pages", names, pages)
	}
	byRegion, err := e.c.ListBuckets(e.ctx, &s3.ListBucketsInput{BucketRegion: aws.String("eu-west-1")})
	if err != nil || len(byRegion.Buckets) != 0 {
		t.Fatalf("by region = %+v, %v", byRegion, err)
	}
	_, err = e.c.ListBuckets(e.ctx, &s3.ListBucketsInput{MaxBuckets: aws.Int32(0)})
	wantErr(t, err, "InvalidArgument", 400)
}
