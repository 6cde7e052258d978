package glue

import (
	"context"
	"strconv"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// GetTableVersions returns the kept versions of a table, newest first.
func (c *Catalog) GetTableVersions(ctx context.Context, db, table string) ([]awsglue.TableVersion, error) {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	var out []awsglue.TableVersion
	err = scanJSON(c, versionsPrefix(t.DatabaseName, t.Name), func(_ []byte, v *awsglue.Table) bool {
		out = append(out, awsglue.TableVersion{Table: v, VersionId: v.VersionId})
		return true
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// GetTableVersion returns one version of a table; version "" is the current one.
func (c *Catalog) GetTableVersion(ctx context.Context, db, table, version string) (*awsglue.TableVersion, error) {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	if version == "" {
		return &awsglue.TableVersion{Table: t, VersionId: t.VersionId}, nil
	}
	n, err := strconv.ParseInt(version, 10, 64)
	if err != nil || n < 0 {
		return nil, errInvalid("Invalid version id: %s", version)
	}
	v := new(awsglue.Table)
	found, err := c.getJSON(versionKey(t.DatabaseName, t.Name, n), v)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errNotFound("Version not found.")
	}
	return &awsglue.TableVersion{Table: v, VersionId: v.VersionId}, nil
}

// DeleteTableVersion deletes one kept version; the current version cannot
// be deleted.
func (c *Catalog) DeleteTableVersion(ctx context.Context, db, table, version string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deleteTableVersionLocked(ctx, db, table, version)
}

func (c *Catalog) deleteTableVersionLocked(ctx context.Context, db, table, version string) error {
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(version, 10, 64)
	if err != nil || n < 0 {
		return errInvalid("Invalid version id: %s", version)
	}
	if version == t.VersionId {
		return errInvalid("Cannot delete the current version of the table.")
	}
	key := versionKey(t.DatabaseName, t.Name, n)
	var v awsglue.Table
	found, err := c.getJSON(key, &v)
	if err != nil {
		return err
	}
	if !found {
		return errNotFound("Version not found.")
	}
	b := c.newBatch()
	b.del(key)
	return b.commit()
}

// BatchDeleteTableVersion deletes several versions, reporting failures one by one.
func (c *Catalog) BatchDeleteTableVersion(ctx context.Context, db, table string, versions []string) ([]awsglue.TableVersionError, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.GetTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	var errs []awsglue.TableVersionError
	for _, v := range versions {
		if err := c.deleteTableVersionLocked(ctx, db, table, v); err != nil {
			errs = append(errs, awsglue.TableVersionError{TableName: t.Name, VersionId: v, ErrorDetail: errorDetail(err)})
		}
	}
	return errs, nil
}
