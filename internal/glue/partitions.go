package glue

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/fnv"
	"slices"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// MaxBatchCreatePartitions is how many partitions BatchCreatePartition takes at once.
const MaxBatchCreatePartitions = 100

// partitionFromInput builds the stored partition for in.
func (c *Catalog) partitionFromInput(t *awsglue.Table, in awsglue.PartitionInput) awsglue.Partition {
	return awsglue.Partition{
		CatalogId:         awsproto.DefaultAccountID,
		CreationTime:      awsproto.NewTimestamp(c.now()),
		DatabaseName:      t.DatabaseName,
		LastAccessTime:    in.LastAccessTime,
		Parameters:        in.Parameters,
		StorageDescriptor: in.StorageDescriptor,
		TableName:         t.Name,
		Values:            in.Values,
	}
}

// checkValues refuses a value list that does not fit the table's keys.
func checkValues(t *awsglue.Table, values []string) error {
	if len(t.PartitionKeys) == 0 {
		return errInvalid("Table %s is not partitioned.", t.Name)
	}
	if len(values) != len(t.PartitionKeys) {
		return errInvalid("The number of partition keys do not match the number of partition values")
	}
	return nil
}

// CreatePartition creates one partition.
func (c *Catalog) CreatePartition(ctx context.Context, db, table string, in awsglue.PartitionInput) error {
	errs, err := c.BatchCreatePartition(ctx, db, table, []awsglue.PartitionInput{in})
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return awsproto.NewError(errs[0].ErrorDetail.ErrorCode, 400, "%s", errs[0].ErrorDetail.ErrorMessage)
	}
	return nil
}

// BatchCreatePartition creates up to 100 partitions; partitions that fail
// (already there, wrong number of values, duplicated in the request) are
// reported one by one, as Glue does, and the others are created.
func (c *Catalog) BatchCreatePartition(ctx context.Context, db, table string, in []awsglue.PartitionInput) ([]awsglue.PartitionError, error) {
	if len(in) > MaxBatchCreatePartitions {
		return nil, errInvalid("The number of partitions to create exceeds the limit of %d.", MaxBatchCreatePartitions)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	var errs []awsglue.PartitionError
	seen := map[string]bool{}
	b := c.newBatch()
	for _, p := range in {
		if err := c.checkNewPartition(t, p.Values, seen); err != nil {
			errs = append(errs, awsglue.PartitionError{PartitionValues: p.Values, ErrorDetail: errorDetail(err)})
			continue
		}
		if err := b.put(partitionKey(t.DatabaseName, t.Name, p.Values), c.partitionFromInput(t, p)); err != nil {
			b.discard()
			return nil, err
		}
	}
	return errs, b.commit()
}

// checkNewPartition reports why values cannot be created: wrong arity, or
// already present in the catalog or earlier in the same request.
func (c *Catalog) checkNewPartition(t *awsglue.Table, values []string, seen map[string]bool) error {
	if err := checkValues(t, values); err != nil {
		return err
	}
	key := partitionKey(t.DatabaseName, t.Name, values)
	var existing awsglue.Partition
	found, err := c.getJSON(key, &existing)
	if err != nil {
		return err
	}
	if found || seen[string(key)] {
		return errExists("Partition already exists.")
	}
	seen[string(key)] = true
	return nil
}

// GetPartition returns the partition with the given values.
func (c *Catalog) GetPartition(ctx context.Context, db, table string, values []string) (*awsglue.Partition, error) {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	return c.getPartition(t, values)
}

func (c *Catalog) getPartition(t *awsglue.Table, values []string) (*awsglue.Partition, error) {
	p := new(awsglue.Partition)
	found, err := c.getJSON(partitionKey(t.DatabaseName, t.Name, values), p)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errNotFound("Cannot find partition.")
	}
	return p, nil
}

// BatchGetPartition returns the partitions that exist among the requested
// value lists; missing ones are left out, as Glue does.
func (c *Catalog) BatchGetPartition(ctx context.Context, db, table string, values [][]string) ([]awsglue.Partition, error) {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	var out []awsglue.Partition
	for _, v := range values {
		p, err := c.getPartition(t, v)
		if codeOf(err) == "EntityNotFoundException" {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}

// GetPartitions returns the partitions of a table that match expression,
// written in Glue's partition predicate grammar ("" matches all).
func (c *Catalog) GetPartitions(ctx context.Context, db, table, expression string) ([]awsglue.Partition, error) {
	var out []awsglue.Partition
	opts := PartitionQuery{Expression: expression}
	for {
		page, next, err := c.GetPartitionsPage(ctx, db, table, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		opts.NextToken = next
	}
}

// PartitionQuery is what GetPartitionsPage selects.
type PartitionQuery struct {
	Expression string
	// MaxResults caps the page (default and maximum 1000).
	MaxResults int
	// NextToken continues a previous page.
	NextToken string
	// SegmentNumber and TotalSegments split the partitions into disjoint
	// sets for parallel reads; TotalSegments 0 means one segment.
	SegmentNumber, TotalSegments int
	// ExcludeColumnSchema drops the columns from each StorageDescriptor.
	ExcludeColumnSchema bool
}

// GetPartitionsPage returns one page of the partitions matching q, in
// partition value order, and the token of the next page ("" at the end).
func (c *Catalog) GetPartitionsPage(ctx context.Context, db, table string, q PartitionQuery) ([]awsglue.Partition, string, error) {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, "", err
	}
	filter, err := CompilePartitionExpression(q.Expression, t.PartitionKeys)
	if err != nil {
		return nil, "", err
	}
	if q.TotalSegments > 0 && (q.SegmentNumber < 0 || q.SegmentNumber >= q.TotalSegments) {
		return nil, "", errInvalid("The segment number %d is not valid for %d total segments.", q.SegmentNumber, q.TotalSegments)
	}
	limit := q.MaxResults
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	prefix := partitionsPrefix(t.DatabaseName, t.Name)
	start, err := pageStart(prefix, q.NextToken)
	if err != nil {
		return nil, "", err
	}
	var out []awsglue.Partition
	var next string
	var derr error
	// The values are in the key: filter before decoding the partition.
	err = c.kv.Iter(start, kv.PrefixEnd(prefix), func(key, value []byte) bool {
		values, ok := decodeValues(key[len(prefix):])
		if !ok || !inSegment(key, q.SegmentNumber, q.TotalSegments) || !filter.Match(values) {
			return true
		}
		if len(out) == limit {
			next = awsproto.EncodeToken(key[len(prefix):])
			return false
		}
		var p awsglue.Partition
		if derr = json.Unmarshal(value, &p); derr != nil {
			return false
		}
		if q.ExcludeColumnSchema && p.StorageDescriptor != nil {
			sd := *p.StorageDescriptor
			sd.Columns = nil
			p.StorageDescriptor = &sd
		}
		out = append(out, p)
		return true
	})
	if err == nil {
		err = derr
	}
	return out, next, err
}

// pageStart is the first key a page scan reads: prefix itself, or the key
// a NextToken names (the first partition not yet returned).
func pageStart(prefix []byte, token string) ([]byte, error) {
	if token == "" {
		return prefix, nil
	}
	rest, ok := awsproto.DecodeToken(token)
	if !ok {
		return nil, errInvalid("Invalid NextToken.")
	}
	return append(slices.Clone(prefix), rest...), nil
}

// inSegment assigns each partition to one of total segments by a hash of its key.
func inSegment(key []byte, segment, total int) bool {
	if total <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write(key)
	return int(h.Sum32()%uint32(total)) == segment
}

// UpdatePartition replaces a partition's definition; its values may change.
func (c *Catalog) UpdatePartition(ctx context.Context, db, table string, values []string, in awsglue.PartitionInput) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return err
	}
	b := c.newBatch()
	if err := c.updatePartitionLocked(b, t, values, in); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

func (c *Catalog) updatePartitionLocked(b *batch, t *awsglue.Table, values []string, in awsglue.PartitionInput) error {
	cur, err := c.getPartition(t, values)
	if err != nil {
		return err
	}
	if in.Values == nil {
		in.Values = values
	}
	if err := checkValues(t, in.Values); err != nil {
		return err
	}
	oldKey, newKey := partitionKey(t.DatabaseName, t.Name, values), partitionKey(t.DatabaseName, t.Name, in.Values)
	if !bytes.Equal(oldKey, newKey) {
		var other awsglue.Partition
		found, err := c.getJSON(newKey, &other)
		if err != nil {
			return err
		}
		if found {
			return errExists("Partition already exists.")
		}
		b.del(oldKey)
	}
	p := c.partitionFromInput(t, in)
	p.CreationTime = cur.CreationTime
	return b.put(newKey, p)
}

// BatchUpdatePartition updates up to 100 partitions, reporting failures one by one.
func (c *Catalog) BatchUpdatePartition(ctx context.Context, db, table string, entries []awsglue.BatchUpdatePartitionRequestEntry) ([]awsglue.BatchUpdatePartitionFailureEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	var fails []awsglue.BatchUpdatePartitionFailureEntry
	for _, e := range entries {
		b := c.newBatch()
		if err := c.updatePartitionLocked(b, t, e.PartitionValueList, derefPartitionInput(e.PartitionInput)); err != nil {
			b.discard()
			if codeOf(err) == "InternalFailure" {
				return nil, err
			}
			fails = append(fails, awsglue.BatchUpdatePartitionFailureEntry{PartitionValueList: e.PartitionValueList, ErrorDetail: errorDetail(err)})
			continue
		}
		if err := b.commit(); err != nil {
			return nil, err
		}
	}
	return fails, nil
}

// DeletePartition deletes the partition with the given values.
func (c *Catalog) DeletePartition(ctx context.Context, db, table string, values []string) error {
	errs, err := c.BatchDeletePartition(ctx, db, table, [][]string{values})
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return awsproto.NewError(errs[0].ErrorDetail.ErrorCode, 400, "%s", errs[0].ErrorDetail.ErrorMessage)
	}
	return nil
}

// BatchDeletePartition deletes partitions, reporting the missing ones.
func (c *Catalog) BatchDeletePartition(ctx context.Context, db, table string, values [][]string) ([]awsglue.PartitionError, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	var errs []awsglue.PartitionError
	b := c.newBatch()
	for _, v := range values {
		if _, err := c.getPartition(t, v); err != nil {
			if codeOf(err) == "InternalFailure" {
				b.discard()
				return nil, err
			}
			errs = append(errs, awsglue.PartitionError{PartitionValues: v, ErrorDetail: errorDetail(err)})
			continue
		}
		b.del(partitionKey(t.DatabaseName, t.Name, v))
	}
	return errs, b.commit()
}

func derefPartitionInput(in *awsglue.PartitionInput) awsglue.PartitionInput {
	if in == nil {
		return awsglue.PartitionInput{}
	}
	return *in
}
