package glue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strconv"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// writeTables writes the tables a crawl found into the crawler's database,
// following its SchemaChangePolicy and RecrawlPolicy, and handles tables
// the crawler made before whose data is gone.
func (c *Catalog) writeTables(ctx context.Context, cr *awsglue.Crawler, cfg *crawlerConfiguration, specs []*tableSpec, roots []string) (crawlResult, error) {
	var res crawlResult
	db := normalizeName(cr.DatabaseName)
	kept := map[string]bool{}
	for _, spec := range specs {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		name, err := c.crawlTableName(ctx, db, cr.TablePrefix+spec.name, spec.location, kept)
		if err != nil {
			return res, err
		}
		kept[name] = true
		if err := c.writeTable(ctx, cr, cfg, db, name, spec, &res); err != nil {
			return res, err
		}
	}
	return res, c.retireTables(ctx, cr, db, roots, kept, &res)
}

// crawlTableName picks the name of a crawled table: its folder's name, or,
// when that name is taken by a table at another location (or by another
// table of this crawl), the name with a hash of the location appended, as
// Glue does.
func (c *Catalog) crawlTableName(ctx context.Context, db, name, location string, kept map[string]bool) (string, error) {
	name = normalizeName(name)
	t, err := c.GetTable(ctx, db, name)
	switch {
	case err != nil && codeOf(err) != "EntityNotFoundException":
		return "", err
	case err == nil && (t.StorageDescriptor == nil || t.StorageDescriptor.Location != location), kept[name]:
		sum := sha256.Sum256([]byte(location))
		return name + "_" + hex.EncodeToString(sum[:])[:32], nil
	}
	return name, nil
}

func (c *Catalog) writeTable(ctx context.Context, cr *awsglue.Crawler, cfg *crawlerConfiguration, db, name string, spec *tableSpec, res *crawlResult) error {
	in := spec.tableInput(cr.Name, name)
	cur, err := c.GetTable(ctx, db, name)
	if err != nil && codeOf(err) != "EntityNotFoundException" {
		return err
	}
	update := cr.SchemaChangePolicy.UpdateBehavior != "LOG" && cr.RecrawlPolicy.RecrawlBehavior != "CRAWL_NEW_FOLDERS_ONLY"
	switch {
	case cur == nil:
		if err := c.CreateTable(ctx, db, in); err != nil {
			return err
		}
		res.created++
	case update:
		if cfg.CrawlerOutput.Tables.AddOrUpdateBehavior == "MergeNewColumns" {
			in.StorageDescriptor.Columns = mergeNewColumns(cur, in.StorageDescriptor.Columns)
		}
		if tableChanged(cur, in) {
			if err := c.UpdateTable(ctx, db, in); err != nil {
				return err
			}
			res.updated++
		}
	}
	inherit := cfg.CrawlerOutput.Partitions.AddOrUpdateBehavior == "InheritFromTable"
	return c.writePartitions(ctx, cr, db, name, spec, inherit, update)
}

// mergeNewColumns keeps the existing columns as they are and appends the
// crawled ones that are new (Glue's "Add new columns only").
func mergeNewColumns(cur *awsglue.Table, crawled []awsglue.Column) []awsglue.Column {
	if cur.StorageDescriptor == nil {
		return crawled
	}
	out := append([]awsglue.Column(nil), cur.StorageDescriptor.Columns...)
	have := map[string]bool{}
	for _, col := range out {
		have[strings.ToLower(col.Name)] = true
	}
	for _, col := range crawled {
		if !have[strings.ToLower(col.Name)] {
			out = append(out, col)
		}
	}
	return out
}

// tableChanged reports whether a crawl's definition differs from the
// catalog's (ignoring timestamps and version).
func tableChanged(cur *awsglue.Table, in awsglue.TableInput) bool {
	return !reflect.DeepEqual(cur.StorageDescriptor, in.StorageDescriptor) ||
		!reflect.DeepEqual(cur.PartitionKeys, in.PartitionKeys) ||
		!reflect.DeepEqual(cur.Parameters, in.Parameters) ||
		cur.TableType != in.TableType
}

// writePartitions creates the partitions new to the catalog, updates the
// changed ones (when the policy allows) and deletes vanished ones (when
// the delete behavior is DELETE_FROM_DATABASE).
func (c *Catalog) writePartitions(ctx context.Context, cr *awsglue.Crawler, db, table string, spec *tableSpec, inherit, update bool) error {
	if len(spec.partKeys) == 0 {
		return nil
	}
	existing, err := c.GetPartitions(ctx, db, table, "")
	if err != nil {
		return err
	}
	have := map[string]awsglue.Partition{}
	for _, p := range existing {
		have[string(encodeValues(p.Values))] = p
	}
	var create []awsglue.PartitionInput
	seen := map[string]bool{}
	for _, p := range spec.partitions() {
		in := spec.partitionInput(cr.Name, p, inherit)
		key := string(encodeValues(p.values))
		seen[key] = true
		cur, ok := have[key]
		switch {
		case !ok:
			create = append(create, in)
		case update && (!reflect.DeepEqual(cur.StorageDescriptor, in.StorageDescriptor) || !reflect.DeepEqual(cur.Parameters, in.Parameters)):
			if err := c.UpdatePartition(ctx, db, table, p.values, in); err != nil {
				return err
			}
		}
	}
	for len(create) > 0 {
		n := min(len(create), MaxBatchCreatePartitions)
		if _, err := c.BatchCreatePartition(ctx, db, table, create[:n]); err != nil {
			return err
		}
		create = create[n:]
	}
	if cr.SchemaChangePolicy.DeleteBehavior != "DELETE_FROM_DATABASE" {
		return nil
	}
	var gone [][]string
	for key, p := range have {
		if !seen[key] {
			gone = append(gone, p.Values)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	_, err = c.BatchDeletePartition(ctx, db, table, gone)
	return err
}

// retireTables applies the delete behavior to tables this crawler wrote
// before, under one of its targets, that the crawl no longer found.
func (c *Catalog) retireTables(ctx context.Context, cr *awsglue.Crawler, db string, roots []string, kept map[string]bool, res *crawlResult) error {
	behavior := cr.SchemaChangePolicy.DeleteBehavior
	if behavior == "LOG" {
		return nil
	}
	tables, err := c.GetTables(ctx, db, "")
	if err != nil {
		return err
	}
	for _, t := range tables {
		if kept[t.Name] || t.Parameters["UPDATED_BY_CRAWLER"] != cr.Name || t.StorageDescriptor == nil ||
			!underAny(t.StorageDescriptor.Location, roots) {
			continue
		}
		switch behavior {
		case "DELETE_FROM_DATABASE":
			if err := c.DeleteTable(ctx, db, t.Name); err != nil {
				return err
			}
			res.deleted++
		case "DEPRECATE_IN_DATABASE":
			if _, done := t.Parameters["DEPRECATED_BY_CRAWLER"]; done {
				continue
			}
			in := tableInputOf(t)
			in.Parameters = copyMap(t.Parameters)
			in.Parameters["DEPRECATED_BY_CRAWLER"] = strconv.FormatInt(c.now().UnixMilli(), 10)
			if err := c.UpdateTable(ctx, db, in); err != nil {
				return err
			}
			res.deleted++
		}
	}
	return nil
}

func underAny(loc string, roots []string) bool {
	for _, r := range roots {
		if r != "" && strings.HasPrefix(loc, r) {
			return true
		}
	}
	return false
}

// tableInputOf is the TableInput that recreates t.
func tableInputOf(t awsglue.Table) awsglue.TableInput {
	return awsglue.TableInput{
		Name:              t.Name,
		Description:       t.Description,
		Owner:             t.Owner,
		LastAccessTime:    t.LastAccessTime,
		LastAnalyzedTime:  t.LastAnalyzedTime,
		Retention:         t.Retention,
		StorageDescriptor: t.StorageDescriptor,
		PartitionKeys:     t.PartitionKeys,
		TableType:         t.TableType,
		Parameters:        t.Parameters,
		TargetTable:       t.TargetTable,
		ViewExpandedText:  t.ViewExpandedText,
		ViewOriginalText:  t.ViewOriginalText,
	}
}
