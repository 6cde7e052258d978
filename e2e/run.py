#!/usr/bin/env python3
"""Runs nubo's end-to-end tests (boto3 and the AWS CLI) against a real
nubo binary. Each test module starts its own nubo on a free loopback port
with a temporary data dir (see nubo_e2e.py). Prints 'e2e: N passed, N failed'."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py")
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors)
passed = result.testsRun - failed - len(result.skipped)
print(f"e2e: {passed} passed, {failed} failed, {len(result.skipped)} skipped")
sys.exit(1 if failed else 0)
