"""End-to-end S3 tests with the AWS CLI: aws s3 mb/cp/ls/sync/rm
--recursive and aws s3api calls."""
import filecmp
import json
import os
import shutil
import tempfile

from nubo_e2e import NuboTestCase


class S3CLITest(NuboTestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nubo-e2e-cli-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, rel, data):
        path = os.path.join(self.tmp, "src", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_s3_commands(self):
        self.nubo.cli("s3", "mb", "s3://cli-bucket")
        self.assertIn("cli-bucket", self.nubo.cli("s3", "ls").stdout)
        one = self.write("uno.txt", b"hola\n")
        self.write("datos/a.csv", b"a,b\n1,2\n")
        self.write("datos/sub/b.csv", os.urandom(20 * 1024 * 1024))
        self.nubo.cli("s3", "cp", one, "s3://cli-bucket/uno.txt")
        out = self.nubo.cli("s3", "ls", "s3://cli-bucket/").stdout
        self.assertIn("uno.txt", out)
        self.nubo.cli("s3", "sync", os.path.join(self.tmp, "src"), "s3://cli-bucket/sync/")
        listing = self.nubo.cli("s3", "ls", "--recursive", "s3://cli-bucket/sync/").stdout
        for key in ("sync/uno.txt", "sync/datos/a.csv", "sync/datos/sub/b.csv"):
            self.assertIn(key, listing)
        # A second sync has nothing to do.
        again = self.nubo.cli("s3", "sync", os.path.join(self.tmp, "src"), "s3://cli-bucket/sync/").stdout
        self.assertEqual(again.strip(), "")
        dest = os.path.join(self.tmp, "dest")
        self.nubo.cli("s3", "sync", "s3://cli-bucket/sync/", dest)
        cmp = filecmp.dircmp(os.path.join(self.tmp, "src"), dest)
        self.assertEqual(cmp.diff_files + cmp.left_only + cmp.right_only, [])
        self.assertTrue(filecmp.cmp(os.path.join(self.tmp, "src", "datos/sub/b.csv"), os.path.join(dest, "datos/sub/b.csv"), shallow=False))
        self.nubo.cli("s3", "cp", "s3://cli-bucket/uno.txt", os.path.join(self.tmp, "copia.txt"))
        with open(os.path.join(self.tmp, "copia.txt"), "rb") as f:
            self.assertEqual(f.read(), b"hola\n")
        self.nubo.cli("s3", "rm", "--recursive", "s3://cli-bucket/sync/")
        self.assertNotIn("sync/", self.nubo.cli("s3", "ls", "--recursive", "s3://cli-bucket/").stdout)
        rb = self.nubo.cli("s3", "rb", "s3://cli-bucket", check=False)
        self.assertNotEqual(rb.returncode, 0)
        self.assertIn("BucketNotEmpty", rb.stderr)
        self.nubo.cli("s3", "rb", "--force", "s3://cli-bucket")
        self.assertNotIn("cli-bucket", self.nubo.cli("s3", "ls").stdout)

    def test_s3api_commands(self):
        self.nubo.cli("s3api", "create-bucket", "--bucket", "api-bucket")
        body = self.write("f.json", b'{"a": 1}')
        put = json.loads(self.nubo.cli("s3api", "put-object", "--bucket", "api-bucket", "--key", "dir/f.json",
                                       "--body", body, "--content-type", "application/json",
                                       "--metadata", "origen=cli").stdout)
        self.assertIn("ETag", put)
        head = json.loads(self.nubo.cli("s3api", "head-object", "--bucket", "api-bucket", "--key", "dir/f.json").stdout)
        self.assertEqual(head["ContentType"], "application/json")
        self.assertEqual(head["Metadata"], {"origen": "cli"})
        listed = json.loads(self.nubo.cli("s3api", "list-objects-v2", "--bucket", "api-bucket", "--delimiter", "/").stdout)
        self.assertEqual(listed["CommonPrefixes"], [{"Prefix": "dir/"}])
        self.nubo.cli("s3api", "put-bucket-versioning", "--bucket", "api-bucket", "--versioning-configuration", "Status=Enabled")
        ver = json.loads(self.nubo.cli("s3api", "get-bucket-versioning", "--bucket", "api-bucket").stdout)
        self.assertEqual(ver["Status"], "Enabled")
        loc = json.loads(self.nubo.cli("s3api", "get-bucket-location", "--bucket", "api-bucket").stdout)
        self.assertIsNone(loc["LocationConstraint"])
        missing = self.nubo.cli("s3api", "get-object", "--bucket", "api-bucket", "--key", "nope", os.path.join(self.tmp, "x"), check=False)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("NoSuchKey", missing.stderr)
        out = os.path.join(self.tmp, "got.json")
        self.nubo.cli("s3api", "get-object", "--bucket", "api-bucket", "--key", "dir/f.json", out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b'{"a": 1}')
        mpu = json.loads(self.nubo.cli("s3api", "create-multipart-upload", "--bucket", "api-bucket", "--key", "mpu").stdout)
        self.nubo.cli("s3api", "abort-multipart-upload", "--bucket", "api-bucket", "--key", "mpu", "--upload-id", mpu["UploadId"])
        uploads = json.loads(self.nubo.cli("s3api", "list-multipart-uploads", "--bucket", "api-bucket").stdout or "{}")
        self.assertNotIn("Uploads", uploads)
