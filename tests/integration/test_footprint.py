"""What Eddy maps: Lambda packages are read by minizip, linked into the binary, so no zip or
compression library is loaded, neither at start-up nor once packages are read (the release
binary is wholly static; the sanitized one maps only libc and the sanitizers' runtimes)."""

import unittest

from eddy_harness import EddyProcess
from lambda_test_support import create_function, make_zip

PACKAGE_LIBRARIES = ("libzip.so", "libminizip.so", "libz.so", "libbz2.so", "libcrypto.so")


def mapped_libraries(pid):
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split()[-1].rsplit("/", 1)[-1] for line in maps if "/" in line}


def package_libraries_in(pid):
    return sorted(name for name in mapped_libraries(pid)
                  if any(name.startswith(library) for library in PACKAGE_LIBRARIES))


class PackageLibrariesTest(unittest.TestCase):
    def test_packages_are_read_without_loading_a_library(self):
        with EddyProcess() as eddy:
            pid = eddy.process.pid
            eddy.client("sqs").create_queue(QueueName="footprint")
            lambda_client = eddy.client("lambda")
            lambda_client.list_functions()
            self.assertEqual(package_libraries_in(pid), [])

            created = create_function(lambda_client, "footprint-fn",
                                      make_zip({"app.py": "def handler(e, c):\n    return 7\n"}))
            self.assertEqual(created["FunctionName"], "footprint-fn")
            answer = lambda_client.invoke(FunctionName="footprint-fn", Payload=b"{}")
            self.assertEqual(answer["Payload"].read(), b"7")
            self.assertEqual(package_libraries_in(pid), [])

    def test_a_package_that_is_not_a_zip_gets_aws_error(self):
        with EddyProcess() as eddy:
            lambda_client = eddy.client("lambda")
            with self.assertRaises(lambda_client.exceptions.InvalidParameterValueException) as caught:
                create_function(lambda_client, "not-a-zip", b"definitely not a zip archive")
            self.assertIn("Could not unzip uploaded file", str(caught.exception))
            self.assertEqual(package_libraries_in(eddy.process.pid), [])


if __name__ == "__main__":
    unittest.main()
