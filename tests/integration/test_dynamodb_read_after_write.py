"""Reads run on read connections beside the writer: every read (GetItem, Query, Scan,
BatchGetItem, TransactGetItems) must still see each write acknowledged before it was sent, while
other clients keep writing, on the in-memory store and on a persistent one."""

import os
import shutil
import tempfile
import threading
import unittest

import boto3
from botocore.config import Config

from eddy_harness import REGION, EddyProcess

WRITERS = 4
ROUNDS = 40


class ReadAfterWrite:
    """The checks, for a started `cls.eddy`."""

    @classmethod
    def make_clients(cls):
        config = Config(retries={"max_attempts": 1}, max_pool_connections=WRITERS * 2 + 2)
        cls.ddb = boto3.client("dynamodb", endpoint_url=cls.eddy.endpoint, region_name=REGION,
                               aws_access_key_id="test", aws_secret_access_key="test", config=config)
        for name in ("reads", "noise"):
            cls.ddb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "sk", "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "sk", "AttributeType": "N"}],
                BillingMode="PAY_PER_REQUEST")

    def run_threads(self, target, count):
        errors = []

        def guarded(n):
            try:
                target(n)
            except Exception as error:  # reported below, with the thread's number
                errors.append(f"thread {n}: {error!r}")

        threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        return threads, errors

    def test_every_read_sees_each_acknowledged_write_beside_other_writers(self):
        stop = threading.Event()

        def noise(n):
            i = 0
            while not stop.is_set():
                self.ddb.put_item(TableName="noise", Item={
                    "pk": {"S": f"noise-{n}"}, "sk": {"N": str(i)}, "pad": {"S": "x" * 500}})
                i += 1

        def reader_after_writer(n):
            pk = {"S": f"writer-{n}"}
            for i in range(ROUNDS):
                key = {"pk": pk, "sk": {"N": str(i)}}
                self.ddb.put_item(TableName="reads", Item=dict(key, v={"N": str(i)}))
                got = self.ddb.get_item(TableName="reads", Key=key)
                assert got.get("Item", {}).get("v") == {"N": str(i)}, f"GetItem {i}: {got}"
                queried = self.ddb.query(
                    TableName="reads", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": pk}, ScanIndexForward=False, Limit=1)
                assert queried["Items"][0]["sk"] == {"N": str(i)}, f"Query {i}: {queried}"
                counted = self.ddb.query(
                    TableName="reads", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": pk}, Select="COUNT")
                assert counted["Count"] == i + 1, f"Query COUNT {i}: {counted}"
                batch = self.ddb.batch_get_item(RequestItems={"reads": {"Keys": [key]}})
                assert len(batch["Responses"]["reads"]) == 1, f"BatchGetItem {i}: {batch}"
                self.ddb.update_item(TableName="reads", Key=key, UpdateExpression="SET v = :v",
                                     ExpressionAttributeValues={":v": {"N": str(-i)}})
                transact = self.ddb.transact_get_items(
                    TransactItems=[{"Get": {"TableName": "reads", "Key": key}}])
                assert transact["Responses"][0]["Item"]["v"] == {"N": str(-i)}, \
                    f"TransactGetItems {i}: {transact}"
            self.ddb.delete_item(TableName="reads", Key={"pk": pk, "sk": {"N": "0"}})
            left = self.ddb.get_item(TableName="reads", Key={"pk": pk, "sk": {"N": "0"}})
            assert "Item" not in left, f"GetItem after DeleteItem: {left}"

        noisy, noise_errors = self.run_threads(noise, 2)
        checkers, errors = self.run_threads(reader_after_writer, WRITERS)
        for thread in checkers:
            thread.join()
        stop.set()
        for thread in noisy:
            thread.join()
        self.assertEqual(errors + noise_errors, [])
        scanned = self.ddb.scan(TableName="reads", Select="COUNT")
        self.assertEqual(scanned["Count"], WRITERS * (ROUNDS - 1))


class InMemoryReadAfterWriteTest(ReadAfterWrite, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.eddy = EddyProcess().start()
        cls.make_clients()

    @classmethod
    def tearDownClass(cls):
        assert cls.eddy.stop() == 0, cls.eddy.log_lines


class PersistentReadAfterWriteTest(ReadAfterWrite, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="eddy-read-after-write-")
        cls.eddy = EddyProcess(data_dir=cls.data_dir).start()
        cls.make_clients()

    @classmethod
    def tearDownClass(cls):
        code = cls.eddy.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)
        assert code == 0, cls.eddy.log_lines

    def test_reads_after_a_restart_see_what_was_written(self):
        self.ddb.put_item(TableName="reads", Item={"pk": {"S": "durable"}, "sk": {"N": "1"}})
        self.eddy.stop()
        self.eddy = type(self).eddy = EddyProcess(data_dir=self.data_dir).start()
        type(self).make_clients_after_restart()
        got = self.ddb.get_item(TableName="reads", Key={"pk": {"S": "durable"}, "sk": {"N": "1"}})
        self.assertIn("Item", got)

    @classmethod
    def make_clients_after_restart(cls):
        config = Config(retries={"max_attempts": 1}, max_pool_connections=WRITERS * 2 + 2)
        cls.ddb = boto3.client("dynamodb", endpoint_url=cls.eddy.endpoint, region_name=REGION,
                               aws_access_key_id="test", aws_secret_access_key="test", config=config)


if __name__ == "__main__":
    unittest.main()
