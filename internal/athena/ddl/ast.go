package ddl

// Statement is one parsed DDL statement.
type Statement interface {
	// Substatement is Athena's SubstatementType for it ("CREATE_TABLE", ...).
	Substatement() string
}

// Name is a possibly database-qualified table name; Database is "" when
// the statement did not name one.
type Name struct {
	Database string
	Table    string
}

// CreateDatabase is CREATE DATABASE|SCHEMA.
type CreateDatabase struct {
	Name        string
	IfNotExists bool
	Comment     string
	Location    string
	Properties  map[string]string
}

// DropDatabase is DROP DATABASE|SCHEMA.
type DropDatabase struct {
	Name     string
	IfExists bool
	Cascade  bool
}

// Column is a column definition with its Hive type as written (lower-cased).
type Column struct {
	Name    string
	Type    string
	Comment string
}

// RowFormat is ROW FORMAT DELIMITED ... or ROW FORMAT SERDE '...'.
type RowFormat struct {
	// Serde is the SerDe class; "" with Delimited set means LazySimpleSerDe.
	Serde           string
	SerdeProperties map[string]string
	Delimited       bool
	FieldsTerminatedBy, EscapedBy, CollectionItemsTerminatedBy,
	MapKeysTerminatedBy, LinesTerminatedBy, NullDefinedAs string
}

// CreateTable is CREATE [EXTERNAL] TABLE without AS.
type CreateTable struct {
	Name          Name
	External      bool
	IfNotExists   bool
	Columns       []Column
	Comment       string
	PartitionedBy []Column
	// ClusteredBy is set when the statement buckets the table.
	ClusteredBy []string
	RowFormat   *RowFormat
	// StoredAs is the STORED AS file format (upper-cased), or "" when
	// InputFormat/OutputFormat classes are given instead.
	StoredAs     string
	InputFormat  string
	OutputFormat string
	Location     string
	Properties   map[string]string
}

// DropTable is DROP TABLE.
type DropTable struct {
	Name     Name
	IfExists bool
}

// RepairTable is MSCK REPAIR TABLE.
type RepairTable struct{ Name Name }

// PartitionSpec is PARTITION (k = 'v', ...) [LOCATION '...'].
type PartitionSpec struct {
	Keys     []string
	Values   []string
	Location string
}

// AddPartitions is ALTER TABLE ... ADD PARTITION ...
type AddPartitions struct {
	Name        Name
	IfNotExists bool
	Partitions  []PartitionSpec
}

// DropPartitions is ALTER TABLE ... DROP PARTITION ...
type DropPartitions struct {
	Name       Name
	IfExists   bool
	Partitions []PartitionSpec
}

// SetTableProperties is ALTER TABLE ... SET TBLPROPERTIES (...).
type SetTableProperties struct {
	Name       Name
	Properties map[string]string
}

// AddColumns is ALTER TABLE ... ADD COLUMNS (...) or REPLACE COLUMNS (...).
type AddColumns struct {
	Name    Name
	Columns []Column
	Replace bool
}

// ShowDatabases is SHOW DATABASES|SCHEMAS [LIKE 'pattern'].
type ShowDatabases struct{ Like string }

// ShowTables is SHOW TABLES [IN db] ['pattern'].
type ShowTables struct {
	Database string
	Like     string
}

// ShowPartitions is SHOW PARTITIONS table.
type ShowPartitions struct{ Name Name }

// ShowCreateTable is SHOW CREATE TABLE table.
type ShowCreateTable struct{ Name Name }

// ShowColumns is SHOW COLUMNS IN|FROM table.
type ShowColumns struct{ Name Name }

// ShowTableProperties is SHOW TBLPROPERTIES table [('name')].
type ShowTableProperties struct {
	Name     Name
	Property string
}

// Describe is DESCRIBE [EXTENDED|FORMATTED] table [column].
type Describe struct {
	Name      Name
	Formatted bool
	Column    string
}

func (*CreateDatabase) Substatement() string      { return "CREATE_DATABASE" }
func (*DropDatabase) Substatement() string        { return "DROP_DATABASE" }
func (*CreateTable) Substatement() string         { return "CREATE_TABLE" }
func (*DropTable) Substatement() string           { return "DROP_TABLE" }
func (*RepairTable) Substatement() string         { return "MSCK_REPAIR_TABLE" }
func (*AddPartitions) Substatement() string       { return "ALTER_TABLE_ADD_PARTITION" }
func (*DropPartitions) Substatement() string      { return "ALTER_TABLE_DROP_PARTITION" }
func (*SetTableProperties) Substatement() string  { return "ALTER_TABLE_SET_TBLPROPERTIES" }
func (*AddColumns) Substatement() string          { return "ALTER_TABLE_ADD_COLUMNS" }
func (*ShowDatabases) Substatement() string       { return "SHOW_DATABASES" }
func (*ShowTables) Substatement() string          { return "SHOW_TABLES" }
func (*ShowPartitions) Substatement() string      { return "SHOW_PARTITIONS" }
func (*ShowCreateTable) Substatement() string     { return "SHOW_CREATE_TABLE" }
func (*ShowColumns) Substatement() string         { return "SHOW_COLUMNS" }
func (*ShowTableProperties) Substatement() string { return "SHOW_TBLPROPERTIES" }
func (*Describe) Substatement() string            { return "DESCRIBE_TABLE" }
