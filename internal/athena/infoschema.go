package athena

import (
	"fmt"
	"sort"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/hivetype"
)

// informationSchema serves the information_schema tables tools query
// (schemata, tables, columns) from the catalog, as inline rows.
func (p *planner) informationSchema(name string, pos int) (string, error) {
	dbs, err := p.s.catalog.GetDatabases(p.ctx)
	if err != nil {
		return "", err
	}
	sort.Slice(dbs, func(i, j int) bool { return dbs[i].Name < dbs[j].Name })
	var rows [][]string
	var cols []string
	switch name {
	case "schemata":
		cols = []string{"catalog_name", "schema_name"}
		rows = append(rows, []string{"awsdatacatalog", "information_schema"})
		for _, d := range dbs {
			rows = append(rows, []string{"awsdatacatalog", d.Name})
		}
	case "tables", "columns":
		if name == "tables" {
			cols = []string{"table_catalog", "table_schema", "table_name", "table_type"}
		} else {
			cols = []string{"table_catalog", "table_schema", "table_name", "column_name", "ordinal_position", "column_default",
				"is_nullable", "data_type", "comment", "extra_info"}
		}
		for _, d := range dbs {
			tables, err := p.s.catalog.GetTables(p.ctx, d.Name, "")
			if err != nil {
				return "", err
			}
			for _, t := range tables {
				rows = append(rows, infoRows(name, d.Name, t)...)
			}
		}
	default:
		return "", userError("TABLE_NOT_FOUND", "%sTable 'awsdatacatalog.information_schema.%s' does not exist", lineCol(p.sql, pos), name)
	}
	return valuesTable(cols, rows), nil
}

func infoRows(kind, db string, t awsglue.Table) [][]string {
	if kind == "tables" {
		typ := "BASE TABLE"
		if strings.EqualFold(t.TableType, "VIRTUAL_VIEW") {
			typ = "VIEW"
		}
		return [][]string{{"awsdatacatalog", db, t.Name, typ}}
	}
	var rows [][]string
	extra := ""
	for i, c := range allColumns(&t) {
		if i == len(allColumns(&t))-len(t.PartitionKeys) {
			extra = "partition key"
		}
		rows = append(rows, []string{"awsdatacatalog", db, t.Name, c.Name, fmt.Sprint(i + 1), "\x00", "YES", trinoTypeName(c.Type), nullable(c.Comment), nullable(extra)})
	}
	return rows
}

// nullable marks an empty string as NULL for valuesTable.
func nullable(s string) string {
	if s == "" {
		return "\x00"
	}
	return s
}

// valuesTable renders rows of text as an inline table; "\x00" is NULL and
// ordinal_position is a number.
func valuesTable(cols []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("(SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		if c == "ordinal_position" {
			fmt.Fprintf(&b, "CAST(%s AS BIGINT) AS %s", quoteIdent(c), quoteIdent(c))
		} else {
			fmt.Fprintf(&b, "CAST(%s AS VARCHAR) AS %s", quoteIdent(c), quoteIdent(c))
		}
	}
	b.WriteString(" FROM (VALUES ")
	if len(rows) == 0 {
		rows = [][]string{make([]string, len(cols))}
		for i := range rows[0] {
			rows[0][i] = "\x00"
		}
		defer b.WriteString(" WHERE false")
	}
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			if v == "\x00" {
				b.WriteString("NULL")
			} else {
				b.WriteString(sqlQuote(v))
			}
		}
		b.WriteString(")")
	}
	b.WriteString(") AS __i(")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c))
	}
	b.WriteString("))")
	return b.String()
}

// trinoTypeName is the Trino name of a Hive type, as information_schema shows it.
func trinoTypeName(hive string) string {
	h := strings.ToLower(strings.TrimSpace(hive))
	switch {
	case h == "string":
		return "varchar"
	case h == "int":
		return "integer"
	case h == "float":
		return "real"
	case h == "binary":
		return "varbinary"
	}
	if elem, ok := hivetype.Inner(h, "array"); ok {
		return "array(" + trinoTypeName(elem) + ")"
	}
	if kv, ok := hivetype.Inner(h, "map"); ok {
		k, v, _ := strings.Cut(kv, ",")
		return "map(" + trinoTypeName(k) + ", " + trinoTypeName(v) + ")"
	}
	if body, ok := hivetype.Inner(h, "struct"); ok {
		var parts []string
		for _, f := range hivetype.StructFields(body) {
			parts = append(parts, f.Name+" "+trinoTypeName(f.Type))
		}
		return "row(" + strings.Join(parts, ", ") + ")"
	}
	return h
}
