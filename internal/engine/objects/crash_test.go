package objects

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// crashLog records, per key, every write in the order it started and
// which were acknowledged, so a crash clone can be checked against what
// had been acknowledged when it was taken.
type crashLog struct {
	mu      sync.Mutex
	history map[string][]crashWrite // bucket/key → writes in order
}

type crashWrite struct {
	body    []byte // nil: a delete
	version string
	acked   bool
}

func (l *crashLog) start(bk string, body []byte) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.history[bk] = append(l.history[bk], crashWrite{body: body})
	return len(l.history[bk]) - 1
}

func (l *crashLog) ack(bk string, i int, version string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.history[bk][i].acked = true
	l.history[bk][i].version = version
}

// snapshot copies the log; taken just before a crash clone, its acked
// writes must all survive the clone.
func (l *crashLog) snapshot() map[string][]crashWrite {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string][]crashWrite, len(l.history))
	for k, h := range l.history {
		out[k] = append([]crashWrite(nil), h...)
	}
	return out
}

// crashWorkload runs PUTs, deletes and multipart uploads on keys owned by
// one worker each (so each key's writes are sequential and its expected
// state is exact) in an unversioned and a versioned bucket.
func crashWorkload(ctx context.Context, te *testEngine, log *crashLog, worker int, ops int, progress chan<- struct{}) error {
	rng := rand.New(rand.NewPCG(uint64(worker), 7))
	for i := 0; i < ops; i++ {
		progress <- struct{}{}
		bucket := []string{"plain", "versioned"}[rng.IntN(2)]
		key := fmt.Sprintf("w%d/k%d", worker, rng.IntN(4))
		bk := bucket + "/" + key
		switch op := rng.IntN(10); {
		case op < 6:
			body := partBody(rng.Uint64(), rng.IntN(200<<10))
			idx := log.start(bk, body)
			o, err := te.PutObject(ctx, bucket, key, bytes.NewReader(body), PutInput{Size: int64(len(body)), ChecksumAlgorithm: CRC32})
			if err != nil {
				return err
			}
			log.ack(bk, idx, o.VersionID)
		case op < 8:
			idx := log.start(bk, nil)
			res, err := te.DeleteObject(ctx, bucket, key, "")
			if err != nil {
				return err
			}
			log.ack(bk, idx, res.VersionID)
		default:
			bodies := [][]byte{partBody(rng.Uint64(), 5*mib), partBody(rng.Uint64(), rng.IntN(100<<10)+1)}
			body := append(append([]byte{}, bodies[0]...), bodies[1]...)
			up, err := te.CreateMultipartUpload(ctx, bucket, key, PutInput{}, "")
			if err != nil {
				return err
			}
			var list []CompletedPart
			for n := len(bodies); n >= 1; n-- { // out of order
				p, err := te.UploadPart(ctx, bucket, key, up.UploadID, n, bytes.NewReader(bodies[n-1]), PartInput{Size: -1})
				if err != nil {
					return err
				}
				list = append([]CompletedPart{{Number: n, ETag: p.ETag}}, list...)
			}
			idx := log.start(bk, body)
			o, err := te.CompleteMultipartUpload(ctx, bucket, key, up.UploadID, list, nil)
			if err != nil {
				return err
			}
			log.ack(bk, idx, o.VersionID)
		}
	}
	return nil
}

// checkCrashClone reopens an engine on a crash clone and checks it
// against the log snapshot taken just before the clone.
func checkCrashClone(t *testing.T, fs vfs.FS, snap map[string][]crashWrite) {
	t.Helper()
	ctx := context.Background()
	te := openTestEngine(t, fs)
	defer te.close()
	for bk, hist := range snap {
		bucket, key, _ := cut(bk)
		last := -1
		for i, w := range hist {
			if w.acked {
				last = i
			}
		}
		// Possible states: the last acknowledged write, or a later one
		// that was in flight when the clone was taken.
		var allowed []crashWrite
		if last >= 0 {
			allowed = hist[last:]
		} else {
			allowed = append([]crashWrite{{}}, hist...) // nothing, or an in-flight write
		}
		got, err := te.read(t, bucket, key, "")
		ok := false
		for _, w := range allowed {
			if w.body == nil && err != nil || w.body != nil && err == nil && got == string(w.body) {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("%s: read %d bytes, err %v; last acked write #%d of %d", bk, len(got), err, last, len(hist))
		}
		if bucket != "versioned" {
			continue
		}
		// Every acknowledged version is still there, byte for byte.
		for _, w := range hist {
			if !w.acked {
				continue
			}
			o, err := te.GetObject(ctx, bucket, key, w.version)
			if w.body == nil {
				wantErr(t, err, ErrMethodNotAllowed)
				continue
			}
			if err != nil {
				t.Fatalf("%s@%s: %v", bk, w.version, err)
			}
			if b := te.mustRead(t, bucket, key, w.version); b != string(w.body) || o.Size != int64(len(w.body)) {
				t.Fatalf("%s@%s: content differs", bk, w.version)
			}
		}
	}
	// Nothing half-written is listed: every listed version reads back
	// whole and matches its ETag; and no file is left that no version or
	// part points to.
	refs := map[string]bool{}
	for _, bucket := range []string{"plain", "versioned"} {
		vs, err := te.ListObjectVersions(ctx, bucket, ListVersionsInput{MaxKeys: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs.Versions {
			if v.DeleteMarker {
				continue
			}
			refs[v.Path] = true
			b := te.mustRead(t, bucket, v.Key, v.VersionID)
			if int64(len(b)) != v.Size {
				t.Fatalf("%s/%s@%s: %d bytes, listed %d", bucket, v.Key, v.VersionID, len(b), v.Size)
			}
			if v.Parts == nil {
				sum := md5.Sum([]byte(b))
				if v.ETag != `"`+hex.EncodeToString(sum[:])+`"` {
					t.Fatalf("%s/%s: ETag %s does not match its bytes", bucket, v.Key, v.ETag)
				}
			}
		}
		ups, _, _, _, _, err := te.ListMultipartUploads(ctx, bucket, ListUploadsInput{MaxUploads: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range ups {
			parts, _, err := te.ListParts(ctx, bucket, u.Key, u.UploadID, 0, 10000)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range parts {
				id, _ := parseUploadID(u.UploadID)
				all, _ := te.uploadParts(id)
				refs[te.abs(all[p.Number].File)] = true
			}
		}
	}
	for _, f := range listFiles(t, te.fs, "/data/objects") {
		if !refs[f] {
			t.Fatalf("orphan file %s survived recovery", f)
		}
	}
	// The recovered engine takes new writes.
	te.put(t, "plain", "after-crash", "ok")
}

func cut(bk string) (bucket, key string, ok bool) {
	for i := 0; i < len(bk); i++ {
		if bk[i] == '/' {
			return bk[:i], bk[i+1:], true
		}
	}
	return bk, "", false
}

func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test")
	}
	configs := []struct {
		name     string
		unsynced int
	}{
		{"synced-only", 0},
		{"half-unsynced", 50},
	}
	for _, cfg := range configs {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", cfg.name, seed), func(t *testing.T) {
				runCrashRound(t, cfg.unsynced, seed)
			})
		}
	}
}

func runCrashRound(t *testing.T, unsynced int, seed uint64) {
	ctx := context.Background()
	fs := vfs.NewCrashableMem()
	te := openTestEngine(t, fs)
	defer te.close()
	te.mkBucket(t, "plain", "")
	te.mkBucket(t, "versioned", VersioningEnabled)
	log := &crashLog{history: map[string][]crashWrite{}}
	const workers, ops = 4, 40
	progress := make(chan struct{}, workers*ops)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- crashWorkload(ctx, te, log, w+int(seed)*10, ops, progress)
		}()
	}
	// Take clones at random moments while the workload runs: when the
	// workers have started a random number of operations.
	rng := rand.New(rand.NewPCG(seed, 99))
	type clone struct {
		fs   vfs.FS
		snap map[string][]crashWrite
	}
	var clones []clone
	started := 0
	for range 4 {
		for target := started + 1 + rng.IntN(workers*ops/5); started < target; started++ {
			<-progress
		}
		snap := log.snapshot()
		cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: unsynced}
		if unsynced > 0 {
			cfg.RNG = rand.New(rand.NewPCG(seed, uint64(len(clones))))
		}
		clones = append(clones, clone{fs.CrashClone(cfg), snap})
	}
	go func() {
		for range progress {
		}
	}()
	wg.Wait()
	close(progress)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range clones {
		t.Logf("clone %d: %d keys", i, len(c.snap))
		checkCrashClone(t, c.fs, c.snap)
	}
}
