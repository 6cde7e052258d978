"""SigV4 (and S3's SigV2) as boto3 and the AWS CLI exercise it: the errors
each protocol answers for bad credentials, clock skew and missing
signatures; presigned URLs (boto3 1.26 signs them with SigV2 by default,
s3v4 when asked); browser POST policies; Expect: 100-continue."""
import contextlib
import datetime
import importlib
import time
import types
import unittest
import urllib.error
import urllib.request
import uuid
from unittest import mock

import boto3
import botocore
import botocore.auth
from botocore.config import Config
from botocore.exceptions import ClientError

from nubo_e2e import NuboTestCase


def skewed_datetime(delta):
    """A stand-in for the datetime module of botocore's signers whose clock
    is off by delta."""

    class Skewed(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return datetime.datetime.utcnow() + delta

        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.now(tz) + delta

    return types.SimpleNamespace(datetime=Skewed, timedelta=datetime.timedelta, timezone=datetime.timezone)


def skewed_clock(delta):
    """Patches the clock of botocore's signers: its own, and the CRT-based
    ones it prefers when python3-awscrt is installed."""
    stack = contextlib.ExitStack()
    modules = [botocore.auth]
    try:
        modules.append(importlib.import_module("botocore.crt.auth"))
    except ImportError:
        pass
    for m in modules:
        stack.enter_context(mock.patch.object(m, "datetime", skewed_datetime(delta)))
    return stack


def multipart(fields, file_name, content):
    """Encodes a browser upload form, the file last as S3 requires."""
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def fetch(url, data=None, method=None, headers=None):
    """Returns (status, body) without raising on HTTP errors."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class AuthTest(NuboTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bucket = "auth-" + uuid.uuid4().hex[:8]
        cls.nubo.client("s3").create_bucket(Bucket=cls.bucket)
        cls.nubo.client("s3").put_object(Bucket=cls.bucket, Key="dir/a b+c.txt", Body=b"hello")

    def client(self, service, key="test", secret="test", **cfg):
        session = boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")
        return session.client(service, endpoint_url=self.nubo.url, config=Config(retries={"max_attempts": 1}, **cfg))

    def assertError(self, ctx, code, status, message=None):
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], code, err)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertIn(message, err["Message"])

    # JSON services (Glue, awsJson 1.1)

    def test_json_wrong_secret(self):
        with self.assertRaises(ClientError) as ctx:
            self.client("glue", secret="wrong").get_databases()
        self.assertError(ctx, "InvalidSignatureException", 400, "The Canonical String for this request should have been")

    def test_json_unknown_access_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.client("glue", key="AKIANOBODY").get_databases()
        self.assertError(ctx, "UnrecognizedClientException", 400, "The security token included in the request is invalid.")

    def test_json_unsigned(self):
        with self.assertRaises(ClientError) as ctx:
            self.client("glue", signature_version=botocore.UNSIGNED).get_databases()
        self.assertError(ctx, "MissingAuthenticationTokenException", 400)

    def test_json_clock_skew(self):
        with skewed_clock(datetime.timedelta(minutes=-20)):
            with self.assertRaises(ClientError) as ctx:
                self.client("glue").get_databases()
        self.assertError(ctx, "InvalidSignatureException", 400, "Signature expired")
        with skewed_clock(datetime.timedelta(minutes=10)):
            self.client("glue").get_databases()

    # S3

    def test_s3_wrong_secret(self):
        with self.assertRaises(ClientError) as ctx:
            self.client("s3", secret="wrong").list_buckets()
        self.assertError(ctx, "SignatureDoesNotMatch", 403)

    def test_s3_unknown_access_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.client("s3", key="AKIANOBODY").list_buckets()
        self.assertError(ctx, "InvalidAccessKeyId", 403)

    def test_s3_clock_skew(self):
        with skewed_clock(datetime.timedelta(minutes=30)):
            with self.assertRaises(ClientError) as ctx:
                self.client("s3").list_buckets()
        self.assertError(ctx, "RequestTimeTooSkewed", 403)

    def test_s3_expect_continue_refused_quickly(self):
        # botocore sends "Expect: 100-continue" with bodies over 1 MB; a bad
        # signature must be answered without the body being sent.
        start = time.monotonic()
        with self.assertRaises(ClientError) as ctx:
            self.client("s3", secret="wrong").put_object(Bucket=self.bucket, Key="big", Body=b"x" * (8 << 20))
        self.assertError(ctx, "SignatureDoesNotMatch", 403)
        self.assertLess(time.monotonic() - start, 10)

    def test_presigned_get_and_put(self):
        for version in (None, "s3v4"):
            with self.subTest(signature_version=version):
                cfg = {"signature_version": version} if version else {}
                s3 = self.client("s3", **cfg)
                url = s3.generate_presigned_url("get_object", Params={"Bucket": self.bucket, "Key": "dir/a b+c.txt"}, ExpiresIn=60)
                self.assertEqual(fetch(url), (200, b"hello"))
                key = f"up {version}.txt"
                url = s3.generate_presigned_url("put_object", Params={"Bucket": self.bucket, "Key": key, "ContentType": "text/plain"},
                                                ExpiresIn=60)
                status, body = fetch(url, data=b"put by url", method="PUT", headers={"Content-Type": "text/plain"})
                self.assertEqual(status, 200, body)
                self.assertEqual(s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"put by url")
                status, body = fetch(url, data=b"put by url", method="PUT", headers={"Content-Type": "image/png"})
                self.assertEqual(status, 403, body)
                self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", body)

    def test_query_canonicalization(self):
        # Spaces, '+', '/', quotes and '=' in query values, signed by botocore
        # in the header (ListObjectsV2) and in presigned URLs.
        listing = self.client("s3").list_objects_v2(Bucket=self.bucket, Prefix="dir/a b+", Delimiter="/")
        self.assertEqual([o["Key"] for o in listing.get("Contents", [])], ["dir/a b+c.txt"])
        for version in (None, "s3v4"):
            with self.subTest(signature_version=version):
                cfg = {"signature_version": version} if version else {}
                url = self.client("s3", **cfg).generate_presigned_url("get_object", ExpiresIn=60, Params={
                    "Bucket": self.bucket, "Key": "dir/a b+c.txt",
                    "ResponseContentDisposition": 'attachment; filename="a b+c=d.txt"'})
                status, body = fetch(url)
                self.assertEqual((status, body), (200, b"hello"))

    def test_presigned_expired(self):
        for version in (None, "s3v4"):
            with self.subTest(signature_version=version):
                cfg = {"signature_version": version} if version else {}
                url = self.client("s3", **cfg).generate_presigned_url(
                    "get_object", Params={"Bucket": self.bucket, "Key": "dir/a b+c.txt"}, ExpiresIn=1)
                time.sleep(2.1)
                status, body = fetch(url)
                self.assertEqual(status, 403)
                self.assertIn(b"<Code>AccessDenied</Code><Message>Request has expired</Message>", body)
                self.assertIn(b"<ServerTime>", body)

    def test_presigned_longer_than_a_week(self):
        url = self.client("s3", signature_version="s3v4").generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": "dir/a b+c.txt"}, ExpiresIn=604801)
        status, body = fetch(url)
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>AuthorizationQueryParametersError</Code>", body)

    def test_cli_presign(self):
        p = self.nubo.cli("s3", "presign", f"s3://{self.bucket}/dir/a b+c.txt", "--expires-in", "60")
        self.assertEqual(fetch(p.stdout.strip()), (200, b"hello"))

    def post(self, version, key, conditions=None, fields=None, content=b"posted"):
        cfg = {"signature_version": version} if version else {}
        post = self.client("s3", **cfg).generate_presigned_post(self.bucket, key, Fields=fields, Conditions=conditions, ExpiresIn=60)
        form = dict(post["fields"])
        form.update(fields or {})
        body, ctype = multipart(form, "local.txt", content)
        return fetch(post["url"], data=body, method="POST", headers={"Content-Type": ctype})

    def test_presigned_post(self):
        for version in (None, "s3v4"):
            with self.subTest(signature_version=version):
                status, body = self.post(version, f"posted-{version}.txt")
                if status == 501:
                    self.skipTest("S3 POST Object is not implemented yet")
                self.assertIn(status, (200, 201, 204), body)
                s3 = self.client("s3")
                self.assertEqual(s3.get_object(Bucket=self.bucket, Key=f"posted-{version}.txt")["Body"].read(), b"posted")

                status, body = self.post(version, "uploads/${filename}", conditions=[["starts-with", "$key", "uploads/"]])
                self.assertIn(status, (200, 201, 204), body)

                status, body = self.post(version, "big.txt", conditions=[["content-length-range", 1, 3]])
                self.assertEqual(status, 400, body)
                self.assertIn(b"<Code>EntityTooLarge</Code>", body)

                status, body = self.post(version, "k.txt", fields={"acl": "public-read"})
                self.assertEqual(status, 403, body)
                self.assertIn(b"Invalid according to Policy", body)


if __name__ == "__main__":
    unittest.main()
