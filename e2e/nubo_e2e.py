"""Helpers for nubo's end-to-end tests: start the nubo binary on a free
loopback port with a temp data dir, and build boto3 clients for it."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AWS_CLI = "/usr/bin/aws"


def nubo_bin():
    path = os.environ.get("NUBO_BIN") or os.path.join(REPO, "bin", "nubo")
    if not os.path.exists(path):
        subprocess.check_call(["go", "build", "-o", path, "./cmd/nubo"], cwd=REPO)
    return path


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Nubo:
    """A nubo child process."""

    def __init__(self, data_dir=None, extra_args=()):
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="nubo-e2e-")
        self.extra_args = list(extra_args)
        self.proc = None
        self.url = None

    def start(self):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        log = open(os.path.join(self.data_dir, "nubo.log"), "ab")
        self.proc = subprocess.Popen(
            [nubo_bin(), "serve", "--addr", f"127.0.0.1:{port}", "--data-dir", self.data_dir] + self.extra_args,
            stdout=log, stderr=log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_nubo/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except Exception:
                time.sleep(0.02)
        raise RuntimeError("nubo did not become healthy")

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)
        return self.proc.returncode if self.proc else None

    def kill9(self):
        return self.stop(signal.SIGKILL)

    def cleanup(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def env(self):
        env = dict(os.environ)
        env.update({
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": self.url,
            "AWS_PAGER": "",
        })
        env.pop("AWS_PROFILE", None)
        return env

    def session(self):
        return boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                     region_name="us-east-1")

    def client(self, service, **cfg):
        return self.session().client(service, endpoint_url=self.url,
                                     config=Config(retries={"max_attempts": 1}, **cfg))

    def cli(self, *args, check=True):
        """Runs the AWS CLI against this nubo; returns CompletedProcess."""
        p = subprocess.run([AWS_CLI, "--endpoint-url", self.url] + list(args), env=self.env(),
                           capture_output=True, text=True, timeout=300)
        if check and p.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed: {p.stderr}")
        return p


class NuboTestCase(unittest.TestCase):
    """Starts one nubo for the whole class."""

    @classmethod
    def setUpClass(cls):
        cls.nubo = Nubo().start()

    @classmethod
    def tearDownClass(cls):
        cls.nubo.cleanup()
