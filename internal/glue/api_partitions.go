package glue

import (
	"context"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

func valueLists(in []awsglue.PartitionValueList) [][]string {
	out := make([][]string, len(in))
	for i, v := range in {
		out[i] = v.Values
	}
	return out
}

func (s *Service) registerPartitions(js *awsproto.JSONService) {
	awsproto.Register(js, "CreatePartition", func(ctx context.Context, in *awsglue.CreatePartitionRequest) (*awsglue.CreatePartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.CreatePartitionResponse{}, s.catalog.CreatePartition(ctx, in.DatabaseName, in.TableName, deref(in.PartitionInput))
	})
	awsproto.Register(js, "BatchCreatePartition", func(ctx context.Context, in *awsglue.BatchCreatePartitionRequest) (*awsglue.BatchCreatePartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		errs, err := s.catalog.BatchCreatePartition(ctx, in.DatabaseName, in.TableName, in.PartitionInputList)
		if err != nil {
			return nil, err
		}
		return &awsglue.BatchCreatePartitionResponse{Errors: awsproto.NonNil(errs)}, nil
	})
	awsproto.Register(js, "GetPartition", func(ctx context.Context, in *awsglue.GetPartitionRequest) (*awsglue.GetPartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		p, err := s.catalog.GetPartition(ctx, in.DatabaseName, in.TableName, in.PartitionValues)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetPartitionResponse{Partition: p}, nil
	})
	awsproto.Register(js, "BatchGetPartition", func(ctx context.Context, in *awsglue.BatchGetPartitionRequest) (*awsglue.BatchGetPartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		parts, err := s.catalog.BatchGetPartition(ctx, in.DatabaseName, in.TableName, valueLists(in.PartitionsToGet))
		if err != nil {
			return nil, err
		}
		return &awsglue.BatchGetPartitionResponse{Partitions: awsproto.NonNil(parts), UnprocessedKeys: []awsglue.PartitionValueList{}}, nil
	})
	awsproto.Register(js, "GetPartitions", s.getPartitions)
	awsproto.Register(js, "UpdatePartition", func(ctx context.Context, in *awsglue.UpdatePartitionRequest) (*awsglue.UpdatePartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.UpdatePartitionResponse{}, s.catalog.UpdatePartition(ctx, in.DatabaseName, in.TableName, in.PartitionValueList, deref(in.PartitionInput))
	})
	awsproto.Register(js, "BatchUpdatePartition", func(ctx context.Context, in *awsglue.BatchUpdatePartitionRequest) (*awsglue.BatchUpdatePartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		fails, err := s.catalog.BatchUpdatePartition(ctx, in.DatabaseName, in.TableName, in.Entries)
		if err != nil {
			return nil, err
		}
		return &awsglue.BatchUpdatePartitionResponse{Errors: awsproto.NonNil(fails)}, nil
	})
	awsproto.Register(js, "DeletePartition", func(ctx context.Context, in *awsglue.DeletePartitionRequest) (*awsglue.DeletePartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.DeletePartitionResponse{}, s.catalog.DeletePartition(ctx, in.DatabaseName, in.TableName, in.PartitionValues)
	})
	awsproto.Register(js, "BatchDeletePartition", func(ctx context.Context, in *awsglue.BatchDeletePartitionRequest) (*awsglue.BatchDeletePartitionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		errs, err := s.catalog.BatchDeletePartition(ctx, in.DatabaseName, in.TableName, valueLists(in.PartitionsToDelete))
		if err != nil {
			return nil, err
		}
		return &awsglue.BatchDeletePartitionResponse{Errors: awsproto.NonNil(errs)}, nil
	})
}

func (s *Service) getPartitions(ctx context.Context, in *awsglue.GetPartitionsRequest) (*awsglue.GetPartitionsResponse, error) {
	if err := checkCatalog(in.CatalogId); err != nil {
		return nil, err
	}
	q := PartitionQuery{
		Expression:          in.Expression,
		MaxResults:          int(deref(in.MaxResults)),
		NextToken:           in.NextToken,
		ExcludeColumnSchema: deref(in.ExcludeColumnSchema),
	}
	if in.Segment != nil {
		q.SegmentNumber = int(deref(in.Segment.SegmentNumber))
		q.TotalSegments = int(deref(in.Segment.TotalSegments))
	}
	parts, next, err := s.catalog.GetPartitionsPage(ctx, in.DatabaseName, in.TableName, q)
	if err != nil {
		return nil, err
	}
	return &awsglue.GetPartitionsResponse{Partitions: awsproto.NonNil(parts), NextToken: next}, nil
}
