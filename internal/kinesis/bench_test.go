package kinesis_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// putRecordsBody is a PutRecords request of n records of size bytes.
func putRecordsBody(stream string, n, size int) []byte {
	var b strings.Builder
	b.WriteString(`{"StreamName":"` + stream + `","Records":[`)
	data := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{'x'}, size))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Data":"%s","PartitionKey":"pk-%d"}`, data, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// signedPost sends a pre-hashed awsJson request.
func signedPost(client *http.Client, url, target string, body []byte, hash string) error {
	req, _ := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Kinesis_20131202."+target)
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	if err := v4.NewSigner().SignHTTP(req.Context(), creds, req, hash, "kinesis", "us-east-1", time.Now()); err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// BenchmarkServerPutRecords measures PutRecords of 500 1 KiB records
// through the whole server (edge, SigV4, decoding, group commit with fsync).
func BenchmarkServerPutRecords(b *testing.B) {
	s := nubotest.Start(b)
	c := kinesis.NewFromConfig(s.Config())
	if _, err := c.CreateStream(b.Context(), &kinesis.CreateStreamInput{StreamName: aws.String("bench"), ShardCount: aws.Int32(4)}); err != nil {
		b.Fatal(err)
	}
	for {
		d, _ := c.DescribeStreamSummary(b.Context(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("bench")})
		if d != nil && d.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	body := putRecordsBody("bench", 500, 1024)
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetBytes(500 * 1024)
	b.ResetTimer()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := signedPost(client, s.URL, "PutRecords", body, hash); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)*500/b.Elapsed().Seconds(), "records/s")
}
