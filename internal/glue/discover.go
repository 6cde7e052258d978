package glue

import (
	"context"
	"errors"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// DiscoverPartitions lists the objects under the table's location and
// returns the Hive-style (key=value/) partitions for the table's partition
// keys that are not yet in the catalog, in key order (used by MSCK REPAIR
// TABLE). Each carries the table's StorageDescriptor with the partition
// folder as its location.
func (c *Catalog) DiscoverPartitions(ctx context.Context, db, table string) ([]awsglue.PartitionInput, error) {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	if len(t.PartitionKeys) == 0 {
		return nil, nil
	}
	if t.StorageDescriptor == nil || t.StorageDescriptor.Location == "" {
		return nil, errInvalid("Table %s has no location.", t.Name)
	}
	if c.objects == nil {
		return nil, errors.New("no object store is configured")
	}
	bucket, prefix, err := parseS3Path(t.StorageDescriptor.Location)
	if err != nil {
		return nil, err
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	existing, err := c.GetPartitions(ctx, db, table, "")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range existing {
		seen[string(encodeValues(p.Values))] = true
	}
	var out []awsglue.PartitionInput
	err = c.objects.List(ctx, bucket, prefix, func(info objects.Info) bool {
		dirs, values, ok := hivePartitionOf(strings.TrimPrefix(info.Key, prefix), t.PartitionKeys)
		if !ok || seen[string(encodeValues(values))] {
			return ctx.Err() == nil
		}
		seen[string(encodeValues(values))] = true
		sd := awsglue.StorageDescriptor{}
		if t.StorageDescriptor != nil {
			sd = *t.StorageDescriptor
		}
		sd.Location = "s3://" + bucket + "/" + prefix + strings.Join(dirs, "/") + "/"
		out = append(out, awsglue.PartitionInput{Values: values, StorageDescriptor: &sd})
		return ctx.Err() == nil
	})
	if err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// hivePartitionOf reads the partition folders at the start of a key
// relative to a table's location: one "key=value" folder per partition
// key, in order. Hidden folders and files ('_' or '.' first) do not count.
func hivePartitionOf(rel string, keys []awsglue.Column) (dirs, values []string, ok bool) {
	parts := strings.Split(rel, "/")
	if len(parts) <= len(keys) {
		return nil, nil, false
	}
	for _, p := range parts {
		if p == "" || strings.HasPrefix(p, "_") || strings.HasPrefix(p, ".") {
			return nil, nil, false
		}
	}
	for i, k := range keys {
		name, _, found := strings.Cut(parts[i], "=")
		if !found || !strings.EqualFold(name, k.Name) {
			return nil, nil, false
		}
		values = append(values, partitionValue(parts[i], k.Name))
	}
	return parts[:len(keys)], values, true
}
