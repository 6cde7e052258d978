package glue

import (
	"context"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// normalizeName lower-cases a database or table name, as Glue does.
func normalizeName(name string) string { return strings.ToLower(name) }

// defaultTablePermissions is what Glue reports for a database created
// without Lake Formation permissions: IAM access control only.
func defaultTablePermissions() []awsglue.PrincipalPermissions {
	return []awsglue.PrincipalPermissions{{
		Principal:   &awsglue.DataLakePrincipal{DataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS"},
		Permissions: []string{"ALL"},
	}}
}

// CreateDatabase creates a database.
func (c *Catalog) CreateDatabase(ctx context.Context, in awsglue.DatabaseInput) error {
	name := normalizeName(in.Name)
	c.mu.Lock()
	defer c.mu.Unlock()
	var existing awsglue.Database
	found, err := c.getJSON(databaseKey(name), &existing)
	if err != nil {
		return err
	}
	if found {
		return errExists("Database already exists.")
	}
	db := awsglue.Database{
		CatalogId:                     awsproto.DefaultAccountID,
		CreateTime:                    awsproto.NewTimestamp(c.now()),
		CreateTableDefaultPermissions: in.CreateTableDefaultPermissions,
		Description:                   in.Description,
		LocationUri:                   in.LocationUri,
		Name:                          name,
		Parameters:                    in.Parameters,
	}
	if db.CreateTableDefaultPermissions == nil {
		db.CreateTableDefaultPermissions = defaultTablePermissions()
	}
	b := c.newBatch()
	if err := b.put(databaseKey(name), db); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

// GetDatabase returns one database.
func (c *Catalog) GetDatabase(ctx context.Context, name string) (*awsglue.Database, error) {
	name = normalizeName(name)
	db := new(awsglue.Database)
	found, err := c.getJSON(databaseKey(name), db)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errNotFound("Database %s not found.", name)
	}
	return db, nil
}

// GetDatabases returns every database in name order.
func (c *Catalog) GetDatabases(ctx context.Context) ([]awsglue.Database, error) {
	var out []awsglue.Database
	err := scanJSON(c, []byte(prefixDatabase), func(_ []byte, db *awsglue.Database) bool {
		out = append(out, *db)
		return true
	})
	return out, err
}

// UpdateDatabase replaces the definition of database name. Glue keeps the
// database's name and creation time.
func (c *Catalog) UpdateDatabase(ctx context.Context, name string, in awsglue.DatabaseInput) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	db, err := c.GetDatabase(ctx, name)
	if err != nil {
		return err
	}
	db.Description = in.Description
	db.LocationUri = in.LocationUri
	db.Parameters = in.Parameters
	if in.CreateTableDefaultPermissions != nil {
		db.CreateTableDefaultPermissions = in.CreateTableDefaultPermissions
	}
	b := c.newBatch()
	if err := b.put(databaseKey(db.Name), db); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

// DeleteDatabase deletes a database with its tables, table versions and
// partitions, in one atomic batch.
func (c *Catalog) DeleteDatabase(ctx context.Context, name string) error {
	name = normalizeName(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.GetDatabase(ctx, name); err != nil {
		return err
	}
	b := c.newBatch()
	b.del(databaseKey(name))
	if err := c.deleteTags(b, "database/"+name, "table/"+name+"/"); err != nil {
		b.discard()
		return err
	}
	for _, p := range []string{prefixTable, prefixVersion, prefixPartition} {
		if err := c.deletePrefix(b, []byte(p+name+"\x00")); err != nil {
			b.discard()
			return err
		}
	}
	return b.commit()
}
