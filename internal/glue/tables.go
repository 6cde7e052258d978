package glue

import (
	"context"
	"strconv"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// padVersion renders a version number so that keys sort numerically.
func padVersion(v int64) string { return strconv.FormatInt(1e15+v, 10) }

// tableFromInput builds the stored table for in, in database db.
func (c *Catalog) tableFromInput(db string, in awsglue.TableInput) awsglue.Table {
	now := awsproto.NewTimestamp(c.now())
	t := awsglue.Table{
		CatalogId:         awsproto.DefaultAccountID,
		CreateTime:        now,
		DatabaseName:      db,
		Description:       in.Description,
		LastAccessTime:    in.LastAccessTime,
		LastAnalyzedTime:  in.LastAnalyzedTime,
		Name:              normalizeName(in.Name),
		Owner:             in.Owner,
		Parameters:        in.Parameters,
		PartitionKeys:     in.PartitionKeys,
		Retention:         in.Retention,
		StorageDescriptor: in.StorageDescriptor,
		TableType:         in.TableType,
		TargetTable:       in.TargetTable,
		UpdateTime:        now,
		ViewExpandedText:  in.ViewExpandedText,
		ViewOriginalText:  in.ViewOriginalText,
	}
	if t.PartitionKeys == nil {
		t.PartitionKeys = []awsglue.Column{}
	}
	if t.Retention == nil {
		t.Retention = ptr(int32(0))
	}
	t.IsRegisteredWithLakeFormation = ptr(false)
	return t
}

// CreateTable creates a table in db; its first version is "0".
func (c *Catalog) CreateTable(ctx context.Context, db string, in awsglue.TableInput) error {
	db = normalizeName(db)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.GetDatabase(ctx, db); err != nil {
		return err
	}
	if err := validateTableInput(in); err != nil {
		return err
	}
	t := c.tableFromInput(db, in)
	var existing awsglue.Table
	found, err := c.getJSON(tableKey(db, t.Name), &existing)
	if err != nil {
		return err
	}
	if found {
		return errExists("Table already exists.")
	}
	t.VersionId = "0"
	b := c.newBatch()
	if err := c.putTable(b, t, 0); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

// validateTableInput checks what Glue checks beyond the model's constraints.
func validateTableInput(in awsglue.TableInput) error {
	seen := map[string]bool{}
	for _, k := range in.PartitionKeys {
		if len(k.Parameters) > 0 {
			return errInvalid("Parameters not supported for partition columns")
		}
		if seen[normalizeName(k.Name)] {
			return errInvalid("Partition key %s is duplicated.", k.Name)
		}
		seen[normalizeName(k.Name)] = true
	}
	return nil
}

// putTable writes t as the current table and as version v.
func (c *Catalog) putTable(b *batch, t awsglue.Table, v int64) error {
	if err := b.put(tableKey(t.DatabaseName, t.Name), t); err != nil {
		return err
	}
	return b.put(versionKey(t.DatabaseName, t.Name, v), t)
}

// GetTable returns one table.
func (c *Catalog) GetTable(ctx context.Context, db, name string) (*awsglue.Table, error) {
	db, name = normalizeName(db), normalizeName(name)
	if _, err := c.GetDatabase(ctx, db); err != nil {
		return nil, err
	}
	t := new(awsglue.Table)
	found, err := c.getJSON(tableKey(db, name), t)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errNotFound("Table %s not found.", name)
	}
	return t, nil
}

// GetTables returns the tables of db whose names match expression (Glue's
// pattern syntax; "" matches all), in name order.
func (c *Catalog) GetTables(ctx context.Context, db, expression string) ([]awsglue.Table, error) {
	db = normalizeName(db)
	if _, err := c.GetDatabase(ctx, db); err != nil {
		return nil, err
	}
	match, err := compileTablePattern(expression)
	if err != nil {
		return nil, err
	}
	var out []awsglue.Table
	err = scanJSON(c, tablesPrefix(db), func(_ []byte, t *awsglue.Table) bool {
		if match(t.Name) {
			out = append(out, *t)
		}
		return true
	})
	return out, err
}

// UpdateTable replaces a table's definition, archiving the previous one as
// a table version.
func (c *Catalog) UpdateTable(ctx context.Context, db string, in awsglue.TableInput) error {
	return c.UpdateTableWith(ctx, db, in, UpdateTableOptions{})
}

// UpdateTableOptions are UpdateTable's optional members.
type UpdateTableOptions struct {
	// SkipArchive replaces the current version instead of keeping it.
	SkipArchive bool
	// VersionId, when set, must be the current version (optimistic locking).
	VersionId string
}

// UpdateTableWith is UpdateTable with its optional members.
func (c *Catalog) UpdateTableWith(ctx context.Context, db string, in awsglue.TableInput, opts UpdateTableOptions) error {
	db = normalizeName(db)
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, err := c.GetTable(ctx, db, in.Name)
	if err != nil {
		return err
	}
	if err := validateTableInput(in); err != nil {
		return err
	}
	if opts.VersionId != "" && opts.VersionId != cur.VersionId {
		return awsproto.NewError("ConcurrentModificationException", 400,
			"Update table failed due to concurrent modifications.")
	}
	version, _ := strconv.ParseInt(cur.VersionId, 10, 64)
	if !opts.SkipArchive {
		version++
	}
	t := c.tableFromInput(db, in)
	t.CreateTime = cur.CreateTime
	t.IsRegisteredWithLakeFormation = cur.IsRegisteredWithLakeFormation
	t.VersionId = strconv.FormatInt(version, 10)
	b := c.newBatch()
	if err := c.putTable(b, t, version); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

// DeleteTable deletes a table with its versions and partitions.
func (c *Catalog) DeleteTable(ctx context.Context, db, name string) error {
	db, name = normalizeName(db), normalizeName(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.GetTable(ctx, db, name); err != nil {
		return err
	}
	b := c.newBatch()
	b.del(tableKey(db, name))
	if err := c.deleteTags(b, "table/"+db+"/"+name); err != nil {
		b.discard()
		return err
	}
	for _, p := range [][]byte{versionsPrefix(db, name), partitionsPrefix(db, name)} {
		if err := c.deletePrefix(b, p); err != nil {
			b.discard()
			return err
		}
	}
	return b.commit()
}
