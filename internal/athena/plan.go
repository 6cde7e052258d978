package athena

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// planner resolves the catalog tables of one statement into DuckDB table
// expressions over their object files.
type planner struct {
	s        *Service
	ctx      context.Context
	sql      string
	database string
	// catalog is the QueryExecutionContext's catalog, if given.
	catalog string
	preds   map[int][]dialect.Predicate
	// scanned sums the sizes of the files the statement reads.
	scanned int64
}

// dataFile is one object file of a table, with its partition values.
type dataFile struct {
	Key    string
	Path   string
	Size   int64
	Values []string
}

// qualify splits a table reference into database and table.
func (p *planner) qualify(ref dialect.TableRef) (string, string, error) {
	parts := ref.Parts
	switch len(parts) {
	case 1:
		if p.catalog != "" && !strings.EqualFold(p.catalog, awsDataCatalog) {
			return "", "", userError("CATALOG_NOT_FOUND", "%sCatalog '%s' does not exist", lineCol(p.sql, ref.Pos), strings.ToLower(p.catalog))
		}
		return p.database, parts[0], nil
	case 2:
		return parts[0], parts[1], nil
	}
	if !strings.EqualFold(parts[0], awsDataCatalog) {
		return "", "", userError("CATALOG_NOT_FOUND", "%sCatalog '%s' does not exist", lineCol(p.sql, ref.Pos), parts[0])
	}
	return parts[1], parts[2], nil
}

func lineCol(sql string, pos int) string {
	l, c := dialect.Position(sql, pos)
	return fmt.Sprintf("line %d:%d: ", l, c)
}

// table looks a table up, failing as Athena does when it or its database
// is missing.
func (p *planner) table(db, name string, pos int) (*awsglue.Table, error) {
	t, err := p.s.catalog.GetTable(p.ctx, db, name)
	if err == nil {
		return t, nil
	}
	var ae *awsproto.Error
	if !errors.As(err, &ae) || ae.Code != "EntityNotFoundException" {
		return nil, err
	}
	if _, derr := p.s.catalog.GetDatabase(p.ctx, db); derr != nil {
		return nil, userError("SCHEMA_NOT_FOUND", "%sSchema '%s' does not exist", lineCol(p.sql, pos), db)
	}
	return nil, userError("TABLE_NOT_FOUND", "%sTable 'awsdatacatalog.%s.%s' does not exist", lineCol(p.sql, pos), db, name)
}

// resolve is the dialect.Resolver: a parenthesized DuckDB query that
// reads the table.
func (p *planner) resolve(ref dialect.TableRef) (string, error) {
	db, name, err := p.qualify(ref)
	if err != nil {
		return "", err
	}
	if db == "information_schema" {
		return p.informationSchema(name, ref.Pos)
	}
	t, err := p.table(db, name, ref.Pos)
	if err != nil {
		return "", err
	}
	if strings.EqualFold(t.TableType, "VIRTUAL_VIEW") {
		return "", userError("NOT_SUPPORTED", "%sViews are not supported by nubo: %s.%s", lineCol(p.sql, ref.Pos), db, name)
	}
	return p.scan(t, p.preds[ref.Pos])
}

// scan builds the query that reads a table's files.
func (p *planner) scan(t *awsglue.Table, preds []dialect.Predicate) (string, error) {
	f, err := formatOf(t)
	if err != nil {
		return "", userError("NOT_SUPPORTED", "%s", err.Error())
	}
	cols, err := columnsOf(t.StorageDescriptor.Columns)
	if err != nil {
		return "", userError("HIVE_INVALID_METADATA", "%s", err.Error())
	}
	keys, err := columnsOf(t.PartitionKeys)
	if err != nil {
		return "", userError("HIVE_INVALID_METADATA", "%s", err.Error())
	}
	var files []dataFile
	if len(keys) == 0 {
		loc, ok := parseS3(t.StorageDescriptor.Location, true)
		if !ok {
			return "", userError("HIVE_METASTORE_ERROR", "Table %s.%s has no valid S3 location: %q", t.DatabaseName, t.Name, t.StorageDescriptor.Location)
		}
		files, err = p.listFiles(loc, nil)
	} else {
		files, err = p.partitionFiles(t, keys, preds)
	}
	if err != nil {
		return "", err
	}
	for _, fl := range files {
		p.scanned += fl.Size
	}
	return p.scanSQL(t, f, cols, keys, files)
}

// listFiles lists the data files under a location (recursively, skipping
// hidden files, directory markers and empty files).
func (p *planner) listFiles(loc s3Location, values []string) ([]dataFile, error) {
	var files []dataFile
	err := p.s.objects.List(p.ctx, loc.Bucket, loc.Prefix, func(o objects.Info) bool {
		rel := strings.TrimPrefix(o.Key, loc.Prefix)
		if strings.HasSuffix(o.Key, "/") || o.Size == 0 || hidden(rel) || o.Path == "" {
			return true
		}
		files = append(files, dataFile{Key: o.Key, Path: o.Path, Size: o.Size, Values: values})
		return true
	})
	if errors.Is(err, objects.ErrNoSuchBucket) {
		return nil, userError("HIVE_CANNOT_OPEN_SPLIT", "The specified bucket does not exist: %s", loc.Bucket)
	}
	return files, err
}

// partition is one partition to read: its values and location.
type partition struct {
	Values   []string
	Location string
}

// partitionFiles lists the files of the partitions the predicates allow.
func (p *planner) partitionFiles(t *awsglue.Table, keys []column, preds []dialect.Predicate) ([]dataFile, error) {
	var parts []partition
	var err error
	if strings.EqualFold(t.Parameters["projection.enabled"], "true") {
		parts, err = projectPartitions(t, keys, preds, p.s.now())
	} else {
		parts, err = p.catalogPartitions(t, keys, preds)
	}
	if err != nil {
		return nil, err
	}
	tableLoc, _ := parseS3(t.StorageDescriptor.Location, true)
	// Partitions under the table's location are found with one listing;
	// the others are listed one by one.
	byDir := map[string]*partition{}
	var outside []partition
	for i := range parts {
		loc, ok := parseS3(parts[i].Location, true)
		if ok && tableLoc.Bucket != "" && loc.Bucket == tableLoc.Bucket && strings.HasPrefix(loc.Prefix, tableLoc.Prefix) && loc.Prefix != "" {
			byDir[loc.Prefix] = &parts[i]
		} else if ok {
			outside = append(outside, parts[i])
		}
	}
	var files []dataFile
	if len(byDir) > 0 {
		all, err := p.listFiles(tableLoc, nil)
		if err != nil {
			return nil, err
		}
		for _, f := range all {
			for dir := parentDir(f.Key); dir != "" && strings.HasPrefix(dir, tableLoc.Prefix); dir = parentDir(dir) {
				if part, ok := byDir[dir]; ok {
					f.Values = part.Values
					files = append(files, f)
					break
				}
			}
		}
	}
	for _, part := range outside {
		loc, _ := parseS3(part.Location, true)
		fs, err := p.listFiles(loc, part.Values)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	return files, nil
}

// parentDir returns the directory holding a key: "a/b/" for "a/b/c" and
// "a/" for "a/b/"; "" at the top.
func parentDir(key string) string {
	d := path.Dir(strings.TrimSuffix(key, "/"))
	if d == "." || d == "/" {
		return ""
	}
	return d + "/"
}

// catalogPartitions reads the table's partitions from the catalog and
// keeps those the predicates allow.
func (p *planner) catalogPartitions(t *awsglue.Table, keys []column, preds []dialect.Predicate) ([]partition, error) {
	all, err := p.s.catalog.GetPartitions(p.ctx, t.DatabaseName, t.Name, "")
	if err != nil {
		return nil, err
	}
	var out []partition
	for _, pt := range all {
		if len(pt.Values) != len(keys) || !allowed(keys, pt.Values, preds) {
			continue
		}
		loc := ""
		if pt.StorageDescriptor != nil {
			loc = pt.StorageDescriptor.Location
		}
		out = append(out, partition{Values: pt.Values, Location: loc})
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i].Values, "\x00") < strings.Join(out[j].Values, "\x00") })
	return out, nil
}
