package kinesis

import "time"

// retentionHorizon is the arrival time (Unix ms) before which a stream's
// records are no longer readable.
func (s *Service) retentionHorizon(m *streamMeta) int64 {
	return s.now().Add(-time.Duration(m.RetentionHours) * time.Hour).UnixMilli()
}

// applyRetention drops expired segments from every shard log and forgets
// closed shards whose records have all expired, as AWS removes them from
// the stream's shard list once the retention period has passed.
func (s *Service) applyRetention(st *stream) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.gone {
		return
	}
	horizon := s.retentionHorizon(&st.meta)
	changed := false
	for i := range st.meta.Shards {
		m := &st.meta.Shards[i]
		sh := st.shards[i]
		if m.Expired || sh == nil || sh.log == nil || sh.deleted {
			continue
		}
		if m.Closed != 0 && m.Closed < horizon {
			m.Expired = true
			changed = true
			continue
		}
		if err := sh.log.TrimBefore(horizon); err != nil {
			s.log.Error("kinesis: applying retention", "stream", st.meta.Name, "shard", sh.id, "err", err)
		}
	}
	if !changed {
		return
	}
	if err := s.save(st); err != nil {
		s.log.Error("kinesis: saving stream", "stream", st.meta.Name, "err", err)
		return
	}
	// Readers holding the shard see the deleted log answer ErrClosed.
	for i := range st.meta.Shards {
		if sh := st.shards[i]; st.meta.Shards[i].Expired && sh != nil && sh.log != nil && !sh.deleted {
			if err := s.logs.DeleteLog(logName(&st.meta, i)); err != nil {
				s.log.Error("kinesis: deleting expired shard", "stream", st.meta.Name, "shard", sh.id, "err", err)
			}
			sh.deleted = true
		}
	}
}
