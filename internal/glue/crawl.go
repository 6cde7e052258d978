package glue

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// crawlResult counts what a crawl changed in the catalog.
type crawlResult struct {
	created, updated, deleted int32
}

// crawledFile is one object a crawl found under a target.
type crawledFile struct {
	info objects.Info
	// dirs are the folders between the target's root and the object.
	dirs   []string
	schema *fileSchema // nil for files left out of the sample
}

// crawl reads every S3 target of a crawler, infers its tables and writes
// them to the crawler's database the way Glue's crawler does.
func (c *Catalog) crawl(ctx context.Context, cr *awsglue.Crawler) (crawlResult, error) {
	var res crawlResult
	if c.objects == nil {
		return res, errors.New("no object store is configured")
	}
	if cr.DatabaseName == "" {
		return res, errInvalid("The crawler has no database to write tables to.")
	}
	cfg, err := parseCrawlerConfiguration(cr.Configuration)
	if err != nil {
		return res, err
	}
	if err := c.ensureDatabase(ctx, cr.DatabaseName); err != nil {
		return res, err
	}
	var specs []*tableSpec
	var roots []string
	for _, t := range cr.Targets.S3Targets {
		found, root, err := c.crawlTarget(ctx, t, cfg)
		if err != nil {
			return res, err
		}
		specs = append(specs, found...)
		roots = append(roots, root)
	}
	return c.writeTables(ctx, cr, cfg, specs, roots)
}

func (c *Catalog) ensureDatabase(ctx context.Context, name string) error {
	err := c.CreateDatabase(ctx, awsglue.DatabaseInput{Name: name})
	if err != nil && codeOf(err) == "AlreadyExistsException" {
		return nil
	}
	return err
}

// crawlTarget lists and classifies the objects of one S3 target and groups
// them into tables. root is the target's location, for finding tables the
// crawler made before whose data is gone.
func (c *Catalog) crawlTarget(ctx context.Context, t awsglue.S3Target, cfg *crawlerConfiguration) ([]*tableSpec, string, error) {
	bucket, prefix, err := parseS3Path(t.Path)
	if err != nil {
		return nil, "", err
	}
	exists, err := c.objects.BucketExists(ctx, bucket)
	if err != nil {
		return nil, "", err
	}
	if !exists {
		return nil, "", fmt.Errorf("The S3 bucket %s does not exist.", bucket)
	}
	excluded, err := compileExclusions(t.Exclusions)
	if err != nil {
		return nil, "", err
	}
	// A target naming one object makes a table of that file alone.
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		if info, err := c.objects.Stat(ctx, bucket, prefix); err == nil && info.Size > 0 {
			return c.singleFileTable(ctx, info)
		}
		prefix += "/"
	}
	files, err := c.listTarget(ctx, bucket, prefix, excluded)
	if err != nil {
		return nil, "", err
	}
	if err := c.sampleFiles(ctx, files, int(deref(t.SampleSize))); err != nil {
		return nil, "", err
	}
	root := "s3://" + bucket + "/" + prefix
	return groupTables(root, tableNameOf(bucket, prefix), files, cfg), root, nil
}

func (c *Catalog) singleFileTable(ctx context.Context, info objects.Info) ([]*tableSpec, string, error) {
	s, err := c.classifyObject(ctx, info)
	if err != nil {
		return nil, "", err
	}
	loc := "s3://" + info.Bucket + "/" + info.Key
	f := &crawledFile{info: info, schema: s}
	if s.format == classUnknown {
		return nil, loc, nil
	}
	spec := newTableSpec(sanitizeTableName(path.Base(info.Key)), loc, []*crawledFile{f})
	return []*tableSpec{spec}, loc, nil
}

// listTarget lists the data files under prefix. Like Glue (and Athena,
// which reads the tables), it skips folder markers, empty objects, files
// whose names start with '_' or '.', and excluded keys.
func (c *Catalog) listTarget(ctx context.Context, bucket, prefix string, excluded func(string) bool) ([]*crawledFile, error) {
	var files []*crawledFile
	err := c.objects.List(ctx, bucket, prefix, func(info objects.Info) bool {
		rel := strings.TrimPrefix(info.Key, prefix)
		if info.Size == 0 || strings.HasSuffix(rel, "/") || strings.HasSuffix(rel, "_$folder$") || excluded(rel) {
			return ctx.Err() == nil
		}
		parts := strings.Split(rel, "/")
		for _, p := range parts {
			if p == "" || strings.HasPrefix(p, "_") || strings.HasPrefix(p, ".") {
				return ctx.Err() == nil
			}
		}
		files = append(files, &crawledFile{info: info, dirs: parts[:len(parts)-1]})
		return ctx.Err() == nil
	})
	if err != nil {
		return nil, err
	}
	return files, ctx.Err()
}

// sampleFiles classifies the files; with a sample size, only that many
// files of each folder are read, and the others take their siblings' schema.
func (c *Catalog) sampleFiles(ctx context.Context, files []*crawledFile, sampleSize int) error {
	perDir := map[string]int{}
	for _, f := range files {
		dir := strings.Join(f.dirs, "/")
		if sampleSize > 0 && perDir[dir] >= sampleSize {
			continue
		}
		perDir[dir]++
		s, err := c.classifyObject(ctx, f.info)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			c.logger.Warn("glue: crawler could not read object", "bucket", f.info.Bucket, "key", f.info.Key, "err", err)
			continue
		}
		f.schema = s
	}
	return ctx.Err()
}

// tableNameOf names a table after the last folder of its location (or the
// bucket, for a bucket's root).
func tableNameOf(bucket, prefix string) string {
	p := strings.TrimSuffix(prefix, "/")
	if p == "" {
		return sanitizeTableName(bucket)
	}
	return sanitizeTableName(path.Base(p))
}

// sanitizeTableName lower-cases a folder or file name and replaces what
// Glue does not keep in crawler table names (anything but letters, digits
// and underscores) with underscores.
func sanitizeTableName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
