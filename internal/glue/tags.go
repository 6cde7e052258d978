package glue

import (
	"bytes"
	"context"
	"maps"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// Tags are kept per resource ARN under glue/tag/<arn>.
const prefixTag = "glue/tag/"

func tagKey(arn string) []byte { return []byte(prefixTag + arn) }

func resourceARN(region, resource string) string {
	if region == "" {
		region = awsproto.DefaultRegion
	}
	return "arn:aws:glue:" + region + ":" + awsproto.DefaultAccountID + ":" + resource
}

func databaseARN(region, db string) string { return resourceARN(region, "database/"+db) }

func crawlerARN(region, name string) string { return resourceARN(region, "crawler/"+name) }

// checkTaggable reports whether the resource an ARN names exists. Glue
// tags databases, tables, crawlers and its ETL resources; nubo keeps tags
// for the catalog resources and crawlers it implements.
func (c *Catalog) checkTaggable(ctx context.Context, arn string) error {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "glue" {
		return errInvalid("Invalid ARN: %s", arn)
	}
	kind, name, _ := strings.Cut(parts[5], "/")
	switch kind {
	case "database":
		_, err := c.GetDatabase(ctx, name)
		return err
	case "table":
		db, table, _ := strings.Cut(name, "/")
		_, err := c.GetTable(ctx, db, table)
		return err
	case "crawler":
		_, err := c.GetCrawler(ctx, name)
		return err
	}
	return errInvalid("Tagging is not supported for resource %s", arn)
}

// TagResource adds tags to a resource.
func (c *Catalog) TagResource(ctx context.Context, arn string, tags map[string]string) error {
	return c.updateTags(ctx, arn, func(cur map[string]string) error {
		maps.Copy(cur, tags)
		if len(cur) > 50 {
			return errInvalid("The number of tags exceeds the limit of 50.")
		}
		return nil
	})
}

// UntagResource removes tags from a resource.
func (c *Catalog) UntagResource(ctx context.Context, arn string, keys []string) error {
	return c.updateTags(ctx, arn, func(cur map[string]string) error {
		for _, k := range keys {
			delete(cur, k)
		}
		return nil
	})
}

// updateTags reads a resource's tags, lets fn change them, and writes them
// back in one synced commit; an error from fn leaves them as they were.
func (c *Catalog) updateTags(ctx context.Context, arn string, fn func(cur map[string]string) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.checkTaggable(ctx, arn); err != nil {
		return err
	}
	cur := map[string]string{}
	if _, err := c.getJSON(tagKey(arn), &cur); err != nil {
		return err
	}
	if err := fn(cur); err != nil {
		return err
	}
	b := c.newBatch()
	if err := b.put(tagKey(arn), cur); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

// GetTags returns the tags of a resource.
func (c *Catalog) GetTags(ctx context.Context, arn string) (map[string]string, error) {
	if err := c.checkTaggable(ctx, arn); err != nil {
		return nil, err
	}
	cur := map[string]string{}
	_, err := c.getJSON(tagKey(arn), &cur)
	return cur, err
}

func (s *Service) registerTags(js *awsproto.JSONService) {
	awsproto.Register(js, "TagResource", func(ctx context.Context, in *awsglue.TagResourceRequest) (*awsglue.TagResourceResponse, error) {
		return &awsglue.TagResourceResponse{}, s.catalog.TagResource(ctx, in.ResourceArn, in.TagsToAdd)
	})
	awsproto.Register(js, "UntagResource", func(ctx context.Context, in *awsglue.UntagResourceRequest) (*awsglue.UntagResourceResponse, error) {
		return &awsglue.UntagResourceResponse{}, s.catalog.UntagResource(ctx, in.ResourceArn, in.TagsToRemove)
	})
	awsproto.Register(js, "GetTags", func(ctx context.Context, in *awsglue.GetTagsRequest) (*awsglue.GetTagsResponse, error) {
		tags, err := s.catalog.GetTags(ctx, in.ResourceArn)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetTagsResponse{Tags: tags}, nil
	})
}

// deleteTags adds to b the deletion of the tags of every resource whose
// ARN ends with one of the given resource paths ("database/db",
// "table/db/t"), or, for paths ending in "/", starts with it after the
// account id.
func (c *Catalog) deleteTags(b *batch, resources ...string) error {
	prefix := []byte(prefixTag)
	var keys [][]byte
	err := c.kv.Iter(prefix, kv.PrefixEnd(prefix), func(key, _ []byte) bool {
		arn := string(key[len(prefix):])
		parts := strings.SplitN(arn, ":", 6)
		if len(parts) != 6 {
			return true
		}
		for _, r := range resources {
			if parts[5] == r || (strings.HasSuffix(r, "/") && strings.HasPrefix(parts[5], r)) {
				keys = append(keys, bytes.Clone(key))
				break
			}
		}
		return true
	})
	for _, k := range keys {
		b.del(k)
	}
	return err
}
