import json
import signal
import urllib.request

from nubo_e2e import Nubo, NuboTestCase


class ServerTest(NuboTestCase):
    def test_health(self):
        with urllib.request.urlopen(self.nubo.url + "/_nubo/health") as r:
            body = json.load(r)
        self.assertEqual(body["status"], "running")
        self.assertIn("version", body)

    def test_sigterm_exits_zero(self):
        n = Nubo().start()
        try:
            self.assertEqual(n.stop(signal.SIGTERM), 0)
        finally:
            n.cleanup()
