"""End-to-end S3 tests with boto3: the course's examples (a session with
keys, list_buckets, create_bucket, upload_file of 1 KiB and 50 MiB,
download_file), the error classes clients see, presigned URLs, browser POST
uploads, versioning, tagging, CORS and persistence across a restart."""
import filecmp
import http.client
import os
import shutil
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from nubo_e2e import Nubo, NuboTestCase


def random_file(directory, name, size):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        remaining = size
        while remaining:
            chunk = os.urandom(min(remaining, 1 << 20))
            f.write(chunk)
            remaining -= len(chunk)
    return path


def http_put(url, data):
    """PUTs data with no Content-Type (urllib would add one, and a presigned
    URL signs the Content-Type it was made for)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    conn.request("PUT", u.path + "?" + u.query, body=data)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status


def multipart_form(fields, file_name, file_data):
    boundary = "----nubo" + uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + file_data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class S3Test(NuboTestCase):
    def setUp(self):
        # The course's way: a session built with keys, then a client.
        session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                        region_name="us-east-1")
        self.s3 = session.client("s3", endpoint_url=self.nubo.url,
                                 config=Config(retries={"max_attempts": 1}))
        self.tmp = tempfile.mkdtemp(prefix="nubo-e2e-s3-")

    def tearDown(self):
        self.s3.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def bucket(self):
        name = "e2e-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=name)
        return name

    def test_course_examples(self):
        name = self.bucket()
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertIn(name, names)
        small = random_file(self.tmp, "mi_archivo.txt", 1024)
        self.s3.upload_file(small, name, "carpeta/archivo.txt")
        big = random_file(self.tmp, "grande.bin", 50 * 1024 * 1024)
        config = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=4)
        self.s3.upload_file(big, name, "carpeta/grande.bin", Config=config)
        head = self.s3.head_object(Bucket=name, Key="carpeta/grande.bin")
        self.assertEqual(head["ContentLength"], 50 * 1024 * 1024)
        self.assertTrue(head["ETag"].endswith('-7"'), head["ETag"])
        for key, original in (("carpeta/archivo.txt", small), ("carpeta/grande.bin", big)):
            out = os.path.join(self.tmp, "descargado")
            self.s3.download_file(name, key, out, Config=config)
            self.assertTrue(filecmp.cmp(original, out, shallow=False), key)
        listed = self.s3.list_objects_v2(Bucket=name, Prefix="carpeta/")
        self.assertEqual(sorted(o["Key"] for o in listed["Contents"]), ["carpeta/archivo.txt", "carpeta/grande.bin"])

    def test_error_classes(self):
        with self.assertRaises(self.s3.exceptions.NoSuchBucket):
            self.s3.list_objects_v2(Bucket="no-such-bucket-" + uuid.uuid4().hex[:8])
        name = self.bucket()
        with self.assertRaises(self.s3.exceptions.NoSuchKey):
            self.s3.get_object(Bucket=name, Key="missing")
        with self.assertRaises(ClientError) as cm:
            self.s3.head_object(Bucket=name, Key="missing")
        self.assertEqual(cm.exception.response["Error"]["Code"], "404")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        with self.assertRaises(ClientError) as cm:
            self.s3.head_bucket(Bucket="no-such-bucket-" + uuid.uuid4().hex[:8])
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        with self.assertRaises(ClientError) as cm:
            self.s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(cm.exception.response["Error"]["Code"], "BucketAlreadyOwnedByYou")
        with self.assertRaises(ClientError) as cm:
            self.s3.create_bucket(Bucket="Invalid_Name")
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidBucketName")
        self.s3.put_object(Bucket=name, Key="k", Body=b"x")
        with self.assertRaises(ClientError) as cm:
            self.s3.delete_bucket(Bucket=name)
        self.assertEqual(cm.exception.response["Error"]["Code"], "BucketNotEmpty")
        with self.assertRaises(ClientError) as cm:
            self.s3.get_object(Bucket=name, Key="k", Range="bytes=5-")
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidRange")

    def test_presigned_urls(self):
        name = self.bucket()
        # boto3's default presigned URLs for S3 (query-string SigV2 in the
        # Debian version), and SigV4 ones.
        v4 = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1").client(
            "s3", endpoint_url=self.nubo.url, config=Config(signature_version="s3v4"))
        for client, key in ((self.s3, "up.txt"), (v4, "up-v4.txt")):
            put_url = client.generate_presigned_url("put_object", Params={"Bucket": name, "Key": key}, ExpiresIn=300)
            self.assertEqual(http_put(put_url, b"presigned body"), 200)
            get_url = client.generate_presigned_url("get_object", Params={"Bucket": name, "Key": key}, ExpiresIn=300)
            with urllib.request.urlopen(get_url) as r:
                self.assertEqual(r.read(), b"presigned body")
            bad = get_url.replace("Signature=", "Signature=00")
            with self.assertRaises(urllib.error.HTTPError) as cm:
                urllib.request.urlopen(bad)
            self.assertEqual(cm.exception.code, 403)

    def test_presigned_post(self):
        name = self.bucket()
        post = self.s3.generate_presigned_post(name, "uploads/${filename}",
                                               Fields={"success_action_status": "201"},
                                               Conditions=[["starts-with", "$key", "uploads/"],
                                                           {"success_action_status": "201"},
                                                           ["content-length-range", 1, 1 << 20]],
                                               ExpiresIn=300)
        body, ctype = multipart_form(post["fields"], "foto.jpg", b"jpeg bytes")
        req = urllib.request.Request(post["url"], data=body, method="POST", headers={"Content-Type": ctype})
        with urllib.request.urlopen(req) as r:
            self.assertEqual(r.status, 201)
            self.assertIn(b"<Key>uploads/foto.jpg</Key>", r.read())
        got = self.s3.get_object(Bucket=name, Key="uploads/foto.jpg")["Body"].read()
        self.assertEqual(got, b"jpeg bytes")

    def test_versioning(self):
        name = self.bucket()
        self.s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        self.assertEqual(self.s3.get_bucket_versioning(Bucket=name)["Status"], "Enabled")
        v1 = self.s3.put_object(Bucket=name, Key="doc", Body=b"one")["VersionId"]
        v2 = self.s3.put_object(Bucket=name, Key="doc", Body=b"two")["VersionId"]
        self.assertNotEqual(v1, v2)
        self.assertEqual(self.s3.get_object(Bucket=name, Key="doc", VersionId=v1)["Body"].read(), b"one")
        marker = self.s3.delete_object(Bucket=name, Key="doc")
        self.assertTrue(marker["DeleteMarker"])
        versions = self.s3.list_object_versions(Bucket=name)
        self.assertEqual(len(versions["Versions"]), 2)
        self.assertEqual(len(versions["DeleteMarkers"]), 1)
        with self.assertRaises(self.s3.exceptions.NoSuchKey):
            self.s3.get_object(Bucket=name, Key="doc")

    def test_tagging(self):
        name = self.bucket()
        self.s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "curso", "Value": "big-data"}]})
        self.assertEqual(self.s3.get_bucket_tagging(Bucket=name)["TagSet"], [{"Key": "curso", "Value": "big-data"}])
        self.s3.put_object(Bucket=name, Key="k", Body=b"x", Tagging="tipo=csv")
        self.assertEqual(self.s3.get_object_tagging(Bucket=name, Key="k")["TagSet"], [{"Key": "tipo", "Value": "csv"}])
        self.s3.put_object_tagging(Bucket=name, Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
        self.assertEqual(self.s3.get_object_tagging(Bucket=name, Key="k")["TagSet"], [{"Key": "a", "Value": "b"}])

    def test_cors_preflight(self):
        name = self.bucket()
        self.s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://localhost:3000"], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["*"], "MaxAgeSeconds": 60}]})
        req = urllib.request.Request(f"{self.nubo.url}/{name}/file.txt", method="OPTIONS",
                                     headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "PUT"})
        with urllib.request.urlopen(req) as r:
            self.assertEqual(r.headers["Access-Control-Allow-Origin"], "http://localhost:3000")
            self.assertIn("PUT", r.headers["Access-Control-Allow-Methods"])
        req = urllib.request.Request(f"{self.nubo.url}/{name}/file.txt", method="OPTIONS",
                                     headers={"Origin": "http://evil.test", "Access-Control-Request-Method": "PUT"})
        with self.assertRaises(urllib.error.HTTPError) as cm:
            urllib.request.urlopen(req)
        self.assertEqual(cm.exception.code, 403)

    def test_copy_and_delete_objects(self):
        name = self.bucket()
        self.s3.put_object(Bucket=name, Key="a.csv", Body=b"a,b\n1,2\n", ContentType="text/csv", Metadata={"fuente": "curso"})
        self.s3.copy_object(Bucket=name, Key="b.csv", CopySource={"Bucket": name, "Key": "a.csv"})
        head = self.s3.head_object(Bucket=name, Key="b.csv")
        self.assertEqual(head["ContentType"], "text/csv")
        self.assertEqual(head["Metadata"], {"fuente": "curso"})
        out = self.s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "a.csv"}, {"Key": "b.csv"}]})
        self.assertEqual(sorted(d["Key"] for d in out["Deleted"]), ["a.csv", "b.csv"])
        self.assertEqual(self.s3.list_objects_v2(Bucket=name)["KeyCount"], 0)


class S3PersistenceTest(unittest.TestCase):
    def test_data_survives_restart(self):
        n = Nubo().start()
        try:
            s3 = n.client("s3")
            s3.create_bucket(Bucket="persist")
            s3.put_object(Bucket="persist", Key="k", Body=b"kept")
            self.assertEqual(n.stop(), 0)
            n.start()
            s3 = n.client("s3")
            self.assertEqual(s3.get_object(Bucket="persist", Key="k")["Body"].read(), b"kept")
            self.assertIn("persist", [b["Name"] for b in s3.list_buckets()["Buckets"]])
        finally:
            n.cleanup()


if __name__ == "__main__":
    unittest.main()
