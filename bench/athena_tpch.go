package benchload

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// tpchTables generates TPC-H-like tables with SQL over range() (DuckDB's
// tpch extension is not available offline). Values are pseudo-random but
// deterministic (a hash of the row number); cardinalities follow TPC-H's
// per scale factor. {n} is the scale factor times the base row count.
var tpchTables = []struct {
	name string
	rows float64
	sql  string
	ddl  string
}{
	{"region", 5, `SELECT i - 1 AS r_regionkey, ['AFRICA','AMERICA','ASIA','EUROPE','MIDDLE EAST'][i] AS r_name FROM range(1, 6) t(i)`,
		"r_regionkey bigint, r_name string"},
	{"nation", 25, `SELECT i - 1 AS n_nationkey, 'NATION' || i AS n_name, (i - 1) % 5 AS n_regionkey FROM range(1, 26) t(i)`,
		"n_nationkey bigint, n_name string, n_regionkey bigint"},
	{"supplier", 10000, `SELECT i AS s_suppkey, 'Supplier#' || i AS s_name, h(i * 17) % 25 AS s_nationkey, (h(i * 19) % 1000000) / 100.0 AS s_acctbal FROM range(1, {n} + 1) t(i)`,
		"s_suppkey bigint, s_name string, s_nationkey bigint, s_acctbal double"},
	{"customer", 150000, `SELECT i AS c_custkey, 'Customer#' || i AS c_name, h(i * 23) % 25 AS c_nationkey,
		['AUTOMOBILE','BUILDING','FURNITURE','HOUSEHOLD','MACHINERY'][h(i * 29) % 5 + 1] AS c_mktsegment, (h(i * 31) % 1000000) / 100.0 AS c_acctbal FROM range(1, {n} + 1) t(i)`,
		"c_custkey bigint, c_name string, c_nationkey bigint, c_mktsegment string, c_acctbal double"},
	{"part", 200000, `SELECT i AS p_partkey, 'part ' || i AS p_name, ['PROMO','STANDARD','SMALL','MEDIUM','LARGE','ECONOMY'][h(i * 37) % 6 + 1] || ' BRUSHED TIN' AS p_type,
		(h(i * 41) % 50) + 1 AS p_size, 900 + (i % 1000) / 10.0 AS p_retailprice FROM range(1, {n} + 1) t(i)`,
		"p_partkey bigint, p_name string, p_type string, p_size bigint, p_retailprice double"},
	{"orders", 1500000, `SELECT i AS o_orderkey, h(i * 43) % {customers} + 1 AS o_custkey, ['F','O','P'][h(i * 47) % 3 + 1] AS o_orderstatus,
		(h(i * 53) % 50000000) / 100.0 AS o_totalprice, DATE '1992-01-01' + CAST(h(i * 59) % 2400 AS INTEGER) AS o_orderdate,
		['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'][h(i * 61) % 5 + 1] AS o_orderpriority, 0 AS o_shippriority FROM range(1, {n} + 1) t(i)`,
		"o_orderkey bigint, o_custkey bigint, o_orderstatus string, o_totalprice double, o_orderdate date, o_orderpriority string, o_shippriority int"},
	{"lineitem", 6000000, `SELECT i // 4 + 1 AS l_orderkey, h(i * 67) % {parts} + 1 AS l_partkey, h(i * 71) % {suppliers} + 1 AS l_suppkey,
		CAST(h(i * 73) % 50 + 1 AS DOUBLE) AS l_quantity, (h(i * 79) % 10000000) / 100.0 AS l_extendedprice,
		(h(i * 83) % 11) / 100.0 AS l_discount, (h(i * 89) % 9) / 100.0 AS l_tax,
		['A','N','R'][h(i * 97) % 3 + 1] AS l_returnflag, ['F','O'][h(i * 101) % 2 + 1] AS l_linestatus,
		DATE '1992-01-02' + CAST(h(i * 103) % 2500 AS INTEGER) AS l_shipdate, DATE '1992-01-30' + CAST(h(i * 107) % 2500 AS INTEGER) AS l_commitdate,
		DATE '1992-01-03' + CAST(h(i * 109) % 2530 AS INTEGER) AS l_receiptdate,
		['AIR','FOB','MAIL','RAIL','REG AIR','SHIP','TRUCK'][h(i * 113) % 7 + 1] AS l_shipmode FROM range(0, {n}) t(i)`,
		"l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_quantity double, l_extendedprice double, l_discount double, l_tax double, " +
			"l_returnflag string, l_linestatus string, l_shipdate date, l_commitdate date, l_receiptdate date, l_shipmode string"},
}

// TPCHQueries are TPC-H-like queries in SQL that Athena and DuckDB both read alike.
var TPCHQueries = []struct{ Name, SQL string }{
	{"q1", `SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
		sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
		avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order
		FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus`},
	{"q3", `SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
		FROM customer, orders, lineitem
		WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
		AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
		GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate LIMIT 10`},
	{"q5", `SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
		FROM customer, orders, lineitem, supplier, nation, region
		WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey AND c_nationkey = s_nationkey
		AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND r_name = 'ASIA'
		AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01'
		GROUP BY n_name ORDER BY revenue DESC`},
	{"q6", `SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem
		WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24`},
	{"q12", `SELECT l_shipmode, sum(CASE WHEN o_orderpriority = '1-URGENT' OR o_orderpriority = '2-HIGH' THEN 1 ELSE 0 END) AS high_line_count,
		sum(CASE WHEN o_orderpriority <> '1-URGENT' AND o_orderpriority <> '2-HIGH' THEN 1 ELSE 0 END) AS low_line_count
		FROM orders, lineitem WHERE o_orderkey = l_orderkey AND l_shipmode IN ('MAIL', 'SHIP') AND l_commitdate < l_receiptdate
		AND l_shipdate < l_commitdate AND l_receiptdate >= DATE '1994-01-01' AND l_receiptdate < DATE '1995-01-01'
		GROUP BY l_shipmode ORDER BY l_shipmode`},
	{"q14", `SELECT 100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
		/ sum(l_extendedprice * (1 - l_discount)) AS promo_revenue
		FROM lineitem, part WHERE l_partkey = p_partkey AND l_shipdate >= DATE '1995-09-01' AND l_shipdate < DATE '1995-10-01'`},
}

// TPCHData is generated TPC-H-like data: Parquet files on local disk,
// also uploaded to S3 as Athena tables.
type TPCHData struct {
	Dir   string
	Files map[string]string // table -> local Parquet file
}

// GenerateTPCH writes the tables as Parquet files under dir.
func GenerateTPCH(ctx context.Context, dir string, sf float64) (*TPCHData, error) {
	eng, err := sqlengine.Open(sqlengine.Options{TempDir: filepath.Join(dir, "tmp"), MemoryLimit: "2GB", Threads: runtime.NumCPU()})
	if err != nil {
		return nil, err
	}
	defer eng.Close()
	// h is a deterministic pseudo-random BIGINT of a row number.
	if _, err := eng.Exec(ctx, "CREATE MACRO h(x) AS CAST(hash(x) >> 1 AS BIGINT)"); err != nil {
		return nil, err
	}
	count := func(base float64) int64 { return max(1, int64(base*sf)) }
	d := &TPCHData{Dir: dir, Files: map[string]string{}}
	for _, t := range tpchTables {
		n := count(t.rows)
		if t.rows <= 25 {
			n = int64(t.rows)
		}
		q := strings.NewReplacer("{n}", fmt.Sprint(n), "{customers}", fmt.Sprint(count(150000)),
			"{parts}", fmt.Sprint(count(200000)), "{suppliers}", fmt.Sprint(count(10000))).Replace(t.sql)
		path := filepath.Join(dir, t.name+".parquet")
		if _, err := eng.Exec(ctx, "COPY ("+q+") TO "+sqlengine.Quote(path)+" (FORMAT parquet, COMPRESSION snappy)"); err != nil {
			return nil, fmt.Errorf("generating %s: %w", t.name, err)
		}
		d.Files[t.name] = path
	}
	return d, nil
}

// Upload stores the files in S3 and creates an Athena database "tpch"
// with a Parquet table per file.
func (d *TPCHData) Upload(ctx context.Context, c *AthenaClients) error {
	if err := c.EnsureBucket(ctx, "nubo-bench-tpch"); err != nil {
		return err
	}
	if _, err := c.RunQuery(ctx, "CREATE DATABASE IF NOT EXISTS tpch", ""); err != nil {
		return err
	}
	for _, t := range tpchTables {
		f, err := os.Open(d.Files[t.name])
		if err != nil {
			return err
		}
		_, err = c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("nubo-bench-tpch"), Key: aws.String(t.name + "/data.parquet"), Body: f})
		f.Close()
		if err != nil {
			return err
		}
		ddl := fmt.Sprintf("CREATE EXTERNAL TABLE IF NOT EXISTS %s (%s) STORED AS PARQUET LOCATION 's3://nubo-bench-tpch/%s/'", t.name, t.ddl, t.name)
		if _, err := c.RunQuery(ctx, ddl, "tpch"); err != nil {
			return err
		}
	}
	return nil
}

// DirectSession opens DuckDB with views over the local files, for the
// baseline: the same SQL straight on DuckDB.
func (d *TPCHData) DirectSession(ctx context.Context) (*sqlengine.Engine, *sqlengine.Session, error) {
	eng, err := sqlengine.Open(sqlengine.Options{TempDir: filepath.Join(d.Dir, "tmp-direct"), MemoryLimit: "4GB", Threads: runtime.NumCPU()})
	if err != nil {
		return nil, nil, err
	}
	sess, err := eng.Session(ctx)
	if err != nil {
		eng.Close()
		return nil, nil, err
	}
	for name, path := range d.Files {
		if _, err := sess.Exec(ctx, "CREATE TEMP VIEW "+name+" AS SELECT * FROM read_parquet("+sqlengine.Quote(path)+")"); err != nil {
			sess.Close()
			eng.Close()
			return nil, nil, err
		}
	}
	return eng, sess, nil
}

// RunDirect runs a query on DuckDB and reads every row.
func RunDirect(ctx context.Context, sess *sqlengine.Session, sql string) (int, error) {
	rows, err := sess.Query(ctx, sql)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// RunTPCH generates data, then times each query through Athena and on
// DuckDB directly (median of runs, after one warm-up each).
func RunTPCH(ctx context.Context, c *AthenaClients, sf float64, runs int, out io.Writer) error {
	dir, err := os.MkdirTemp("", "nubo-tpch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	data, err := GenerateTPCH(ctx, dir, sf)
	if err != nil {
		return err
	}
	if err := data.Upload(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(out, "TPC-H-like data, scale factor %g, generated and uploaded in %v\n", sf, time.Since(start).Round(time.Millisecond))
	eng, sess, err := data.DirectSession(ctx)
	if err != nil {
		return err
	}
	defer eng.Close()
	defer sess.Close()
	fmt.Fprintf(out, "%-5s %12s %12s %7s\n", "query", "athena", "duckdb", "ratio")
	for _, q := range TPCHQueries {
		// Runs alternate between the two so that load from elsewhere on
		// the machine weighs on both alike.
		athenaRun := func() error { _, err := c.RunQuery(ctx, q.SQL, "tpch"); return err }
		directRun := func() error { _, err := RunDirect(ctx, sess, q.SQL); return err }
		var a, d []time.Duration
		for i := 0; i <= runs; i++ {
			ta, err := timeOnce(athenaRun)
			if err != nil {
				return fmt.Errorf("%s via Athena: %w", q.Name, err)
			}
			td, err := timeOnce(directRun)
			if err != nil {
				return fmt.Errorf("%s on DuckDB: %w", q.Name, err)
			}
			if i > 0 { // the first run of each warms caches
				a, d = append(a, ta), append(d, td)
			}
		}
		ma, md := median(a), median(d)
		fmt.Fprintf(out, "%-5s %12v %12v %6.2fx\n", q.Name, ma.Round(100*time.Microsecond), md.Round(100*time.Microsecond), float64(ma)/float64(md))
	}
	return nil
}

func timeOnce(fn func() error) (time.Duration, error) {
	start := time.Now()
	err := fn()
	return time.Since(start), err
}
