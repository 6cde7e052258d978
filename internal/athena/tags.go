package athena

import (
	"context"
	"sort"
	"strings"

	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// taggedWorkGroup resolves a workgroup ARN (arn:aws:athena:<region>:<account>:workgroup/<name>).
func (s *Service) taggedWorkGroup(arn string) (*workGroup, error) {
	i := strings.Index(arn, ":workgroup/")
	if !strings.HasPrefix(arn, "arn:") || i < 0 {
		return nil, resourceNotFound(arn, "The resource %s does not exist or tags are not supported for it", arn)
	}
	wg, err := s.workGroup(arn[i+len(":workgroup/"):])
	if err != nil {
		return nil, resourceNotFound(arn, "The resource %s does not exist", arn)
	}
	return wg, nil
}

func (s *Service) TagResource(ctx context.Context, in *awsathena.TagResourceInput) (*awsathena.TagResourceOutput, error) {
	s.startMu.Lock()
	defer s.startMu.Unlock()
	wg, err := s.taggedWorkGroup(in.ResourceARN)
	if err != nil {
		return nil, err
	}
	for _, t := range in.Tags {
		replaced := false
		for i := range wg.Tags {
			if wg.Tags[i].Key == t.Key {
				wg.Tags[i].Value, replaced = t.Value, true
			}
		}
		if !replaced {
			wg.Tags = append(wg.Tags, t)
		}
	}
	if len(wg.Tags) > 50 {
		return nil, invalidRequest("A resource can have at most 50 tags")
	}
	return &awsathena.TagResourceOutput{}, putJSON(s.kv, key("wg", wg.WorkGroup.Name), wg)
}

func (s *Service) UntagResource(ctx context.Context, in *awsathena.UntagResourceInput) (*awsathena.UntagResourceOutput, error) {
	s.startMu.Lock()
	defer s.startMu.Unlock()
	wg, err := s.taggedWorkGroup(in.ResourceARN)
	if err != nil {
		return nil, err
	}
	drop := map[string]bool{}
	for _, k := range in.TagKeys {
		drop[k] = true
	}
	kept := wg.Tags[:0]
	for _, t := range wg.Tags {
		if !drop[t.Key] {
			kept = append(kept, t)
		}
	}
	wg.Tags = kept
	return &awsathena.UntagResourceOutput{}, putJSON(s.kv, key("wg", wg.WorkGroup.Name), wg)
}

func (s *Service) ListTagsForResource(ctx context.Context, in *awsathena.ListTagsForResourceInput) (*awsathena.ListTagsForResourceOutput, error) {
	wg, err := s.taggedWorkGroup(in.ResourceARN)
	if err != nil {
		return nil, err
	}
	tags := append([]awsathena.Tag(nil), wg.Tags...)
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	page, next, err := paginate(tags, func(t awsathena.Tag) string { return t.Key }, in.NextToken, in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	return &awsathena.ListTagsForResourceOutput{Tags: awsproto.NonNil(page), NextToken: next}, nil
}
