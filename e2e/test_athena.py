"""End-to-end tests of Athena with boto3: the course's start_query_execution
flow (CSV in S3, CREATE EXTERNAL TABLE, SELECT with GROUP BY, polling,
results from the API and from the output location), a CTAS to Parquet,
paging, errors and stopping a query."""
import csv
import io
import time

from nubo_e2e import NuboTestCase

SALES = """region,product,amount
north,apple,10.5
south,apple,3.25
north,pear,7
south,pear,1.5
east,kiwi,
"""


class AthenaTest(NuboTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.nubo.client("s3")
        cls.athena = cls.nubo.client("athena")
        cls.s3.create_bucket(Bucket="course-data")
        cls.s3.create_bucket(Bucket="course-results")
        cls.s3.put_object(Bucket="course-data", Key="sales/sales.csv", Body=SALES.encode())
        cls.run_query("CREATE DATABASE IF NOT EXISTS course")
        cls.run_query("""CREATE EXTERNAL TABLE IF NOT EXISTS course.sales (region string, product string, amount double)
            ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
            LOCATION 's3://course-data/sales/'
            TBLPROPERTIES ('skip.header.line.count'='1')""")

    @classmethod
    def start(cls, sql, **kw):
        return cls.athena.start_query_execution(
            QueryString=sql,
            QueryExecutionContext={"Database": "course"},
            ResultConfiguration={"OutputLocation": "s3://course-results/athena/"},
            **kw)["QueryExecutionId"]

    @classmethod
    def wait(cls, qid):
        deadline = time.time() + 60
        while True:
            q = cls.athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
            if q["Status"]["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                return q
            if time.time() > deadline:
                raise AssertionError("query did not finish")
            time.sleep(0.05)

    @classmethod
    def run_query(cls, sql):
        q = cls.wait(cls.start(sql))
        if q["Status"]["State"] != "SUCCEEDED":
            raise AssertionError(f"{sql}: {q['Status']}")
        return q

    def rows(self, qid):
        out = []
        for page in self.athena.get_paginator("get_query_results").paginate(QueryExecutionId=qid):
            for row in page["ResultSet"]["Rows"]:
                out.append([d.get("VarCharValue") for d in row["Data"]])
        return out

    def test_course_flow(self):
        q = self.run_query("SELECT region, count(*) AS n, sum(amount) AS total FROM sales GROUP BY region ORDER BY region")
        self.assertEqual(q["StatementType"], "DML")
        self.assertGreater(q["Statistics"]["DataScannedInBytes"], 0)
        self.assertEqual(self.rows(q["QueryExecutionId"]), [
            ["region", "n", "total"],
            ["east", "1", None],
            ["north", "2", "17.5"],
            ["south", "2", "4.75"],
        ])
        loc = q["ResultConfiguration"]["OutputLocation"]
        self.assertEqual(loc, "s3://course-results/athena/%s.csv" % q["QueryExecutionId"])
        body = self.s3.get_object(Bucket="course-results", Key=loc[len("s3://course-results/"):])["Body"].read().decode()
        self.assertEqual(body, '"region","n","total"\n"east","1",\n"north","2","17.5"\n"south","2","4.75"\n')
        self.assertEqual(list(csv.reader(io.StringIO(body)))[2], ["north", "2", "17.5"])
        self.s3.head_object(Bucket="course-results", Key=loc[len("s3://course-results/"):] + ".metadata")
        meta = self.athena.get_query_results(QueryExecutionId=q["QueryExecutionId"])["ResultSet"]["ResultSetMetadata"]
        self.assertEqual([(c["Name"], c["Type"]) for c in meta["ColumnInfo"]],
                         [("region", "varchar"), ("n", "bigint"), ("total", "double")])

    def test_ctas_parquet(self):
        self.run_query("CREATE TABLE sales_pq WITH (format = 'PARQUET', external_location = 's3://course-data/sales_pq/') "
                       "AS SELECT region, amount FROM sales WHERE amount IS NOT NULL")
        q = self.run_query("SELECT count(*), round(sum(amount), 2) FROM sales_pq")
        self.assertEqual(self.rows(q["QueryExecutionId"])[1], ["4", "22.25"])

    def test_paging(self):
        q = self.run_query("SELECT x FROM UNNEST(sequence(1, 2500)) AS t(x)")
        pages = list(self.athena.get_paginator("get_query_results").paginate(QueryExecutionId=q["QueryExecutionId"]))
        self.assertEqual([len(p["ResultSet"]["Rows"]) for p in pages], [1000, 1000, 501])

    def test_errors(self):
        with self.assertRaises(self.athena.exceptions.InvalidRequestException) as cm:
            self.start("SELEC 1")
        self.assertEqual(cm.exception.response["AthenaErrorCode"], "MALFORMED_QUERY")
        q = self.wait(self.start("SELECT * FROM nosuch"))
        self.assertEqual(q["Status"]["State"], "FAILED")
        self.assertEqual(q["Status"]["StateChangeReason"],
                         "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.course.nosuch' does not exist")

    def test_stop(self):
        qid = self.start("SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y) "
                         "CROSS JOIN UNNEST(sequence(1, 3000)) c(z) WHERE (x * y + z) % 7 = 3")
        time.sleep(0.3)
        self.athena.stop_query_execution(QueryExecutionId=qid)
        self.assertEqual(self.wait(qid)["Status"]["State"], "CANCELLED")

    def test_metadata_api(self):
        dbs = self.athena.list_databases(CatalogName="AwsDataCatalog")["DatabaseList"]
        self.assertIn("course", [d["Name"] for d in dbs])
        t = self.athena.get_table_metadata(CatalogName="AwsDataCatalog", DatabaseName="course", TableName="sales")["TableMetadata"]
        self.assertEqual([c["Name"] for c in t["Columns"]], ["region", "product", "amount"])
        self.assertEqual(self.athena.get_work_group(WorkGroup="primary")["WorkGroup"]["State"], "ENABLED")
