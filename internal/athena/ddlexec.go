package athena

import (
	"context"
	"errors"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/ddl"
	"github.com/nubo-dev/nubo/internal/athena/results"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// textResult is the output of a DDL or utility statement: lines of a
// .txt file, returned by GetQueryResults as one-column rows.
type textResult struct {
	column string
	lines  []string
}

// runDDL runs a DDL statement against the catalog and writes <id>.txt.
func (s *Service) runDDL(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	d := &ddlRunner{s: s, ctx: ctx, db: e.Database, sql: e.Query}
	res, err := d.run(st.ddl)
	if err != nil {
		return err
	}
	return s.writeText(ctx, lq, e, res)
}

// writeText stores a text result as <id>.txt.
func (s *Service) writeText(ctx context.Context, lq *liveQuery, e execution, res *textResult) error {
	out, _ := parseS3(e.OutputDir, true)
	var b strings.Builder
	for _, l := range res.lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if _, err := s.objects.Put(ctx, out.Bucket, out.key(e.ID+".txt"), strings.NewReader(b.String()), objects.PutOptions{ContentType: "text/plain"}); err != nil {
		return outputError(err, out)
	}
	var cols []results.Column
	if res.column != "" {
		cols = []results.Column{{Name: res.column, Type: "string", CaseSensitive: false}}
	}
	s.update(lq, func(x *execution) {
		x.ResultFile, x.ResultKind, x.Columns = out.uri(e.ID+".txt"), resultText, cols
		x.OutputRows, x.OutputBytes = int64(len(res.lines)), int64(b.Len())
	})
	return nil
}

// ddlRunner runs one DDL statement.
type ddlRunner struct {
	s   *Service
	ctx context.Context
	db  string
	sql string
}

func (d *ddlRunner) name(n ddl.Name) (string, string) {
	if n.Database == "" {
		return d.db, n.Table
	}
	return n.Database, n.Table
}

// code is the AWS error code of a catalog error.
func code(err error) string {
	var ae *awsproto.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

func (d *ddlRunner) run(st ddl.Statement) (*textResult, error) {
	switch st := st.(type) {
	case *ddl.CreateDatabase:
		return d.createDatabase(st)
	case *ddl.DropDatabase:
		return d.dropDatabase(st)
	case *ddl.CreateTable:
		return d.createTable(st)
	case *ddl.DropTable:
		return d.dropTable(st)
	case *ddl.RepairTable:
		return d.repair(st)
	case *ddl.AddPartitions:
		return d.addPartitions(st)
	case *ddl.DropPartitions:
		return d.dropPartitions(st)
	case *ddl.SetTableProperties:
		return d.setProperties(st)
	case *ddl.AddColumns:
		return d.addColumns(st)
	case *ddl.ShowDatabases:
		return d.showDatabases(st)
	case *ddl.ShowTables:
		return d.showTables(st)
	case *ddl.ShowPartitions:
		return d.showPartitions(st)
	case *ddl.ShowCreateTable:
		return d.showCreateTable(st)
	case *ddl.ShowColumns:
		return d.showColumns(st)
	case *ddl.ShowTableProperties:
		return d.showProperties(st)
	case *ddl.Describe:
		return d.describe(st)
	}
	return nil, ddlError("NOT_SUPPORTED", "statement %s is not supported by nubo", st.Substatement())
}

func (d *ddlRunner) createDatabase(st *ddl.CreateDatabase) (*textResult, error) {
	err := d.s.catalog.CreateDatabase(d.ctx, awsglue.DatabaseInput{
		Name: st.Name, Description: st.Comment, LocationUri: st.Location, Parameters: st.Properties,
	})
	switch {
	case code(err) == "AlreadyExistsException" && st.IfNotExists:
		return &textResult{}, nil
	case code(err) == "AlreadyExistsException":
		return nil, ddlError("", "FAILED: AlreadyExistsException: Database %s already exists", st.Name)
	case code(err) == "InvalidInputException":
		return nil, ddlError("", "FAILED: InvalidInputException: %s", awsproto.AsError(err).Message)
	}
	return &textResult{}, err
}

func (d *ddlRunner) dropDatabase(st *ddl.DropDatabase) (*textResult, error) {
	if _, err := d.s.catalog.GetDatabase(d.ctx, st.Name); err != nil {
		if code(err) == "EntityNotFoundException" {
			if st.IfExists {
				return &textResult{}, nil
			}
			return nil, ddlError("", "FAILED: SemanticException [Error 10072]: Database does not exist: %s", st.Name)
		}
		return nil, err
	}
	if !st.Cascade {
		tables, err := d.s.catalog.GetTables(d.ctx, st.Name, "")
		if err != nil {
			return nil, err
		}
		if len(tables) > 0 {
			return nil, ddlError("", "FAILED: InvalidOperationException(message:Database %s is not empty. One or more tables exist.)", st.Name)
		}
	}
	return &textResult{}, d.s.catalog.DeleteDatabase(d.ctx, st.Name)
}

// table loads a table for a DDL statement, failing as Hive does.
func (d *ddlRunner) table(n ddl.Name) (*awsglue.Table, error) {
	db, name := d.name(n)
	t, err := d.s.catalog.GetTable(d.ctx, db, name)
	if code(err) == "EntityNotFoundException" {
		if _, derr := d.s.catalog.GetDatabase(d.ctx, db); derr != nil {
			return nil, ddlError("", "FAILED: SemanticException [Error 10072]: Database does not exist: %s", db)
		}
		return nil, ddlError("", "FAILED: SemanticException [Error 10001]: Table not found %s.%s", db, name)
	}
	return t, err
}

func (d *ddlRunner) dropTable(st *ddl.DropTable) (*textResult, error) {
	db, name := d.name(st.Name)
	if _, err := d.table(st.Name); err != nil {
		if st.IfExists {
			if _, ok := err.(*queryError); ok {
				return &textResult{}, nil
			}
		}
		return nil, err
	}
	return &textResult{}, d.s.catalog.DeleteTable(d.ctx, db, name)
}

func (d *ddlRunner) createTable(st *ddl.CreateTable) (*textResult, error) {
	db, name := d.name(st.Name)
	if strings.EqualFold(st.Properties["table_type"], "ICEBERG") {
		return nil, ddlError("NOT_SUPPORTED", "Iceberg tables are not supported by nubo")
	}
	if !st.External {
		return nil, ddlError("", "FAILED: SemanticException Only EXTERNAL tables are supported")
	}
	if st.Location == "" {
		return nil, ddlError("", "FAILED: SemanticException The LOCATION clause is required for external tables")
	}
	if _, ok := parseS3(st.Location, false); !ok {
		return nil, ddlError("", "FAILED: SemanticException Invalid S3 location %s", st.Location)
	}
	in := tableInput(name, st)
	err := d.s.catalog.CreateTable(d.ctx, db, in)
	switch code(err) {
	case "AlreadyExistsException":
		if st.IfNotExists {
			return &textResult{}, nil
		}
		return nil, ddlError("", "FAILED: AlreadyExistsException: Table %s.%s already exists", db, name)
	case "EntityNotFoundException":
		return nil, ddlError("", "FAILED: SemanticException [Error 10072]: Database does not exist: %s", db)
	case "InvalidInputException":
		return nil, ddlError("", "FAILED: InvalidInputException: %s", awsproto.AsError(err).Message)
	}
	return &textResult{}, err
}

func glueColumns(cols []ddl.Column) []awsglue.Column {
	out := make([]awsglue.Column, len(cols))
	for i, c := range cols {
		out[i] = awsglue.Column{Name: c.Name, Type: c.Type, Comment: c.Comment}
	}
	return out
}

// tableInput is the catalog entry Athena writes for CREATE EXTERNAL TABLE.
func tableInput(name string, st *ddl.CreateTable) awsglue.TableInput {
	params := map[string]string{"EXTERNAL": "TRUE"}
	for k, v := range st.Properties {
		params[k] = v
	}
	sd := &awsglue.StorageDescriptor{
		Columns: glueColumns(st.Columns), Location: st.Location, Compressed: new(bool),
		StoredAsSubDirectories: new(bool), SerdeInfo: serdeInfo(st),
	}
	buckets := int32(-1)
	if len(st.ClusteredBy) > 0 {
		buckets = 1
		sd.BucketColumns = st.ClusteredBy
	}
	sd.NumberOfBuckets = &buckets
	sd.InputFormat, sd.OutputFormat = formats(st)
	return awsglue.TableInput{
		Name: name, Description: st.Comment, TableType: "EXTERNAL_TABLE", Parameters: params,
		PartitionKeys: glueColumns(st.PartitionedBy), StorageDescriptor: sd,
	}
}

// formats picks the input and output format classes.
func formats(st *ddl.CreateTable) (string, string) {
	if st.InputFormat != "" {
		return st.InputFormat, st.OutputFormat
	}
	switch st.StoredAs {
	case "PARQUET":
		return inputParquet, outputParquet
	case "ORC":
		return inputORC, outputORC
	case "AVRO":
		return "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat", "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"
	}
	return inputText, outputText
}

// serdeInfo picks the SerDe and its parameters.
func serdeInfo(st *ddl.CreateTable) *awsglue.SerDeInfo {
	rf := st.RowFormat
	if rf != nil && rf.Serde != "" {
		return &awsglue.SerDeInfo{SerializationLibrary: rf.Serde, Parameters: rf.SerdeProperties}
	}
	switch st.StoredAs {
	case "PARQUET":
		return &awsglue.SerDeInfo{SerializationLibrary: serdeParquet, Parameters: map[string]string{"serialization.format": "1"}}
	case "ORC":
		return &awsglue.SerDeInfo{SerializationLibrary: serdeORC, Parameters: map[string]string{"serialization.format": "1"}}
	case "AVRO":
		return &awsglue.SerDeInfo{SerializationLibrary: serdeAvro}
	case "JSONFILE":
		return &awsglue.SerDeInfo{SerializationLibrary: serdeHiveJSON}
	}
	params := map[string]string{"serialization.format": "1"}
	if rf != nil && rf.Delimited {
		set := func(k, v string) {
			if v != "" {
				params[k] = v
			}
		}
		set("field.delim", rf.FieldsTerminatedBy)
		set("serialization.format", rf.FieldsTerminatedBy)
		set("escape.delim", rf.EscapedBy)
		set("collection.delim", rf.CollectionItemsTerminatedBy)
		set("mapkey.delim", rf.MapKeysTerminatedBy)
		set("line.delim", rf.LinesTerminatedBy)
		set("serialization.null.format", rf.NullDefinedAs)
	}
	return &awsglue.SerDeInfo{SerializationLibrary: serdeLazySimple, Parameters: params}
}

// inputOf turns a stored table back into an input for UpdateTable.
func inputOf(t *awsglue.Table) awsglue.TableInput {
	return awsglue.TableInput{
		Name: t.Name, Description: t.Description, Owner: t.Owner, Parameters: t.Parameters,
		PartitionKeys: t.PartitionKeys, StorageDescriptor: t.StorageDescriptor, TableType: t.TableType,
		Retention: t.Retention, ViewExpandedText: t.ViewExpandedText, ViewOriginalText: t.ViewOriginalText,
	}
}

func (d *ddlRunner) setProperties(st *ddl.SetTableProperties) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	in := inputOf(t)
	if in.Parameters == nil {
		in.Parameters = map[string]string{}
	}
	for k, v := range st.Properties {
		in.Parameters[k] = v
	}
	return &textResult{}, d.s.catalog.UpdateTable(d.ctx, t.DatabaseName, in)
}

func (d *ddlRunner) addColumns(st *ddl.AddColumns) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	in := inputOf(t)
	sd := *in.StorageDescriptor
	if st.Replace {
		sd.Columns = glueColumns(st.Columns)
	} else {
		for _, c := range st.Columns {
			for _, old := range append(sd.Columns, t.PartitionKeys...) {
				if strings.EqualFold(old.Name, c.Name) {
					return nil, ddlError("", "FAILED: SemanticException [Error 10036]: Duplicate column name: %s", c.Name)
				}
			}
		}
		sd.Columns = append(append([]awsglue.Column(nil), sd.Columns...), glueColumns(st.Columns)...)
	}
	in.StorageDescriptor = &sd
	return &textResult{}, d.s.catalog.UpdateTable(d.ctx, t.DatabaseName, in)
}
