package kinesis

import (
	"fmt"
)

// applyPending performs the resharding an UPDATING stream was waiting for,
// at time at (Unix ms): parents are closed and children created in
// st.meta; the caller persists the metadata and then rebuilds the shards,
// which seals the parents' logs. Caller holds st.mu.
func (s *Service) applyPending(st *stream, p *pending, at int64) error {
	switch p.Op {
	case "split":
		key, ok := parseHashKey(p.Key)
		if !ok {
			return fmt.Errorf("bad split key %q", p.Key)
		}
		s.split(st, p.Shard, key, at)
	case "merge":
		s.merge(st, p.Shard, p.Other, at)
	case "count":
		s.scaleUniform(st, p.Target, at)
	default:
		return fmt.Errorf("unknown pending operation %q", p.Op)
	}
	return nil
}

func (s *Service) addShard(st *stream, parent, adjacent int, start, end hashKey, at int64) int {
	st.meta.Shards = append(st.meta.Shards, shardMeta{
		Parent: parent, Adjacent: adjacent, Start: start.String(), End: end.String(), Created: at,
	})
	return len(st.meta.Shards) - 1
}

func rangeOf(m *shardMeta) (hashKey, hashKey) {
	a, _ := parseHashKey(m.Start)
	b, _ := parseHashKey(m.End)
	return a, b
}

// split closes shard i and creates two children divided at key (the first
// hash key of the second child). It returns the children.
func (s *Service) split(st *stream, i int, key hashKey, at int64) (int, int) {
	start, end := rangeOf(&st.meta.Shards[i])
	st.meta.Shards[i].Closed = at
	a := s.addShard(st, i, -1, start, key.sub(1), at)
	b := s.addShard(st, i, -1, key, end, at)
	return a, b
}

// merge closes shards i and j (j's range follows i's, or precedes it) and
// creates their child.
func (s *Service) merge(st *stream, i, j int, at int64) int {
	si, ei := rangeOf(&st.meta.Shards[i])
	sj, ej := rangeOf(&st.meta.Shards[j])
	start, end := si, ej
	if sj.cmp(si) < 0 {
		start, end = sj, ei
	}
	st.meta.Shards[i].Closed = at
	st.meta.Shards[j].Closed = at
	return s.addShard(st, i, j, start, end, at)
}

// scaleUniform reshapes the open shards into target shards of equal hash
// key ranges, as UpdateShardCount's UNIFORM_SCALING does. Like AWS it gets
// there through ordinary splits and merges, so every shard keeps at most a
// parent and an adjacent parent and consumers can follow the lineage: each
// open shard is first split at every new boundary inside it, then the
// pieces of each new range are merged left to right. The intermediate
// shards are closed at once and hold no records.
func (s *Service) scaleUniform(st *stream, target int, at int64) {
	type piece struct {
		idx        int
		start, end hashKey
	}
	var pieces []piece
	bounds := evenRanges(target)
	for _, sh := range st.openByHash() {
		start, end := rangeOf(&st.meta.Shards[sh])
		cur := piece{sh, start, end}
		for _, b := range bounds {
			if b[0].cmp(cur.start) > 0 && b[0].cmp(cur.end) <= 0 {
				left, right := s.split(st, cur.idx, b[0], at)
				pieces = append(pieces, piece{left, cur.start, b[0].sub(1)})
				cur = piece{right, b[0], cur.end}
			}
		}
		pieces = append(pieces, cur)
	}
	// Each new range is now the union of consecutive pieces.
	k := 0
	for _, b := range bounds {
		acc := -1
		for k < len(pieces) && pieces[k].end.cmp(b[1]) <= 0 {
			if acc < 0 {
				acc = pieces[k].idx
			} else {
				acc = s.merge(st, acc, pieces[k].idx, at)
			}
			k++
		}
	}
}

// openByHash lists the open shards' numbers by starting hash key, from the
// metadata. Caller holds st.mu.
func (st *stream) openByHash() []int {
	var out []int
	for i := range st.meta.Shards {
		if st.meta.Shards[i].Closed == 0 && !st.meta.Shards[i].Expired {
			out = append(out, i)
		}
	}
	for a := 1; a < len(out); a++ {
		for b := a; b > 0; b-- {
			x, _ := rangeOf(&st.meta.Shards[out[b]])
			y, _ := rangeOf(&st.meta.Shards[out[b-1]])
			if x.cmp(y) >= 0 {
				break
			}
			out[b], out[b-1] = out[b-1], out[b]
		}
	}
	return out
}
