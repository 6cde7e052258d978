package edge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
)

// nopService answers 200 without reading anything.
type nopService struct{}

func (nopService) ServeHTTP(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }
func (nopService) WriteError(w http.ResponseWriter, r *http.Request, e *awsproto.Error) {
	w.WriteHeader(e.HTTPStatus)
}

// BenchmarkEdgeS3Get measures the edge's whole per-request work for a
// signed S3 GET: request IDs, parsing, routing, verification, identity.
func BenchmarkEdgeS3Get(b *testing.B) {
	now := time.Now()
	e := New(&sigv4.Verifier{Credentials: func(string) (string, bool) { return "test", true }, Now: func() time.Time { return now }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Fallback = "s3"
	e.Handle(&Route{SigningName: "s3", Protocol: RestXML, StreamingBody: true, AllowAnonymous: true, Service: nopService{}})
	r := httptest.NewRequest(http.MethodGet, "/bucket/data/part-0001.parquet", nil)
	r.Header.Set("X-Amz-Content-Sha256", sigv4.EmptySHA256)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	if err := signer.SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, r, sigv4.EmptySHA256, "s3", "us-east-1", now); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkEdgeJSON measures a signed awsJson request whose small body the
// edge reads and hashes.
func BenchmarkEdgeJSON(b *testing.B) {
	now := time.Now()
	e := New(&sigv4.Verifier{Credentials: func(string) (string, bool) { return "test", true }, Now: func() time.Time { return now }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Handle(&Route{SigningName: "kinesis", TargetPrefix: "Kinesis_20131202", Protocol: JSON, Service: nopService{}})
	body := `{"StreamName":"events","Data":"aGVsbG8=","PartitionKey":"k1"}`
	signed := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	signed.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecord")
	signed.Header.Set("Content-Type", "application/x-amz-json-1.1")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, signed,
		hex.EncodeToString(sum[:]), "kinesis", "us-east-1", now); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r := signed.Clone(context.Background())
		r.Body = io.NopCloser(strings.NewReader(body))
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
