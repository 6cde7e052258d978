package glue

import (
	"slices"
	"strconv"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// Hive formats and SerDes that Glue's crawler writes.
const (
	textInputFormat     = "org.apache.hadoop.mapred.TextInputFormat"
	textOutputFormat    = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
	parquetInputFormat  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
	parquetOutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
	lazySimpleSerDe     = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
	openCSVSerDe        = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
	jsonSerDe           = "org.openx.data.jsonserde.JsonSerDe"
	parquetSerDe        = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
)

// crawlerParameters are the table (and partition) parameters Glue's
// crawler writes: the classification, the CSV dialect, and statistics of
// the files.
func crawlerParameters(crawler string, t *tableSpec, files []*crawledFile) map[string]string {
	p := map[string]string{
		"classification":                   t.format,
		"compressionType":                  t.compress,
		"typeOfData":                       "file",
		"UPDATED_BY_CRAWLER":               crawler,
		"CrawlerSchemaDeserializerVersion": "1.0",
		"CrawlerSchemaSerializerVersion":   "1.0",
	}
	records, avg, size := fileStats(files)
	p["recordCount"] = strconv.FormatInt(records, 10)
	p["averageRecordSize"] = strconv.FormatInt(avg, 10)
	p["sizeKey"] = strconv.FormatInt(size, 10)
	p["objectCount"] = strconv.Itoa(len(files))
	if t.format == classCSV {
		p["delimiter"] = string(t.csv.delimiter)
		p["areColumnsQuoted"] = strconv.FormatBool(t.csv.quoted)
		p["columnsOrdered"] = "true"
		if t.csv.header {
			p["skip.header.line.count"] = "1"
		}
	}
	return p
}

// fileStats sums the records and bytes of files. Files left out of the
// sample count records at the rate of the sampled ones.
func fileStats(files []*crawledFile) (records, avg, size int64) {
	var sampledRecords, sampledBytes, sampledSize int64
	for _, f := range files {
		size += f.info.Size
		if f.schema == nil {
			continue
		}
		sampledRecords += f.schema.records
		sampledBytes += f.schema.records * f.schema.recordBytes
		sampledSize += f.info.Size
	}
	records = sampledRecords
	if sampledSize > 0 && size > sampledSize {
		records = int64(float64(sampledRecords) * float64(size) / float64(sampledSize))
	}
	if sampledRecords > 0 {
		avg = sampledBytes / sampledRecords
	}
	return records, avg, size
}

// storageDescriptor is the StorageDescriptor Glue's crawler writes for a
// table or partition of t at location, with the given columns and parameters.
func (t *tableSpec) storageDescriptor(location string, cols []awsglue.Column, params map[string]string) *awsglue.StorageDescriptor {
	sd := &awsglue.StorageDescriptor{
		Columns:                cols,
		Location:               location,
		Compressed:             ptr(false),
		NumberOfBuckets:        ptr(int32(-1)),
		BucketColumns:          []string{},
		SortColumns:            []awsglue.Order{},
		Parameters:             params,
		StoredAsSubDirectories: ptr(false),
		InputFormat:            textInputFormat,
		OutputFormat:           textOutputFormat,
	}
	switch t.format {
	case classParquet:
		sd.InputFormat, sd.OutputFormat = parquetInputFormat, parquetOutputFormat
		sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: parquetSerDe, Parameters: map[string]string{"serialization.format": "1"}}
	case classJSON:
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Name
		}
		slices.Sort(names)
		sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: jsonSerDe, Parameters: map[string]string{"paths": strings.Join(names, ",")}}
	case classCSV:
		delim := string(t.csv.delimiter)
		if t.csv.quoted {
			sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: openCSVSerDe, Parameters: map[string]string{"separatorChar": delim, "quoteChar": `"`}}
		} else {
			sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: lazySimpleSerDe, Parameters: map[string]string{"field.delim": delim}}
		}
	}
	return sd
}

// tableInput is the definition of t that a crawl writes.
func (t *tableSpec) tableInput(crawler, name string) awsglue.TableInput {
	params := crawlerParameters(crawler, t, t.files)
	keys := make([]awsglue.Column, len(t.partKeys))
	for i, k := range t.partKeys {
		keys[i] = awsglue.Column{Name: k, Type: "string"}
	}
	return awsglue.TableInput{
		Name:              name,
		Owner:             "owner",
		Retention:         ptr(int32(0)),
		TableType:         "EXTERNAL_TABLE",
		Parameters:        params,
		PartitionKeys:     keys,
		StorageDescriptor: t.storageDescriptor(t.location, t.columns, copyMap(params)),
	}
}

// partitionInput is the definition of one partition of t.
func (t *tableSpec) partitionInput(crawler string, p *partitionSpec, inherit bool) awsglue.PartitionInput {
	params := crawlerParameters(crawler, t, p.files)
	cols := t.columns
	if !inherit {
		cols = mergeColumns(t.format, sampledSchemas(p.files))
		if len(cols) == 0 {
			cols = t.columns
		}
	}
	return awsglue.PartitionInput{
		Values:            p.values,
		Parameters:        params,
		StorageDescriptor: t.storageDescriptor(p.location, cols, copyMap(params)),
	}
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
