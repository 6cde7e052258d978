package athena

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/ddl"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// likePattern compiles Hive's SHOW ... LIKE pattern: "*" matches anything
// and "|" separates alternatives; matching ignores case.
func likePattern(p string) *regexp.Regexp {
	if p == "" {
		return nil
	}
	alts := strings.Split(p, "|")
	for i, a := range alts {
		alts[i] = strings.ReplaceAll(regexp.QuoteMeta(strings.TrimSpace(a)), `\*`, ".*")
	}
	re, err := regexp.Compile("(?i)^(?:" + strings.Join(alts, "|") + ")$")
	if err != nil {
		return nil
	}
	return re
}

func (d *ddlRunner) showDatabases(st *ddl.ShowDatabases) (*textResult, error) {
	dbs, err := d.s.catalog.GetDatabases(d.ctx)
	if err != nil {
		return nil, err
	}
	re := likePattern(st.Like)
	res := &textResult{column: "database_name"}
	for _, db := range dbs {
		if re == nil || re.MatchString(db.Name) {
			res.lines = append(res.lines, db.Name)
		}
	}
	sort.Strings(res.lines)
	return res, nil
}

func (d *ddlRunner) showTables(st *ddl.ShowTables) (*textResult, error) {
	db := st.Database
	if db == "" {
		db = d.db
	}
	if _, err := d.s.catalog.GetDatabase(d.ctx, db); err != nil {
		return nil, ddlError("", "FAILED: SemanticException [Error 10072]: Database does not exist: %s", db)
	}
	tables, err := d.s.catalog.GetTables(d.ctx, db, "")
	if err != nil {
		return nil, err
	}
	re := likePattern(st.Like)
	res := &textResult{column: "tab_name"}
	for _, t := range tables {
		if re == nil || re.MatchString(t.Name) {
			res.lines = append(res.lines, t.Name)
		}
	}
	sort.Strings(res.lines)
	return res, nil
}

func (d *ddlRunner) showPartitions(st *ddl.ShowPartitions) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	if len(t.PartitionKeys) == 0 {
		return nil, ddlError("", "FAILED: SemanticException [Error 10241]: Table %s is not a partitioned table", t.Name)
	}
	parts, err := d.s.catalog.GetPartitions(d.ctx, t.DatabaseName, t.Name, "")
	if err != nil {
		return nil, err
	}
	res := &textResult{column: "partition"}
	for _, p := range parts {
		res.lines = append(res.lines, partitionName(t.PartitionKeys, p.Values))
	}
	sort.Strings(res.lines)
	return res, nil
}

func (d *ddlRunner) showColumns(st *ddl.ShowColumns) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	res := &textResult{column: "field"}
	for _, c := range allColumns(t) {
		res.lines = append(res.lines, c.Name)
	}
	return res, nil
}

func allColumns(t *awsglue.Table) []awsglue.Column {
	var cols []awsglue.Column
	if t.StorageDescriptor != nil {
		cols = append(cols, t.StorageDescriptor.Columns...)
	}
	return append(cols, t.PartitionKeys...)
}

func (d *ddlRunner) showProperties(st *ddl.ShowTableProperties) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	res := &textResult{column: "prpt_name"}
	keys := make([]string, 0, len(t.Parameters))
	for k := range t.Parameters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if st.Property != "" {
			if k == st.Property {
				res.lines = append(res.lines, t.Parameters[k])
			}
			continue
		}
		res.lines = append(res.lines, k+"\t"+t.Parameters[k])
	}
	return res, nil
}

// describeLine pads a row as Hive's DESCRIBE does (20-character columns).
func describeLine(name, typ, comment string) string {
	return fmt.Sprintf("%-20s\t%-20s\t%-20s", name, typ, comment)
}

func (d *ddlRunner) describe(st *ddl.Describe) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	res := &textResult{column: "col_name"}
	for _, c := range allColumns(t) {
		if st.Column == "" || strings.EqualFold(st.Column, c.Name) {
			res.lines = append(res.lines, describeLine(c.Name, c.Type, c.Comment))
		}
	}
	if st.Column != "" && len(res.lines) == 0 {
		return nil, ddlError("", "FAILED: SemanticException [Error 10002]: Invalid column reference %s", st.Column)
	}
	if st.Column == "" && len(t.PartitionKeys) > 0 {
		res.lines = append(res.lines, "\t \t ", "# Partition Information\t \t ", describeLine("# col_name", "data_type", "comment"), "\t \t ")
		for _, c := range t.PartitionKeys {
			res.lines = append(res.lines, describeLine(c.Name, c.Type, c.Comment))
		}
	}
	if st.Formatted && st.Column == "" {
		res.lines = append(res.lines, d.detailedInfo(t)...)
	}
	return res, nil
}

// detailedInfo is DESCRIBE FORMATTED's table and storage sections.
func (d *ddlRunner) detailedInfo(t *awsglue.Table) []string {
	lines := []string{"\t \t ", "# Detailed Table Information\t \t ",
		"Database:           \t" + t.DatabaseName + "\t ",
		"Table Type:         \t" + t.TableType + "\t ",
		"Table Parameters:\t \t "}
	keys := make([]string, 0, len(t.Parameters))
	for k := range t.Parameters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("\t%-20s\t%s", k, t.Parameters[k]))
	}
	if sd := t.StorageDescriptor; sd != nil {
		lines = append(lines, "\t \t ", "# Storage Information\t \t ")
		if sd.SerdeInfo != nil {
			lines = append(lines, "SerDe Library:      \t"+sd.SerdeInfo.SerializationLibrary+"\t ")
		}
		lines = append(lines, "InputFormat:        \t"+sd.InputFormat+"\t ", "OutputFormat:       \t"+sd.OutputFormat+"\t ",
			"Location:           \t"+sd.Location+"\t ")
	}
	return lines
}

func (d *ddlRunner) showCreateTable(st *ddl.ShowCreateTable) (*textResult, error) {
	t, err := d.table(st.Name)
	if err != nil {
		return nil, err
	}
	return &textResult{column: "createtab_stmt", lines: strings.Split(createTableText(t), "\n")}, nil
}

// createTableText renders a table's definition as Athena's SHOW CREATE TABLE does.
func createTableText(t *awsglue.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE EXTERNAL TABLE `%s`.`%s`(\n", t.DatabaseName, t.Name)
	cols := []awsglue.Column{}
	sd := t.StorageDescriptor
	if sd != nil {
		cols = sd.Columns
	}
	writeCols(&b, cols)
	b.WriteString(")\n")
	if len(t.PartitionKeys) > 0 {
		b.WriteString("PARTITIONED BY ( \n")
		writeCols(&b, t.PartitionKeys)
		b.WriteString(")\n")
	}
	if sd != nil {
		if sd.SerdeInfo != nil {
			fmt.Fprintf(&b, "ROW FORMAT SERDE \n  '%s' \n", sd.SerdeInfo.SerializationLibrary)
			if len(sd.SerdeInfo.Parameters) > 0 {
				b.WriteString("WITH SERDEPROPERTIES ( \n")
				writeProps(&b, sd.SerdeInfo.Parameters)
				b.WriteString(") \n")
			}
		}
		fmt.Fprintf(&b, "STORED AS INPUTFORMAT \n  '%s' \nOUTPUTFORMAT \n  '%s'\n", sd.InputFormat, sd.OutputFormat)
		fmt.Fprintf(&b, "LOCATION\n  '%s'\n", sd.Location)
	}
	if len(t.Parameters) > 0 {
		b.WriteString("TBLPROPERTIES (\n")
		writeProps(&b, t.Parameters)
		b.WriteString(")")
	}
	return strings.TrimRight(b.String(), "\n")
}

func writeCols(b *strings.Builder, cols []awsglue.Column) {
	for i, c := range cols {
		sep := ", "
		if i == len(cols)-1 {
			sep = ""
		}
		if c.Comment != "" {
			fmt.Fprintf(b, "  `%s` %s COMMENT '%s'%s\n", c.Name, c.Type, strings.ReplaceAll(c.Comment, "'", "\\'"), sep)
		} else {
			fmt.Fprintf(b, "  `%s` %s%s\n", c.Name, c.Type, sep)
		}
	}
}

func writeProps(b *strings.Builder, props map[string]string) {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		sep := ", "
		if i == len(keys)-1 {
			sep = ""
		}
		fmt.Fprintf(b, "  '%s'='%s'%s\n", k, strings.ReplaceAll(props[k], "'", "\\'"), sep)
	}
}
