"""Function output in the invocation's log (LogType=Tail) as AWS's runtimes write it: the python
logging module's lines carry "[LEVEL]\\t<UTC time>\\t<request id>\\t", at the root logger's
default WARNING level until the function lowers it; print() stays as written."""

import base64
import json
import re
import unittest

from eddy_harness import EddyTestCase
from lambda_test_support import create_function, make_zip

LOGGING = """
import logging
logger = logging.getLogger()
def handler(event, context):
    print("plain print")
    logger.info("hidden at the default level")
    logger.warning("pressure %d kPa", 101)
    logger.setLevel(logging.INFO)
    logger.info("now shown")
    logger.setLevel(logging.WARNING)
    return "logged"
"""

STAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"


class LambdaLogsTest(EddyTestCase):
    def test_python_logging_lines_carry_aws_prefix(self):
        lam = self.client("lambda")
        create_function(lam, "py-logging", make_zip({"app.py": LOGGING}))
        out = lam.invoke(FunctionName="py-logging", Payload=b"{}", LogType="Tail")
        self.assertEqual(json.loads(out["Payload"].read()), "logged")
        log = base64.b64decode(out["LogResult"]).decode()
        request_id = re.search(r"START RequestId: (\S+) Version: \$LATEST", log).group(1)
        self.assertRegex(log, re.compile(r"^plain print$", re.M))
        self.assertRegex(log, re.compile(
            rf"^\[WARNING\]\t{STAMP}\t{request_id}\tpressure 101 kPa$", re.M))
        self.assertRegex(log, re.compile(rf"^\[INFO\]\t{STAMP}\t{request_id}\tnow shown$", re.M))
        self.assertNotIn("hidden at the default level", log)


if __name__ == "__main__":
    unittest.main()
