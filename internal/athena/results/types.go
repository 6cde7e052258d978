package results

import (
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// Column is one result column as GetQueryResults describes it.
type Column struct {
	Name          string
	Type          string // Athena's type name: "varchar", "integer", "array", ...
	Precision     int32
	Scale         int32
	CaseSensitive bool
}

// ColumnOf describes an engine column in Athena's terms.
func ColumnOf(c sqlengine.Column) Column {
	col := Column{Name: c.Name, Type: TypeName(c.Type)}
	switch col.Type {
	case "varchar":
		col.Precision, col.CaseSensitive = 2147483647, true
	case "char", "json":
		col.Precision, col.CaseSensitive = 2147483647, true
	case "varbinary":
		col.Precision = 1073741824
	case "tinyint":
		col.Precision = 3
	case "smallint":
		col.Precision = 5
	case "integer":
		col.Precision = 10
	case "bigint":
		col.Precision = 19
	case "real":
		col.Precision = 7
	case "double":
		col.Precision = 17
	case "decimal":
		col.Precision, col.Scale = int32(c.Type.Precision), int32(c.Type.Scale)
	case "timestamp", "timestamp with time zone", "time":
		col.Precision = 3
	}
	return col
}

// TypeName is the Athena (Trino) name of a DuckDB type.
func TypeName(t sqlengine.Type) string {
	switch t.ID {
	case "BOOLEAN":
		return "boolean"
	case "TINYINT":
		return "tinyint"
	case "SMALLINT", "UTINYINT":
		return "smallint"
	case "INTEGER", "USMALLINT":
		return "integer"
	case "BIGINT", "UINTEGER", "UBIGINT", "HUGEINT", "UHUGEINT":
		return "bigint"
	case "FLOAT":
		return "real"
	case "DOUBLE":
		return "double"
	case "DECIMAL":
		return "decimal"
	case "VARCHAR", "ENUM":
		return "varchar"
	case "BLOB":
		return "varbinary"
	case "DATE":
		return "date"
	case "TIME":
		return "time"
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return "timestamp"
	case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
		return "timestamp with time zone"
	case "TIME WITH TIME ZONE", "TIMETZ":
		return "time with time zone"
	case "INTERVAL":
		return "interval day to second"
	case "LIST", "ARRAY":
		return "array"
	case "MAP":
		return "map"
	case "STRUCT":
		return "row"
	case "JSON":
		return "json"
	case "UUID":
		return "uuid"
	}
	return "unknown"
}
