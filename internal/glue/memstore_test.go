package glue

import (
	"bytes"
	"context"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// memStore is an in-memory objects.Store for crawler tests.
type memStore struct {
	mu      sync.Mutex
	buckets map[string]map[string][]byte
}

var _ objects.Store = (*memStore)(nil)

func newMemStore(buckets ...string) *memStore {
	s := &memStore{buckets: map[string]map[string][]byte{}}
	for _, b := range buckets {
		s.buckets[b] = map[string][]byte{}
	}
	return s
}

func (s *memStore) put(bucket, key, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buckets[bucket][key] = []byte(body)
}

func (s *memStore) info(bucket, key string, data []byte) objects.Info {
	return objects.Info{Bucket: bucket, Key: key, Size: int64(len(data)), LastModified: time.Unix(0, 0)}
}

func (s *memStore) Put(ctx context.Context, bucket, key string, r io.Reader, _ objects.PutOptions) (objects.Info, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return objects.Info{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		return objects.Info{}, objects.ErrNoSuchBucket
	}
	b[key] = data
	return s.info(bucket, key, data), nil
}

func (s *memStore) PreparePutMany(ctx context.Context, bucket string, n int) (objects.PendingPutMany, error) {
	return memPending{s, bucket}, nil
}

type memPending struct {
	s      *memStore
	bucket string
}

func (p memPending) PutMany(ctx context.Context, entries []objects.PutEntry) ([]objects.Info, error) {
	return p.s.PutMany(ctx, p.bucket, entries)
}

func (p memPending) Abort() {}

func (s *memStore) PutMany(ctx context.Context, bucket string, entries []objects.PutEntry) ([]objects.Info, error) {
	datas := make([][]byte, len(entries))
	for i, en := range entries {
		data, err := io.ReadAll(en.Body)
		if err != nil {
			return nil, err
		}
		datas[i] = data
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		return nil, objects.ErrNoSuchBucket
	}
	infos := make([]objects.Info, len(entries))
	for i, en := range entries {
		b[en.Key] = datas[i]
		infos[i] = s.info(bucket, en.Key, datas[i])
	}
	return infos, nil
}

func (s *memStore) Stat(ctx context.Context, bucket, key string) (objects.Info, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		return objects.Info{}, objects.ErrNoSuchBucket
	}
	data, ok := b[key]
	if !ok {
		return objects.Info{}, objects.ErrNoSuchKey
	}
	return s.info(bucket, key, data), nil
}

type memReader struct{ *bytes.Reader }

func (memReader) Close() error { return nil }

func (s *memStore) Open(ctx context.Context, bucket, key string) (io.ReadCloser, objects.Info, error) {
	info, err := s.Stat(ctx, bucket, key)
	if err != nil {
		return nil, info, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return memReader{bytes.NewReader(s.buckets[bucket][key])}, info, nil
}

func (s *memStore) List(ctx context.Context, bucket, prefix string, fn func(objects.Info) bool) error {
	s.mu.Lock()
	b, ok := s.buckets[bucket]
	var infos []objects.Info
	for k, v := range b {
		if strings.HasPrefix(k, prefix) {
			infos = append(infos, s.info(bucket, k, v))
		}
	}
	s.mu.Unlock()
	if !ok {
		return objects.ErrNoSuchBucket
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Key < infos[j].Key })
	for _, info := range infos {
		if !fn(info) {
			break
		}
	}
	return nil
}

func (s *memStore) Delete(ctx context.Context, bucket, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.buckets[bucket], key)
	return nil
}

func (s *memStore) BucketExists(ctx context.Context, bucket string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.buckets[bucket]
	return ok, nil
}
