"""End-to-end tests of the Glue Data Catalog with boto3 and the AWS CLI:
databases, tables with versions, partitions filtered by Glue's Expression
grammar, and a crawler run over S3."""
import json
import time

from nubo_e2e import NuboTestCase


def table_input(name, keys=(("year", "int"), ("region", "string"))):
    return {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "csv"},
        "StorageDescriptor": {
            "Columns": [{"Name": "id", "Type": "bigint"}, {"Name": "amount", "Type": "double"}],
            "Location": "s3://bucket/%s/" % name,
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {
                "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                "Parameters": {"field.delim": ","},
            },
        },
        "PartitionKeys": [{"Name": k, "Type": t} for k, t in keys],
    }


class GlueCatalogTest(NuboTestCase):
    def setUp(self):
        self.glue = self.nubo.client("glue")

    def test_databases(self):
        self.glue.create_database(DatabaseInput={"Name": "E2E_DB", "Description": "d"})
        db = self.glue.get_database(Name="e2e_db")["Database"]
        self.assertEqual(db["Name"], "e2e_db")
        self.assertEqual(db["CatalogId"], "000000000000")
        with self.assertRaises(self.glue.exceptions.AlreadyExistsException):
            self.glue.create_database(DatabaseInput={"Name": "e2e_db"})
        with self.assertRaises(self.glue.exceptions.EntityNotFoundException) as cm:
            self.glue.get_database(Name="missing")
        self.assertEqual(cm.exception.response["Error"]["Message"], "Database missing not found.")
        for i in range(3):
            self.glue.create_database(DatabaseInput={"Name": "page%d" % i})
        names = []
        for page in self.glue.get_paginator("get_databases").paginate(PaginationConfig={"PageSize": 2}):
            self.assertLessEqual(len(page["DatabaseList"]), 2)
            names += [d["Name"] for d in page["DatabaseList"]]
        self.assertTrue({"e2e_db", "page0", "page1", "page2"} <= set(names))
        self.glue.delete_database(Name="e2e_db")
        with self.assertRaises(self.glue.exceptions.EntityNotFoundException):
            self.glue.get_database(Name="e2e_db")

    def test_tables_and_versions(self):
        self.glue.create_database(DatabaseInput={"Name": "tables_db"})
        for name in ("Sales", "sales_2024", "orders"):
            self.glue.create_table(DatabaseName="tables_db", TableInput=table_input(name))
        t = self.glue.get_table(DatabaseName="tables_db", Name="SALES")["Table"]
        self.assertEqual(t["Name"], "sales")
        self.assertEqual(t["VersionId"], "0")
        self.assertEqual(t["PartitionKeys"][0], {"Name": "year", "Type": "int"})
        self.assertIs(t["IsRegisteredWithLakeFormation"], False)
        got = self.glue.get_tables(DatabaseName="tables_db", Expression="sales*")["TableList"]
        self.assertEqual([x["Name"] for x in got], ["sales", "sales_2024"])
        update = table_input("sales")
        update["Description"] = "second"
        self.glue.update_table(DatabaseName="tables_db", TableInput=update)
        versions = self.glue.get_table_versions(DatabaseName="tables_db", TableName="sales")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in versions], ["1", "0"])
        self.glue.delete_table_version(DatabaseName="tables_db", TableName="sales", VersionId="0")
        out = self.glue.batch_delete_table(DatabaseName="tables_db", TablesToDelete=["orders", "ghost"])
        self.assertEqual([e["TableName"] for e in out["Errors"]], ["ghost"])
        self.assertEqual(out["Errors"][0]["ErrorDetail"]["ErrorCode"], "EntityNotFoundException")

    def test_partitions(self):
        self.glue.create_database(DatabaseInput={"Name": "parts_db"})
        self.glue.create_table(DatabaseName="parts_db", TableInput=table_input("sales"))
        entries = [{"Values": [str(y), r], "StorageDescriptor": {"Location": "s3://bucket/sales/year=%d/region=%s/" % (y, r)}}
                   for y in range(2015, 2025) for r in ("eu", "us")]
        out = self.glue.batch_create_partition(DatabaseName="parts_db", TableName="sales", PartitionInputList=entries)
        self.assertEqual(out["Errors"], [])
        out = self.glue.batch_create_partition(DatabaseName="parts_db", TableName="sales", PartitionInputList=entries[:2])
        self.assertEqual([e["ErrorDetail"]["ErrorCode"] for e in out["Errors"]], ["AlreadyExistsException"] * 2)

        def count(expr):
            n = 0
            for page in self.glue.get_paginator("get_partitions").paginate(
                    DatabaseName="parts_db", TableName="sales", Expression=expr, PaginationConfig={"PageSize": 3}):
                n += len(page["Partitions"])
            return n

        self.assertEqual(count(""), 20)
        self.assertEqual(count("year > 2020"), 8)  # typed: int comparison
        self.assertEqual(count("year BETWEEN 2016 AND 2017 AND region = 'eu'"), 2)
        self.assertEqual(count("region IN ('us') AND NOT year < 2023"), 2)
        self.assertEqual(count("region LIKE 'e%' OR (year = 2015)"), 11)
        with self.assertRaises(self.glue.exceptions.InvalidInputException):
            self.glue.get_partitions(DatabaseName="parts_db", TableName="sales", Expression="colour = 'red'")
        p = self.glue.get_partition(DatabaseName="parts_db", TableName="sales", PartitionValues=["2020", "eu"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"], "s3://bucket/sales/year=2020/region=eu/")
        got = self.glue.batch_get_partition(DatabaseName="parts_db", TableName="sales", PartitionsToGet=[
            {"Values": ["2020", "eu"]}, {"Values": ["1900", "eu"]}])
        self.assertEqual(len(got["Partitions"]), 1)
        self.glue.delete_partition(DatabaseName="parts_db", TableName="sales", PartitionValues=["2020", "eu"])
        out = self.glue.batch_delete_partition(DatabaseName="parts_db", TableName="sales", PartitionsToDelete=[
            {"Values": ["2020", "eu"]}, {"Values": ["2020", "us"]}])
        self.assertEqual([e["PartitionValues"] for e in out["Errors"]], [["2020", "eu"]])
        self.assertEqual(count("year = 2020"), 0)

    def test_not_implemented(self):
        with self.assertRaises(self.glue.exceptions.ClientError) as cm:
            self.glue.create_job(Name="j", Role="r", Command={"Name": "glueetl", "ScriptLocation": "s3://b/s.py"})
        self.assertEqual(cm.exception.response["Error"]["Code"], "NotImplemented")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 501)

    def test_cli(self):
        self.nubo.cli("glue", "create-database", "--database-input", json.dumps({"Name": "cli_db"}))
        out = json.loads(self.nubo.cli("glue", "get-databases").stdout)
        self.assertIn("cli_db", [d["Name"] for d in out["DatabaseList"]])


def wait_crawl(glue, name):
    deadline = time.time() + 30
    while True:
        crawler = glue.get_crawler(Name=name)["Crawler"]
        if crawler["State"] == "READY" and "LastCrawl" in crawler:
            return crawler
        if time.time() > deadline:
            raise AssertionError("crawler %s did not finish" % name)
        time.sleep(0.05)


def athena_query(athena, query):
    qid = athena.start_query_execution(QueryString=query, ResultConfiguration={"OutputLocation": "s3://results/"})[
        "QueryExecutionId"]
    deadline = time.time() + 30
    while True:
        status = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
        if status["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        if time.time() > deadline:
            raise AssertionError("query did not finish: " + query)
        time.sleep(0.05)
    if status["State"] != "SUCCEEDED":
        raise AssertionError("%s: %s" % (query, status))
    rows = athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"]
    return [[d.get("VarCharValue") for d in r["Data"]] for r in rows]


class GlueCrawlerTest(NuboTestCase):
    def test_crawled_tables_are_queryable(self):
        s3 = self.nubo.client("s3")
        glue = self.nubo.client("glue")
        athena = self.nubo.client("athena")
        s3.create_bucket(Bucket="results")
        s3.create_bucket(Bucket="query-lake")
        s3.put_object(Bucket="query-lake", Key="sales/year=2023/a.csv", Body=b"id,amount\n1,2.5\n2,3\n")
        s3.put_object(Bucket="query-lake", Key="sales/year=2024/b.csv", Body=b"id,amount\n3,4.5\n")
        s3.put_object(Bucket="query-lake", Key="events/e.json", Body=b'{"id": 1, "user": {"name": "ann"}}\n')
        # A Parquet table written by Athena's CTAS, then crawled.
        athena_query(athena, "CREATE DATABASE ctas_src")
        athena_query(athena, "CREATE TABLE ctas_src.pq WITH (format='PARQUET', external_location='s3://query-lake/pq/') AS "
                             "SELECT 1 AS id, 'x' AS name, ARRAY[1, 2] AS l, DATE '2024-01-01' AS d")
        glue.create_crawler(Name="q", Role="r", DatabaseName="crawled_q", Targets={"S3Targets": [
            {"Path": "s3://query-lake/sales/"}, {"Path": "s3://query-lake/events/"}, {"Path": "s3://query-lake/pq/"}]})
        glue.start_crawler(Name="q")
        self.assertEqual(wait_crawl(glue, "q")["LastCrawl"]["Status"], "SUCCEEDED")
        self.assertEqual(athena_query(athena, "SELECT year, sum(amount) AS total, count(*) AS n FROM crawled_q.sales "
                                              "GROUP BY year ORDER BY year"),
                         [["year", "total", "n"], ["2023", "5.5", "2"], ["2024", "4.5", "1"]])
        self.assertEqual(athena_query(athena, 'SELECT id, "user".name FROM crawled_q.events'), [["id", "name"], ["1", "ann"]])
        pq = glue.get_table(DatabaseName="crawled_q", Name="pq")["Table"]
        self.assertEqual([(c["Name"], c["Type"]) for c in pq["StorageDescriptor"]["Columns"]],
                         [("id", "int"), ("name", "string"), ("l", "array<int>"), ("d", "date")])
        self.assertEqual(pq["Parameters"]["classification"], "parquet")
        self.assertEqual(athena_query(athena, "SELECT id, name, d FROM crawled_q.pq"), [["id", "name", "d"], ["1", "x", "2024-01-01"]])

    def test_crawler_run(self):
        s3 = self.nubo.client("s3")
        glue = self.nubo.client("glue")
        s3.create_bucket(Bucket="crawl")
        s3.put_object(Bucket="crawl", Key="sales/year=2023/a.csv", Body=b"id,amount\n1,2.5\n2,3\n")
        s3.put_object(Bucket="crawl", Key="sales/year=2024/b.csv", Body=b"id,amount\n3,4.5\n")
        s3.put_object(Bucket="crawl", Key="events/e.json", Body=b'{"id": 1, "user": {"name": "ann"}}\n')
        glue.create_crawler(Name="c1", Role="arn:aws:iam::000000000000:role/glue", DatabaseName="crawled",
                            Targets={"S3Targets": [{"Path": "s3://crawl/sales/"}, {"Path": "s3://crawl/events/"}]})
        self.assertEqual(glue.get_crawler(Name="c1")["Crawler"]["State"], "READY")
        glue.start_crawler(Name="c1")
        crawler = wait_crawl(glue, "c1")
        self.assertEqual(crawler["LastCrawl"]["Status"], "SUCCEEDED")
        sales = glue.get_table(DatabaseName="crawled", Name="sales")["Table"]
        self.assertEqual([(c["Name"], c["Type"]) for c in sales["StorageDescriptor"]["Columns"]],
                         [("id", "bigint"), ("amount", "double")])
        self.assertEqual(sales["PartitionKeys"], [{"Name": "year", "Type": "string"}])
        self.assertEqual(sales["Parameters"]["classification"], "csv")
        self.assertEqual(sales["Parameters"]["skip.header.line.count"], "1")
        parts = glue.get_partitions(DatabaseName="crawled", TableName="sales", Expression="year = '2024'")["Partitions"]
        self.assertEqual([p["Values"] for p in parts], [["2024"]])
        events = glue.get_table(DatabaseName="crawled", Name="events")["Table"]
        self.assertEqual(events["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], "org.openx.data.jsonserde.JsonSerDe")
        self.assertEqual(events["StorageDescriptor"]["Columns"][1], {"Name": "user", "Type": "struct<name:string>"})
        metrics = glue.get_crawler_metrics(CrawlerNameList=["c1"])["CrawlerMetricsList"][0]
        self.assertEqual(metrics["TablesCreated"], 2)
        with self.assertRaises(glue.exceptions.CrawlerNotRunningException):
            glue.stop_crawler(Name="c1")
        self.assertIn("c1", glue.list_crawlers()["CrawlerNames"])
        glue.delete_crawler(Name="c1")
        with self.assertRaises(glue.exceptions.EntityNotFoundException):
            glue.get_crawler(Name="c1")
