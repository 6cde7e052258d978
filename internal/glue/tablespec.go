package glue

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// tableSpec is a table a crawl inferred: its root folder, its files (with
// folders relative to the root), and the merged schema.
type tableSpec struct {
	name     string
	location string
	files    []*crawledFile
	format   string
	compress string
	csv      csvDialect
	columns  []awsglue.Column
	partKeys []string
}

// partitionSpec is one partition folder of a table.
type partitionSpec struct {
	values   []string
	location string
	files    []*crawledFile
}

// minSimilarity is the share of column names two files must have in common
// (of all the names either has) to be read as the same table.
const minSimilarity = 0.5

// groupTables decides which folders under root are tables, as Glue's
// crawler does: a folder whose files all have a similar schema (and sit at
// the same depth) is one table and its subfolders are partitions; else each
// subfolder is considered on its own.
func groupTables(root, name string, files []*crawledFile, cfg *crawlerConfiguration) []*tableSpec {
	files = slices.DeleteFunc(slices.Clone(files), func(f *crawledFile) bool {
		return f.schema != nil && f.schema.format == classUnknown
	})
	if len(files) == 0 {
		return nil
	}
	if lvl := cfg.Grouping.TableLevelConfiguration; lvl > 0 {
		return groupAtLevel(root, name, files, lvl)
	}
	if cfg.Grouping.TableGroupingPolicy == "CombineCompatibleSchemas" {
		return []*tableSpec{newTableSpec(name, root, majorityFormat(files))}
	}
	return splitTables(root, name, files, 0)
}

// groupAtLevel puts table roots at an absolute folder level, where the
// bucket is level 1 (Grouping.TableLevelConfiguration).
func groupAtLevel(root, name string, files []*crawledFile, level int) []*tableSpec {
	rest := strings.TrimPrefix(root, "s3://")
	rootLevel := strings.Count(strings.TrimSuffix(rest, "/"), "/") + 1
	rel := level - rootLevel
	if rel <= 0 {
		return []*tableSpec{newTableSpec(name, root, files)}
	}
	groups := map[string][]*crawledFile{}
	var order []string
	for _, f := range files {
		if len(f.dirs) < rel {
			continue
		}
		key := strings.Join(f.dirs[:rel], "/")
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], &crawledFile{info: f.info, dirs: f.dirs[rel:], schema: f.schema})
	}
	var out []*tableSpec
	for _, key := range order {
		out = append(out, newTableSpec(sanitizeTableName(key[strings.LastIndexByte(key, '/')+1:]), root+key+"/", groups[key]))
	}
	return out
}

// majorityFormat keeps the files of the most common format (and the
// unsampled ones), for a single table per include path.
func majorityFormat(files []*crawledFile) []*crawledFile {
	count := map[string]int{}
	best := ""
	for _, f := range files {
		if f.schema == nil {
			continue
		}
		count[f.schema.format]++
		if count[f.schema.format] > count[best] {
			best = f.schema.format
		}
	}
	return slices.DeleteFunc(files, func(f *crawledFile) bool { return f.schema != nil && f.schema.format != best })
}

func splitTables(loc, name string, files []*crawledFile, depth int) []*tableSpec {
	if compatibleFiles(files) || depth > 64 {
		return []*tableSpec{newTableSpec(name, loc, files)}
	}
	children := map[string][]*crawledFile{}
	var order []string
	var direct []*crawledFile
	for _, f := range files {
		if len(f.dirs) == 0 {
			direct = append(direct, f)
			continue
		}
		d := f.dirs[0]
		if _, ok := children[d]; !ok {
			order = append(order, d)
		}
		children[d] = append(children[d], &crawledFile{info: f.info, dirs: f.dirs[1:], schema: f.schema})
	}
	var out []*tableSpec
	if len(direct) > 0 {
		out = append(out, newTableSpec(name, loc, direct))
	}
	for _, d := range order {
		out = append(out, splitTables(loc+d+"/", sanitizeTableName(d), children[d], depth+1)...)
	}
	return out
}

// compatibleFiles reports whether files form one table: one format, one
// depth, and similar schemas.
func compatibleFiles(files []*crawledFile) bool {
	var first *fileSchema
	for _, f := range files {
		if len(f.dirs) != len(files[0].dirs) {
			return false
		}
		if f.schema == nil {
			continue
		}
		if first == nil {
			first = f.schema
			continue
		}
		if !similarSchemas(first, f.schema) {
			return false
		}
	}
	return true
}

func similarSchemas(a, b *fileSchema) bool {
	if a.format != b.format {
		return false
	}
	if a.format == classCSV {
		if a.csv.delimiter != b.csv.delimiter || len(a.columns) != len(b.columns) || a.csv.header != b.csv.header {
			return false
		}
		if !a.csv.header {
			return true
		}
	}
	names := map[string]int{}
	for _, c := range a.columns {
		names[c.Name] |= 1
	}
	for _, c := range b.columns {
		names[c.Name] |= 2
	}
	both := 0
	for _, v := range names {
		if v == 3 {
			both++
		}
	}
	return len(names) == 0 || float64(both)/float64(len(names)) >= minSimilarity
}

// newTableSpec merges the schemas of a table's files.
func newTableSpec(name, loc string, files []*crawledFile) *tableSpec {
	t := &tableSpec{name: name, location: loc, files: files}
	sampled := sampledSchemas(files)
	if len(sampled) > 0 {
		t.format, t.compress, t.csv = sampled[0].format, sampled[0].compression, sampled[0].csv
	}
	t.columns = mergeColumns(t.format, sampled)
	if len(files) > 0 {
		// Files normally sit at one depth; when a grouping option puts
		// files of several depths in one table, the shallowest sets the
		// partition levels.
		depth := len(files[0].dirs)
		for _, f := range files {
			depth = min(depth, len(f.dirs))
		}
		t.partKeys = partitionKeyNames(files, depth)
	}
	return t
}

func sampledSchemas(files []*crawledFile) []*fileSchema {
	var out []*fileSchema
	for _, f := range files {
		if f.schema != nil {
			out = append(out, f.schema)
		}
	}
	return out
}

// mergeColumns merges file schemas: CSV columns by position (names from the
// first file), other formats by name in order of first appearance.
func mergeColumns(format string, schemas []*fileSchema) []awsglue.Column {
	if len(schemas) == 0 {
		return nil
	}
	if format == classCSV {
		cols := slices.Clone(schemas[0].columns)
		for _, s := range schemas[1:] {
			for i := range cols {
				if i < len(s.columns) {
					cols[i].Type = mergeTypes(parseHiveType(cols[i].Type), parseHiveType(s.columns[i].Type)).String()
				}
			}
		}
		return cols
	}
	row := &hiveType{kind: "struct"}
	for _, s := range schemas {
		st := &hiveType{kind: "struct"}
		for _, c := range s.columns {
			st.fields = append(st.fields, hiveField{name: c.Name, typ: parseHiveType(c.Type)})
		}
		row = mergeStructs(row, st)
	}
	cols := make([]awsglue.Column, len(row.fields))
	for i, f := range row.fields {
		cols[i] = awsglue.Column{Name: f.name, Type: f.typ.String()}
	}
	return cols
}

// partitionKeyNames names the partition levels: the key of Hive-style
// folders ("year=2024") when every folder at a level uses the same key,
// else partition_0, partition_1, ...
func partitionKeyNames(files []*crawledFile, depth int) []string {
	keys := make([]string, depth)
	for i := range keys {
		name := ""
		for _, f := range files {
			k, _, ok := strings.Cut(f.dirs[i], "=")
			k = strings.ToLower(k)
			if !ok || k == "" || (name != "" && name != k) {
				name = ""
				break
			}
			name = k
		}
		if name == "" {
			name = "partition_" + strconv.Itoa(i)
		}
		keys[i] = name
	}
	return keys
}

// partitions groups the table's files by partition folder.
func (t *tableSpec) partitions() []*partitionSpec {
	if len(t.partKeys) == 0 {
		return nil
	}
	byDir := map[string]*partitionSpec{}
	var out []*partitionSpec
	for _, f := range t.files {
		dirs := f.dirs[:len(t.partKeys)]
		dir := strings.Join(dirs, "/")
		p, ok := byDir[dir]
		if !ok {
			p = &partitionSpec{location: t.location + dir + "/"}
			for i, d := range dirs {
				p.values = append(p.values, partitionValue(d, t.partKeys[i]))
			}
			byDir[dir] = p
			out = append(out, p)
		}
		p.files = append(p.files, f)
	}
	return out
}

// partitionValue is the value a folder gives its partition key: the part
// after "key=" (Hive-escaped) for Hive-style folders, else the folder name.
func partitionValue(dir, key string) string {
	k, v, ok := strings.Cut(dir, "=")
	if !ok || !strings.EqualFold(k, key) {
		return dir
	}
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}
