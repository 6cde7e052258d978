package objects

import (
	"context"
	"hash"
	"io"
	"sync"
	"sync/atomic"
)

// pipelineDepth is how many buffers a large copy has in flight: one being
// read, one being hashed, one being written.
const pipelineDepth = 3

// copyHashed copies r to w through pooled buffers, feeding every hash each
// chunk before the chunk is written (vfs.File.Write may modify its
// argument). A body that fits one buffer is copied inline; a larger one
// goes through a pipeline in which reading the body, each hash and the
// file write run concurrently on consecutive chunks, so a large PUT uses
// more than one core and memory stays at pipelineDepth buffers.
func (e *Engine) copyHashed(ctx context.Context, w io.Writer, r io.Reader, hashes []hash.Hash) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	bp := e.bufs.Get().(*[]byte)
	n, rerr := io.ReadFull(r, *bp)
	if rerr != nil {
		defer e.bufs.Put(bp)
		if rerr != io.EOF && rerr != io.ErrUnexpectedEOF {
			return 0, rerr
		}
		for _, h := range hashes {
			h.Write((*bp)[:n])
		}
		if n == 0 {
			return 0, nil
		}
		if _, err := w.Write((*bp)[:n]); err != nil {
			return 0, diskErr("writing file", err)
		}
		return int64(n), nil
	}
	return newPipeline(w, hashes).run(ctx, e, r, bp, n)
}

// chunk is one buffer travelling through a pipeline.
type chunk struct {
	bp     *[]byte
	n      int
	hashed sync.WaitGroup
}

type pipeline struct {
	w       io.Writer
	hashes  []hash.Hash
	hashIn  []chan *chunk
	writeIn chan *chunk
	free    chan *[]byte
	failed  atomic.Bool
	werr    error // set by the writer before done closes
	done    chan struct{}
	hashers sync.WaitGroup
}

func newPipeline(w io.Writer, hashes []hash.Hash) *pipeline {
	p := &pipeline{
		w:       w,
		hashes:  hashes,
		writeIn: make(chan *chunk, pipelineDepth),
		free:    make(chan *[]byte, pipelineDepth),
		done:    make(chan struct{}),
	}
	for _, h := range hashes {
		in := make(chan *chunk, pipelineDepth)
		p.hashIn = append(p.hashIn, in)
		p.hashers.Add(1)
		go func() {
			defer p.hashers.Done()
			for c := range in {
				h.Write((*c.bp)[:c.n])
				c.hashed.Done()
			}
		}()
	}
	go p.write()
	return p
}

// write writes chunks in order once hashed, and recycles their buffers.
func (p *pipeline) write() {
	defer close(p.done)
	for c := range p.writeIn {
		c.hashed.Wait()
		if p.werr == nil {
			if _, err := p.w.Write((*c.bp)[:c.n]); err != nil {
				p.werr = diskErr("writing file", err)
				p.failed.Store(true)
			}
		}
		p.free <- c.bp
	}
}

// run reads r until EOF, the first chunk (first, n bytes) already read,
// and returns the bytes written.
func (p *pipeline) run(ctx context.Context, e *Engine, r io.Reader, first *[]byte, n int) (int64, error) {
	for range pipelineDepth - 1 {
		p.free <- e.bufs.Get().(*[]byte)
	}
	var total int64
	var rerr error
	bp := first
	for {
		if n > 0 {
			c := &chunk{bp: bp, n: n}
			c.hashed.Add(len(p.hashIn))
			for _, in := range p.hashIn {
				in <- c
			}
			p.writeIn <- c
			total += int64(n)
		}
		if rerr != nil || p.failed.Load() {
			break
		}
		if rerr = ctx.Err(); rerr != nil {
			break
		}
		bp = <-p.free
		n, rerr = io.ReadFull(r, *bp)
		if rerr == io.ErrUnexpectedEOF {
			rerr = io.EOF
		}
		if n == 0 {
			// Nothing read: EOF, or an error before any byte.
			p.free <- bp
			break
		}
	}
	for _, in := range p.hashIn {
		close(in)
	}
	close(p.writeIn)
	<-p.done
	p.hashers.Wait()
	for range pipelineDepth {
		e.bufs.Put(<-p.free)
	}
	switch {
	case p.werr != nil:
		return total, p.werr
	case rerr != nil && rerr != io.EOF:
		return total, rerr
	}
	return total, nil
}
