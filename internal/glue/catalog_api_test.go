package glue_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/smithy-go"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

func newClient(t *testing.T) *glue.Client {
	t.Helper()
	s := nubotest.Start(t)
	return glue.NewFromConfig(s.Config())
}

// apiCode returns the AWS error code of err, or "" when err is nil.
func apiCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("not an API error: %v", err)
	}
	return ae.ErrorCode()
}

func mustCreateDatabase(t *testing.T, c *glue.Client, name string) {
	t.Helper()
	_, err := c.CreateDatabase(t.Context(), &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{Name: aws.String(name)}})
	if err != nil {
		t.Fatal(err)
	}
}

func salesTable(name string) *types.TableInput {
	return &types.TableInput{
		Name:       aws.String(name),
		TableType:  aws.String("EXTERNAL_TABLE"),
		Parameters: map[string]string{"classification": "csv"},
		StorageDescriptor: &types.StorageDescriptor{
			Columns: []types.Column{
				{Name: aws.String("id"), Type: aws.String("bigint")},
				{Name: aws.String("Amount"), Type: aws.String("double")},
			},
			Location:     aws.String("s3://bucket/sales/"),
			InputFormat:  aws.String("org.apache.hadoop.mapred.TextInputFormat"),
			OutputFormat: aws.String("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"),
			SerdeInfo: &types.SerDeInfo{
				SerializationLibrary: aws.String("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
				Parameters:           map[string]string{"field.delim": ","},
			},
		},
		PartitionKeys: []types.Column{
			{Name: aws.String("year"), Type: aws.String("int")},
			{Name: aws.String("region"), Type: aws.String("string")},
		},
	}
}

func TestDatabases(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	_, err := c.CreateDatabase(ctx, &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{
		Name: aws.String("Sales_DB"), Description: aws.String("sales"), Parameters: map[string]string{"k": "v"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateDatabase(ctx, &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{Name: aws.String("sales_db")}})
	if code := apiCode(t, err); code != "AlreadyExistsException" {
		t.Fatalf("duplicate create: %v", err)
	}
	got, err := c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: aws.String("SALES_DB")})
	if err != nil {
		t.Fatal(err)
	}
	db := got.Database
	if aws.ToString(db.Name) != "sales_db" || aws.ToString(db.Description) != "sales" || db.Parameters["k"] != "v" ||
		aws.ToString(db.CatalogId) != "000000000000" || db.CreateTime == nil || len(db.CreateTableDefaultPermissions) != 1 {
		t.Fatalf("database = %+v", db)
	}
	_, err = c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: aws.String("nope")})
	var nf *types.EntityNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Database nope not found." {
		t.Fatalf("missing database: %v", err)
	}
	if _, err := c.UpdateDatabase(ctx, &glue.UpdateDatabaseInput{Name: aws.String("sales_db"),
		DatabaseInput: &types.DatabaseInput{Name: aws.String("sales_db"), Description: aws.String("new")}}); err != nil {
		t.Fatal(err)
	}
	got, _ = c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: aws.String("sales_db")})
	if aws.ToString(got.Database.Description) != "new" {
		t.Fatalf("update lost: %+v", got.Database)
	}
	for i := range 5 {
		mustCreateDatabase(t, c, fmt.Sprintf("db%d", i))
	}
	var names []string
	p := glue.NewGetDatabasesPaginator(c, &glue.GetDatabasesInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.DatabaseList) > 2 {
			t.Fatalf("page of %d", len(out.DatabaseList))
		}
		for _, d := range out.DatabaseList {
			names = append(names, aws.ToString(d.Name))
		}
	}
	if fmt.Sprint(names) != "[db0 db1 db2 db3 db4 sales_db]" {
		t.Fatalf("databases = %v", names)
	}
	if _, err := c.DeleteDatabase(ctx, &glue.DeleteDatabaseInput{Name: aws.String("sales_db")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteDatabase(ctx, &glue.DeleteDatabaseInput{Name: aws.String("sales_db")})
	if code := apiCode(t, err); code != "EntityNotFoundException" {
		t.Fatalf("second delete: %v", err)
	}
}

func TestValidation(t *testing.T) {
	c := newClient(t)
	_, err := c.CreateDatabase(t.Context(), &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{Name: aws.String("")}})
	if code := apiCode(t, err); code != "ValidationException" {
		t.Fatalf("empty name: %v", err)
	}
	_, err = c.ListJobs(t.Context(), &glue.ListJobsInput{})
	if code := apiCode(t, err); code != "NotImplemented" {
		t.Fatalf("ListJobs: %v", err)
	}
}

func TestTables(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	_, err := c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("nodb"), TableInput: salesTable("t")})
	if code := apiCode(t, err); code != "EntityNotFoundException" {
		t.Fatalf("table in missing db: %v", err)
	}
	mustCreateDatabase(t, c, "lake")
	if _, err := c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("Lake"), TableInput: salesTable("Sales")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("lake"), TableInput: salesTable("sales")})
	if code := apiCode(t, err); code != "AlreadyExistsException" {
		t.Fatalf("duplicate table: %v", err)
	}
	got, err := c.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("lake"), Name: aws.String("SALES")})
	if err != nil {
		t.Fatal(err)
	}
	tb := got.Table
	if aws.ToString(tb.Name) != "sales" || aws.ToString(tb.DatabaseName) != "lake" || aws.ToString(tb.VersionId) != "0" ||
		tb.CreateTime == nil || tb.UpdateTime == nil || aws.ToString(tb.TableType) != "EXTERNAL_TABLE" ||
		len(tb.PartitionKeys) != 2 || aws.ToString(tb.StorageDescriptor.Columns[1].Name) != "Amount" ||
		aws.ToString(tb.CatalogId) != "000000000000" || tb.IsRegisteredWithLakeFormation {
		t.Fatalf("table = %+v", tb)
	}
	_, err = c.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("lake"), Name: aws.String("nope")})
	var nf *types.EntityNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Table nope not found." {
		t.Fatalf("missing table: %v", err)
	}

	for _, n := range []string{"sales_2023", "sales_2024", "customers", "orders"} {
		if _, err := c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("lake"), TableInput: salesTable(n)}); err != nil {
			t.Fatal(err)
		}
	}
	for expr, want := range map[string]string{
		"":                 "[customers orders sales sales_2023 sales_2024]",
		"sales*":           "[sales sales_2023 sales_2024]",
		"sales_.*":         "[sales_2023 sales_2024]",
		"*2024":            "[sales_2024]",
		"orders|customers": "[customers orders]",
		"SALES":            "[sales]",
	} {
		var names []string
		p := glue.NewGetTablesPaginator(c, &glue.GetTablesInput{DatabaseName: aws.String("lake"), Expression: aws.String(expr), MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range out.TableList {
				names = append(names, aws.ToString(tb.Name))
			}
		}
		if fmt.Sprint(names) != want {
			t.Errorf("GetTables(%q) = %v, want %s", expr, names, want)
		}
	}

	out, err := c.BatchDeleteTable(ctx, &glue.BatchDeleteTableInput{DatabaseName: aws.String("lake"), TablesToDelete: []string{"orders", "ghost"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) != 1 || aws.ToString(out.Errors[0].TableName) != "ghost" ||
		aws.ToString(out.Errors[0].ErrorDetail.ErrorCode) != "EntityNotFoundException" {
		t.Fatalf("batch delete errors = %+v", out.Errors)
	}
	if _, err := c.DeleteTable(ctx, &glue.DeleteTableInput{DatabaseName: aws.String("lake"), Name: aws.String("customers")}); err != nil {
		t.Fatal(err)
	}
	// Deleting the database drops its tables: recreating it finds none.
	if _, err := c.DeleteDatabase(ctx, &glue.DeleteDatabaseInput{Name: aws.String("lake")}); err != nil {
		t.Fatal(err)
	}
	mustCreateDatabase(t, c, "lake")
	tables, err := c.GetTables(ctx, &glue.GetTablesInput{DatabaseName: aws.String("lake")})
	if err != nil || len(tables.TableList) != 0 {
		t.Fatalf("tables after recreate = %v, %v", tables, err)
	}
}

func TestTableVersions(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	mustCreateDatabase(t, c, "lake")
	if _, err := c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("lake"), TableInput: salesTable("sales")}); err != nil {
		t.Fatal(err)
	}
	update := func(desc string, skip bool) {
		t.Helper()
		in := salesTable("sales")
		in.Description = aws.String(desc)
		if _, err := c.UpdateTable(ctx, &glue.UpdateTableInput{DatabaseName: aws.String("lake"), TableInput: in, SkipArchive: aws.Bool(skip)}); err != nil {
			t.Fatal(err)
		}
	}
	update("v1", false)
	update("v2", false)
	update("v2b", true)
	got, _ := c.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("lake"), Name: aws.String("sales")})
	if aws.ToString(got.Table.VersionId) != "2" || aws.ToString(got.Table.Description) != "v2b" {
		t.Fatalf("current = %s %s", aws.ToString(got.Table.VersionId), aws.ToString(got.Table.Description))
	}
	versions := func() string {
		t.Helper()
		var ids []string
		p := glue.NewGetTableVersionsPaginator(c, &glue.GetTableVersionsInput{DatabaseName: aws.String("lake"), TableName: aws.String("sales"), MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range out.TableVersions {
				ids = append(ids, aws.ToString(v.VersionId)+":"+aws.ToString(v.Table.Description))
			}
		}
		return fmt.Sprint(ids)
	}
	if v := versions(); v != "[2:v2b 1:v1 0:]" {
		t.Fatalf("versions = %s", v)
	}
	v1, err := c.GetTableVersion(ctx, &glue.GetTableVersionInput{DatabaseName: aws.String("lake"), TableName: aws.String("sales"), VersionId: aws.String("1")})
	if err != nil || aws.ToString(v1.TableVersion.Table.Description) != "v1" {
		t.Fatalf("version 1 = %+v, %v", v1, err)
	}
	_, err = c.GetTableVersion(ctx, &glue.GetTableVersionInput{DatabaseName: aws.String("lake"), TableName: aws.String("sales"), VersionId: aws.String("9")})
	if code := apiCode(t, err); code != "EntityNotFoundException" {
		t.Fatalf("missing version: %v", err)
	}
	if _, err := c.DeleteTableVersion(ctx, &glue.DeleteTableVersionInput{DatabaseName: aws.String("lake"), TableName: aws.String("sales"), VersionId: aws.String("0")}); err != nil {
		t.Fatal(err)
	}
	bout, err := c.BatchDeleteTableVersion(ctx, &glue.BatchDeleteTableVersionInput{DatabaseName: aws.String("lake"), TableName: aws.String("sales"), VersionIds: []string{"1", "7"}})
	if err != nil || len(bout.Errors) != 1 || aws.ToString(bout.Errors[0].VersionId) != "7" {
		t.Fatalf("batch delete versions = %+v, %v", bout, err)
	}
	if v := versions(); v != "[2:v2b]" {
		t.Fatalf("versions after delete = %s", v)
	}
	_, err = c.UpdateTable(ctx, &glue.UpdateTableInput{DatabaseName: aws.String("lake"), TableInput: salesTable("sales"), VersionId: aws.String("1")})
	if code := apiCode(t, err); code != "ConcurrentModificationException" {
		t.Fatalf("stale version id: %v", err)
	}
}

func partition(values ...string) types.PartitionInput {
	return types.PartitionInput{
		Values: values,
		StorageDescriptor: &types.StorageDescriptor{
			Location: aws.String("s3://bucket/sales/year=" + values[0] + "/region=" + values[1] + "/"),
		},
	}
}

func TestPartitions(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	mustCreateDatabase(t, c, "lake")
	if _, err := c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("lake"), TableInput: salesTable("sales")}); err != nil {
		t.Fatal(err)
	}
	db, tb := aws.String("lake"), aws.String("sales")
	if _, err := c.CreatePartition(ctx, &glue.CreatePartitionInput{DatabaseName: db, TableName: tb, PartitionInput: ptr(partition("2020", "eu"))}); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreatePartition(ctx, &glue.CreatePartitionInput{DatabaseName: db, TableName: tb, PartitionInput: ptr(partition("2020", "eu"))})
	if code := apiCode(t, err); code != "AlreadyExistsException" {
		t.Fatalf("duplicate partition: %v", err)
	}
	var batch []types.PartitionInput
	for y := 2015; y <= 2024; y++ {
		for _, r := range []string{"eu", "us", "ap"} {
			batch = append(batch, partition(fmt.Sprint(y), r))
		}
	}
	batch = append(batch, types.PartitionInput{Values: []string{"1"}})
	out, err := c.BatchCreatePartition(ctx, &glue.BatchCreatePartitionInput{DatabaseName: db, TableName: tb, PartitionInputList: batch})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) != 2 {
		t.Fatalf("batch errors = %d", len(out.Errors))
	}
	for _, e := range out.Errors {
		code := aws.ToString(e.ErrorDetail.ErrorCode)
		if !(code == "AlreadyExistsException" && e.PartitionValues[0] == "2020") && !(code == "InvalidInputException" && len(e.PartitionValues) == 1) {
			t.Errorf("unexpected error entry %v %s", e.PartitionValues, code)
		}
	}
	tooMany := make([]types.PartitionInput, 101)
	for i := range tooMany {
		tooMany[i] = partition(fmt.Sprint(3000+i), "x")
	}
	_, err = c.BatchCreatePartition(ctx, &glue.BatchCreatePartitionInput{DatabaseName: db, TableName: tb, PartitionInputList: tooMany})
	if code := apiCode(t, err); code != "ValidationException" {
		t.Fatalf("101 partitions: %v", err)
	}

	p, err := c.GetPartition(ctx, &glue.GetPartitionInput{DatabaseName: db, TableName: tb, PartitionValues: []string{"2020", "eu"}})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(p.Partition.TableName) != "sales" || aws.ToString(p.Partition.DatabaseName) != "lake" || p.Partition.CreationTime == nil ||
		aws.ToString(p.Partition.StorageDescriptor.Location) != "s3://bucket/sales/year=2020/region=eu/" {
		t.Fatalf("partition = %+v", p.Partition)
	}
	_, err = c.GetPartition(ctx, &glue.GetPartitionInput{DatabaseName: db, TableName: tb, PartitionValues: []string{"1999", "eu"}})
	if code := apiCode(t, err); code != "EntityNotFoundException" {
		t.Fatalf("missing partition: %v", err)
	}

	count := func(expr string, max int32, seg *types.Segment) int {
		t.Helper()
		n := 0
		in := &glue.GetPartitionsInput{DatabaseName: db, TableName: tb, Expression: aws.String(expr), Segment: seg}
		if max > 0 {
			in.MaxResults = aws.Int32(max)
		}
		pg := glue.NewGetPartitionsPaginator(c, in)
		for pg.HasMorePages() {
			out, err := pg.NextPage(ctx)
			if err != nil {
				t.Fatalf("%q: %v", expr, err)
			}
			if max > 0 && len(out.Partitions) > int(max) {
				t.Fatalf("page of %d > %d", len(out.Partitions), max)
			}
			n += len(out.Partitions)
		}
		return n
	}
	for expr, want := range map[string]int{
		"":                              30,
		"year = 2020":                   3,
		"year > 2019 AND region = 'eu'": 5,
		"year BETWEEN 2016 AND 2018":    9,
		"year IN (2015, 2024) AND NOT region = 'ap'":        4,
		"region LIKE 'e%' OR year < 2016":                   12,
		"(year >= 2023 OR year <= 2015) AND region <> 'us'": 6,
	} {
		if got := count(expr, 4, nil); got != want {
			t.Errorf("GetPartitions(%q) = %d, want %d", expr, got, want)
		}
	}
	total := 0
	for s := int32(0); s < 3; s++ {
		total += count("", 0, &types.Segment{SegmentNumber: s, TotalSegments: aws.Int32(3)})
	}
	if total != 30 {
		t.Fatalf("segments cover %d partitions", total)
	}
	_, err = c.GetPartitions(ctx, &glue.GetPartitionsInput{DatabaseName: db, TableName: tb, Expression: aws.String("colour = 'red'")})
	if code := apiCode(t, err); code != "InvalidInputException" {
		t.Fatalf("bad expression: %v", err)
	}

	bg, err := c.BatchGetPartition(ctx, &glue.BatchGetPartitionInput{DatabaseName: db, TableName: tb, PartitionsToGet: []types.PartitionValueList{
		{Values: []string{"2021", "us"}}, {Values: []string{"1800", "us"}},
	}})
	if err != nil || len(bg.Partitions) != 1 {
		t.Fatalf("batch get = %+v, %v", bg, err)
	}

	upd := partition("2021", "us")
	upd.Parameters = map[string]string{"checked": "yes"}
	if _, err := c.UpdatePartition(ctx, &glue.UpdatePartitionInput{DatabaseName: db, TableName: tb, PartitionValueList: []string{"2021", "us"}, PartitionInput: &upd}); err != nil {
		t.Fatal(err)
	}
	bu, err := c.BatchUpdatePartition(ctx, &glue.BatchUpdatePartitionInput{DatabaseName: db, TableName: tb, Entries: []types.BatchUpdatePartitionRequestEntry{
		{PartitionValueList: []string{"2022", "us"}, PartitionInput: ptr(partition("2022", "us"))},
		{PartitionValueList: []string{"1700", "us"}, PartitionInput: ptr(partition("1700", "us"))},
	}})
	if err != nil || len(bu.Errors) != 1 || aws.ToString(bu.Errors[0].ErrorDetail.ErrorCode) != "EntityNotFoundException" {
		t.Fatalf("batch update = %+v, %v", bu, err)
	}
	p, _ = c.GetPartition(ctx, &glue.GetPartitionInput{DatabaseName: db, TableName: tb, PartitionValues: []string{"2021", "us"}})
	if p.Partition.Parameters["checked"] != "yes" {
		t.Fatalf("update lost: %+v", p.Partition.Parameters)
	}

	if _, err := c.DeletePartition(ctx, &glue.DeletePartitionInput{DatabaseName: db, TableName: tb, PartitionValues: []string{"2020", "eu"}}); err != nil {
		t.Fatal(err)
	}
	bd, err := c.BatchDeletePartition(ctx, &glue.BatchDeletePartitionInput{DatabaseName: db, TableName: tb, PartitionsToDelete: []types.PartitionValueList{
		{Values: []string{"2020", "us"}}, {Values: []string{"2020", "eu"}},
	}})
	if err != nil || len(bd.Errors) != 1 || bd.Errors[0].PartitionValues[1] != "eu" {
		t.Fatalf("batch delete = %+v, %v", bd, err)
	}
	if n := count("year = 2020", 0, nil); n != 1 {
		t.Fatalf("partitions of 2020 after delete = %d", n)
	}
}

func ptr[T any](v T) *T { return &v }

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
