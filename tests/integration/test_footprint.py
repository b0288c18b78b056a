"""What an idle Eddy holds: libraries only a feature needs are opened when it is first used, so a
server that never sees a Lambda package never maps libzip (nor libcrypto, libbz2 and zlib, which
libzip brings)."""

import unittest

from eddy_harness import EddyProcess
from lambda_test_support import create_function, make_zip

PACKAGE_LIBRARIES = ("libzip.so", "libcrypto.so", "libbz2.so")


def mapped_libraries(pid):
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split()[-1].rsplit("/", 1)[-1] for line in maps if "/" in line}


def libzip_mapped(pid):
    return any(name.startswith("libzip.so") for name in mapped_libraries(pid))


def package_libraries_in(pid):
    return sorted(name for name in mapped_libraries(pid)
                  if any(name.startswith(library) for library in PACKAGE_LIBRARIES))


class PackageLibrariesTest(unittest.TestCase):
    def test_libzip_is_opened_by_the_first_package_and_not_before(self):
        with EddyProcess() as eddy:
            pid = eddy.process.pid
            # Every service answers, and still no package library is mapped.
            eddy.client("sqs").create_queue(QueueName="footprint")
            eddy.client("dynamodb").list_tables()
            eddy.client("kinesis").list_streams()
            lambda_client = eddy.client("lambda")
            lambda_client.list_functions()
            self.assertEqual(package_libraries_in(pid), [])

            created = create_function(lambda_client, "footprint-fn",
                                      make_zip({"app.py": "def handler(e, c):\n    return 7\n"}))
            self.assertEqual(created["FunctionName"], "footprint-fn")
            self.assertTrue(libzip_mapped(pid))
            # The library stays open: a second package is read the same way.
            create_function(lambda_client, "footprint-fn-2")
            fetched = lambda_client.get_function(FunctionName="footprint-fn-2")
            self.assertEqual(fetched["Configuration"]["FunctionName"], "footprint-fn-2")

    def test_a_package_that_is_not_a_zip_gets_aws_error_once_libzip_is_open(self):
        with EddyProcess() as eddy:
            lambda_client = eddy.client("lambda")
            with self.assertRaises(lambda_client.exceptions.InvalidParameterValueException) as caught:
                create_function(lambda_client, "not-a-zip", b"definitely not a zip archive")
            self.assertIn("Could not unzip uploaded file", str(caught.exception))
            self.assertTrue(libzip_mapped(eddy.process.pid))


if __name__ == "__main__":
    unittest.main()
