package athena

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/ddl"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// partitionName renders values as Hive's "k1=v1/k2=v2".
func partitionName(keys []awsglue.Column, values []string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		k := ""
		if i < len(keys) {
			k = keys[i].Name
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, "/")
}

// partitionInput builds a partition of t at loc, with the table's storage
// descriptor (as Athena does for ALTER TABLE ADD PARTITION).
func partitionInput(t *awsglue.Table, values []string, loc string) awsglue.PartitionInput {
	var sd awsglue.StorageDescriptor
	if t.StorageDescriptor != nil {
		sd = *t.StorageDescriptor
	}
	if loc == "" {
		loc = strings.TrimSuffix(sd.Location, "/") + "/" + partitionName(t.PartitionKeys, values) + "/"
	}
	sd.Location = loc
	return awsglue.PartitionInput{Values: values, StorageDescriptor: &sd}
}

// specValues orders a PARTITION (k=v, ...) spec by the table's keys.
func specValues(t *awsglue.Table, spec ddl.PartitionSpec) ([]string, error) {
	if len(spec.Keys) != len(t.PartitionKeys) {
		return nil, ddlError("", "FAILED: SemanticException [Error 10006]: Partition not found %s", specText(spec))
	}
	values := make([]string, len(t.PartitionKeys))
	for i, k := range t.PartitionKeys {
		found := false
		for j, sk := range spec.Keys {
			if strings.EqualFold(sk, k.Name) {
				values[i], found = spec.Values[j], true
			}
		}
		if !found {
			return nil, ddlError("", "FAILED: SemanticException [Error 10006]: Partition not found %s", specText(spec))
		}
	}
	return values, nil
}

func specText(spec ddl.PartitionSpec) string {
	parts := make([]string, len(spec.Keys))
	for i := range spec.Keys {
		parts[i] = spec.Keys[i] + "='" + spec.Values[i] + "'"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (d *ddlRunner) addPartitions(st *ddl.AddPartitions) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	if len(t.PartitionKeys) == 0 {
		return nil, ddlError("", "FAILED: SemanticException table is not partitioned but partition spec exists: %s", specText(st.Partitions[0]))
	}
	var inputs []awsglue.PartitionInput
	for _, spec := range st.Partitions {
		values, err := specValues(t, spec)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, partitionInput(t, values, spec.Location))
	}
	errs, err := d.s.catalog.BatchCreatePartition(d.ctx, t.DatabaseName, t.Name, inputs)
	if err != nil {
		return nil, err
	}
	for _, e := range errs {
		if e.ErrorDetail != nil && e.ErrorDetail.ErrorCode == "AlreadyExistsException" && st.IfNotExists {
			continue
		}
		msg := ""
		if e.ErrorDetail != nil {
			msg = e.ErrorDetail.ErrorCode + ": " + e.ErrorDetail.ErrorMessage
		}
		return nil, ddlError("", "FAILED: %s", msg)
	}
	return &textResult{}, nil
}

func (d *ddlRunner) dropPartitions(st *ddl.DropPartitions) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	for _, spec := range st.Partitions {
		values, err := specValues(t, spec)
		if err != nil {
			return nil, err
		}
		err = d.s.catalog.DeletePartition(d.ctx, t.DatabaseName, t.Name, values)
		if code(err) == "EntityNotFoundException" {
			if st.IfExists {
				continue
			}
			return nil, ddlError("", "FAILED: SemanticException [Error 10006]: Partition not found %s", specText(spec))
		}
		if err != nil {
			return nil, err
		}
	}
	return &textResult{}, nil
}

// repair adds the Hive-style partitions found under the table's location
// and reports them as Hive's MSCK REPAIR TABLE does.
func (d *ddlRunner) repair(st *ddl.RepairTable) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	if len(t.PartitionKeys) == 0 {
		return &textResult{}, nil
	}
	found, err := d.s.discoverPartitions(d.ctx, t)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return &textResult{}, nil
	}
	sort.Slice(found, func(i, j int) bool {
		return strings.Join(found[i].Values, "/") < strings.Join(found[j].Values, "/")
	})
	names := make([]string, len(found))
	for i, p := range found {
		names[i] = t.Name + ":" + partitionName(t.PartitionKeys, p.Values)
	}
	res := &textResult{lines: []string{"Partitions not in metastore:\t" + strings.Join(names, "\t")}}
	for start := 0; start < len(found); start += 100 {
		end := min(start+100, len(found))
		errs, err := d.s.catalog.BatchCreatePartition(d.ctx, t.DatabaseName, t.Name, found[start:end])
		if err != nil {
			return nil, err
		}
		failed := map[string]bool{}
		for _, e := range errs {
			failed[strings.Join(e.PartitionValues, "\x00")] = true
		}
		for i := start; i < end; i++ {
			if !failed[strings.Join(found[i].Values, "\x00")] {
				res.lines = append(res.lines, fmt.Sprintf("Repair: Added partition to metastore %s", names[i]))
			}
		}
	}
	return res, nil
}

// discoverPartitions finds the Hive-style (key=value/) partitions under a
// table's location that the catalog does not have yet.
func (s *Service) discoverPartitions(ctx context.Context, t *awsglue.Table) ([]awsglue.PartitionInput, error) {
	if d, ok := s.catalog.(partitionDiscoverer); ok {
		return d.DiscoverPartitions(ctx, t.DatabaseName, t.Name)
	}
	loc, ok := parseS3(t.StorageDescriptor.Location, true)
	if !ok {
		return nil, ddlError("", "FAILED: table %s has no valid S3 location", t.Name)
	}
	existing, err := s.catalog.GetPartitions(ctx, t.DatabaseName, t.Name, "")
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, p := range existing {
		have[strings.Join(p.Values, "\x00")] = true
	}
	seen := map[string]bool{}
	var out []awsglue.PartitionInput
	err = s.objects.List(ctx, loc.Bucket, loc.Prefix, func(o objects.Info) bool {
		rel := strings.TrimPrefix(o.Key, loc.Prefix)
		dirs := strings.Split(rel, "/")
		if len(dirs) <= len(t.PartitionKeys) {
			return true
		}
		values := make([]string, len(t.PartitionKeys))
		for i, k := range t.PartitionKeys {
			name, v, ok := strings.Cut(dirs[i], "=")
			if !ok || !strings.EqualFold(name, k.Name) {
				return true
			}
			values[i] = unescapePath(v)
		}
		id := strings.Join(values, "\x00")
		if have[id] || seen[id] {
			return true
		}
		seen[id] = true
		out = append(out, partitionInput(t, values, loc.uri(strings.Join(dirs[:len(t.PartitionKeys)], "/")+"/")))
		return true
	})
	if isNoBucket(err) {
		return nil, nil
	}
	return out, err
}
