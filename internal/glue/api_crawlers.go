package glue

import (
	"context"
	"fmt"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

func crawlerName(cr awsglue.Crawler) string { return cr.Name }

func (s *Service) registerCrawlers(js *awsproto.JSONService) {
	awsproto.Register(js, "CreateCrawler", func(ctx context.Context, in *awsglue.CreateCrawlerRequest) (*awsglue.CreateCrawlerResponse, error) {
		return &awsglue.CreateCrawlerResponse{}, s.catalog.CreateCrawler(ctx, in)
	})
	awsproto.Register(js, "GetCrawler", func(ctx context.Context, in *awsglue.GetCrawlerRequest) (*awsglue.GetCrawlerResponse, error) {
		cr, err := s.catalog.GetCrawler(ctx, in.Name)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetCrawlerResponse{Crawler: cr}, nil
	})
	awsproto.Register(js, "GetCrawlers", func(ctx context.Context, in *awsglue.GetCrawlersRequest) (*awsglue.GetCrawlersResponse, error) {
		all, err := s.catalog.GetCrawlers(ctx)
		if err != nil {
			return nil, err
		}
		crs, next, err := page(all, crawlerName, in.NextToken, in.MaxResults, 1000)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetCrawlersResponse{Crawlers: awsproto.NonNil(crs), NextToken: next}, nil
	})
	awsproto.Register(js, "ListCrawlers", s.listCrawlers)
	awsproto.Register(js, "BatchGetCrawlers", func(ctx context.Context, in *awsglue.BatchGetCrawlersRequest) (*awsglue.BatchGetCrawlersResponse, error) {
		out := &awsglue.BatchGetCrawlersResponse{Crawlers: []awsglue.Crawler{}, CrawlersNotFound: []string{}}
		for _, name := range in.CrawlerNames {
			cr, err := s.catalog.GetCrawler(ctx, name)
			switch {
			case err == nil:
				out.Crawlers = append(out.Crawlers, *cr)
			case codeOf(err) == "EntityNotFoundException":
				out.CrawlersNotFound = append(out.CrawlersNotFound, name)
			default:
				return nil, err
			}
		}
		return out, nil
	})
	awsproto.Register(js, "UpdateCrawler", func(ctx context.Context, in *awsglue.UpdateCrawlerRequest) (*awsglue.UpdateCrawlerResponse, error) {
		return &awsglue.UpdateCrawlerResponse{}, s.catalog.UpdateCrawler(ctx, in)
	})
	awsproto.Register(js, "DeleteCrawler", func(ctx context.Context, in *awsglue.DeleteCrawlerRequest) (*awsglue.DeleteCrawlerResponse, error) {
		return &awsglue.DeleteCrawlerResponse{}, s.catalog.DeleteCrawler(ctx, in.Name)
	})
	awsproto.Register(js, "StartCrawler", func(ctx context.Context, in *awsglue.StartCrawlerRequest) (*awsglue.StartCrawlerResponse, error) {
		return &awsglue.StartCrawlerResponse{}, s.catalog.StartCrawler(ctx, in.Name)
	})
	awsproto.Register(js, "StopCrawler", func(ctx context.Context, in *awsglue.StopCrawlerRequest) (*awsglue.StopCrawlerResponse, error) {
		return &awsglue.StopCrawlerResponse{}, s.catalog.StopCrawler(ctx, in.Name)
	})
	awsproto.Register(js, "ListCrawls", s.listCrawls)
	awsproto.Register(js, "StartCrawlerSchedule", func(ctx context.Context, in *awsglue.StartCrawlerScheduleRequest) (*awsglue.StartCrawlerScheduleResponse, error) {
		return &awsglue.StartCrawlerScheduleResponse{}, s.catalog.StartCrawlerSchedule(ctx, in.CrawlerName)
	})
	awsproto.Register(js, "StopCrawlerSchedule", func(ctx context.Context, in *awsglue.StopCrawlerScheduleRequest) (*awsglue.StopCrawlerScheduleResponse, error) {
		return &awsglue.StopCrawlerScheduleResponse{}, s.catalog.StopCrawlerSchedule(ctx, in.CrawlerName)
	})
	awsproto.Register(js, "UpdateCrawlerSchedule", func(ctx context.Context, in *awsglue.UpdateCrawlerScheduleRequest) (*awsglue.UpdateCrawlerScheduleResponse, error) {
		return &awsglue.UpdateCrawlerScheduleResponse{}, s.catalog.UpdateCrawlerSchedule(ctx, in.CrawlerName, in.Schedule)
	})
	awsproto.Register(js, "GetCrawlerMetrics", func(ctx context.Context, in *awsglue.GetCrawlerMetricsRequest) (*awsglue.GetCrawlerMetricsResponse, error) {
		all, err := s.catalog.CrawlerMetrics(ctx, in.CrawlerNameList)
		if err != nil {
			return nil, err
		}
		name := func(m awsglue.CrawlerMetrics) string { return m.CrawlerName }
		ms, next, err := page(all, name, in.NextToken, in.MaxResults, 1000)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetCrawlerMetricsResponse{CrawlerMetricsList: awsproto.NonNil(ms), NextToken: next}, nil
	})
}

// listCrawlers lists crawler names, keeping those that carry every tag
// of the request's Tags filter.
func (s *Service) listCrawlers(ctx context.Context, in *awsglue.ListCrawlersRequest) (*awsglue.ListCrawlersResponse, error) {
	all, err := s.catalog.GetCrawlers(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	region := awsproto.IdentityFrom(ctx).Region
	for _, cr := range all {
		if len(in.Tags) > 0 {
			tags, err := s.catalog.GetTags(ctx, crawlerARN(region, cr.Name))
			if err != nil {
				return nil, err
			}
			if !hasTags(tags, in.Tags) {
				continue
			}
		}
		names = append(names, cr.Name)
	}
	names, next, err := page(names, func(n string) string { return n }, in.NextToken, in.MaxResults, 1000)
	if err != nil {
		return nil, err
	}
	return &awsglue.ListCrawlersResponse{CrawlerNames: awsproto.NonNil(names), NextToken: next}, nil
}

func hasTags(have, want map[string]string) bool {
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// listCrawls lists a crawler's crawls, filtered on STATE or CRAWL_ID.
func (s *Service) listCrawls(ctx context.Context, in *awsglue.ListCrawlsRequest) (*awsglue.ListCrawlsResponse, error) {
	all, err := s.catalog.ListCrawls(ctx, in.CrawlerName)
	if err != nil {
		return nil, err
	}
	var crawls []awsglue.CrawlerHistory
	for _, h := range all {
		ok, err := matchesCrawlFilters(h, in.Filters)
		if err != nil {
			return nil, err
		}
		if ok {
			crawls = append(crawls, h)
		}
	}
	// Tokens are positions in the newest-first list.
	key := func(i int) string { return fmt.Sprintf("%08d", i) }
	idx := make([]int, len(crawls))
	for i := range idx {
		idx[i] = i
	}
	pageIdx, next, err := page(idx, key, in.NextToken, in.MaxResults, 1000)
	if err != nil {
		return nil, err
	}
	out := make([]awsglue.CrawlerHistory, len(pageIdx))
	for i, j := range pageIdx {
		out[i] = crawls[j]
	}
	return &awsglue.ListCrawlsResponse{Crawls: out, NextToken: next}, nil
}

func matchesCrawlFilters(h awsglue.CrawlerHistory, filters []awsglue.CrawlsFilter) (bool, error) {
	for _, f := range filters {
		var v string
		switch f.FieldName {
		case "STATE":
			v = h.State
		case "CRAWL_ID":
			v = h.CrawlId
		default:
			return false, awsproto.NotImplemented("ListCrawls filters on " + f.FieldName)
		}
		switch f.FilterOperator {
		case "EQ":
			if v != f.FieldValue {
				return false, nil
			}
		case "NE":
			if v == f.FieldValue {
				return false, nil
			}
		default:
			return false, errInvalid("Filter operator %s is not valid for %s.", f.FilterOperator, f.FieldName)
		}
	}
	return true, nil
}
