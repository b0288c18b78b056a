"""Kinesis records through boto3: PutRecord(s) routing by MD5, binary data, every shard iterator
type, GetRecords paging, and the errors AWS gives for bad input."""

import base64
import hashlib
import json
import time
import unittest
import urllib.request

from eddy_harness import EddyTestCase

MAX_HASH = 2**128 - 1


def md5_key(partition_key):
    return int(hashlib.md5(partition_key.encode()).hexdigest(), 16)


class KinesisRecordsTest(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kinesis = cls.eddy.client("kinesis")

    def create(self, name, shards=1):
        self.kinesis.create_stream(StreamName=name, ShardCount=shards)
        self.kinesis.get_waiter("stream_exists").wait(
            StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5}
        )
        return self.kinesis.describe_stream(StreamName=name)["StreamDescription"]

    def iterator(self, stream, shard="shardId-000000000000", kind="TRIM_HORIZON", **extra):
        return self.kinesis.get_shard_iterator(
            StreamName=stream, ShardId=shard, ShardIteratorType=kind, **extra
        )["ShardIterator"]

    def read_all(self, stream, shard="shardId-000000000000"):
        return self.kinesis.get_records(ShardIterator=self.iterator(stream, shard))["Records"]

    def test_records_route_by_md5_of_the_partition_key(self):
        shards = self.create("routing", 3)["Shards"]
        ranges = {
            s["ShardId"]: (int(s["HashKeyRange"]["StartingHashKey"]),
                           int(s["HashKeyRange"]["EndingHashKey"]))
            for s in shards
        }
        for i in range(60):
            key = f"key-{i}"
            out = self.kinesis.put_record(StreamName="routing", PartitionKey=key, Data=b"x")
            start, end = ranges[out["ShardId"]]
            self.assertTrue(start <= md5_key(key) <= end, (key, out["ShardId"]))
        total = sum(len(self.read_all("routing", shard)) for shard in ranges)
        self.assertEqual(total, 60)

    def test_initial_shards_cover_the_key_space_as_aws_cuts_it(self):
        shards = self.create("ranges", 3)["Shards"]
        self.assertEqual([s["ShardId"] for s in shards],
                         [f"shardId-00000000000{i}" for i in range(3)])
        self.assertEqual(shards[0]["HashKeyRange"]["StartingHashKey"], "0")
        self.assertEqual(shards[0]["HashKeyRange"]["EndingHashKey"],
                         "113427455640312821154458202477256070484")
        self.assertEqual(shards[1]["HashKeyRange"]["StartingHashKey"],
                         "113427455640312821154458202477256070485")
        self.assertEqual(shards[2]["HashKeyRange"]["EndingHashKey"], str(MAX_HASH))
        for low, high in zip(shards, shards[1:]):
            self.assertEqual(int(low["HashKeyRange"]["EndingHashKey"]) + 1,
                             int(high["HashKeyRange"]["StartingHashKey"]))

    def test_explicit_hash_key_overrides_the_partition_key(self):
        self.create("explicit", 2)
        out = self.kinesis.put_record(StreamName="explicit", PartitionKey="a", Data=b"1",
                                      ExplicitHashKey=str(MAX_HASH))
        self.assertEqual(out["ShardId"], "shardId-000000000001")
        out = self.kinesis.put_record(StreamName="explicit", PartitionKey="a", Data=b"1",
                                      ExplicitHashKey="0")
        self.assertEqual(out["ShardId"], "shardId-000000000000")
        self.assert_error(
            self.kinesis.put_record, "InvalidArgumentException",
            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
            f"Specified value was {2**128}",
            StreamName="explicit", PartitionKey="a", Data=b"1", ExplicitHashKey=str(2**128))
        self.assert_error(
            self.kinesis.put_record, "ValidationException",
            "1 validation error detected: Value '-1' at 'explicitHashKey' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
            StreamName="explicit", PartitionKey="a", Data=b"1", ExplicitHashKey="-1")

    def test_binary_data_round_trips_every_byte_value(self):
        self.create("binary")
        payload = bytes(range(256))
        self.kinesis.put_record(StreamName="binary", PartitionKey="p", Data=payload)
        self.kinesis.put_record(StreamName="binary", PartitionKey="p", Data=b"")
        records = self.read_all("binary")
        self.assertEqual(records[0]["Data"], payload)
        self.assertEqual(records[1]["Data"], b"")
        self.assertEqual(records[0]["PartitionKey"], "p")

    def test_sequence_numbers_are_56_digits_and_increase(self):
        self.create("sequence", 2)
        numbers, shards = [], set()
        for i in range(20):
            out = self.kinesis.put_record(StreamName="sequence", PartitionKey=str(i), Data=b"d")
            self.assertRegex(out["SequenceNumber"], r"^[1-9]\d{55}$")
            numbers.append(int(out["SequenceNumber"]))
            shards.add(out["ShardId"])
        # In put order, whichever shard took each record.
        self.assertEqual(len(shards), 2)
        self.assertEqual(numbers, sorted(set(numbers)))

    def test_every_iterator_type(self):
        self.create("types")
        seqs = [
            self.kinesis.put_record(StreamName="types", PartitionKey="k", Data=f"r{i}".encode())[
                "SequenceNumber"]
            for i in range(5)
        ]

        def datas(iterator):
            return [r["Data"].decode() for r in
                    self.kinesis.get_records(ShardIterator=iterator)["Records"]]

        self.assertEqual(datas(self.iterator("types")), ["r0", "r1", "r2", "r3", "r4"])
        self.assertEqual(datas(self.iterator("types", kind="AT_SEQUENCE_NUMBER",
                                             StartingSequenceNumber=seqs[2])),
                         ["r2", "r3", "r4"])
        self.assertEqual(datas(self.iterator("types", kind="AFTER_SEQUENCE_NUMBER",
                                             StartingSequenceNumber=seqs[2])),
                         ["r3", "r4"])
        latest = self.iterator("types", kind="LATEST")
        self.assertEqual(datas(latest), [])
        self.kinesis.put_record(StreamName="types", PartitionKey="k", Data=b"r5")
        self.assertEqual(datas(latest), ["r5"])
        start = self.kinesis.describe_stream(StreamName="types")["StreamDescription"]["Shards"][0][
            "SequenceNumberRange"]["StartingSequenceNumber"]
        self.assertEqual(len(datas(self.iterator("types", kind="AT_SEQUENCE_NUMBER",
                                                 StartingSequenceNumber=start))), 6)
        self.assertEqual(len(datas(self.iterator("types", kind="AFTER_SEQUENCE_NUMBER",
                                                 StartingSequenceNumber=start))), 6)
        past = time.time() - 3600
        self.assertEqual(len(datas(self.iterator("types", kind="AT_TIMESTAMP", Timestamp=past))), 6)
        arn = self.kinesis.describe_stream_summary(StreamName="types")[
            "StreamDescriptionSummary"]["StreamARN"]
        by_arn = self.kinesis.get_shard_iterator(
            StreamARN=arn, ShardId="shardId-000000000000",
            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual(len(datas(by_arn)), 6)

    def test_get_records_pages_with_limit_and_next_iterator(self):
        self.create("paging")
        self.kinesis.put_records(StreamName="paging", Records=[
            {"PartitionKey": "k", "Data": str(i).encode()} for i in range(25)])
        iterator = self.iterator("paging")
        seen = []
        first = self.kinesis.get_records(ShardIterator=iterator, Limit=10)
        self.assertEqual(len(first["Records"]), 10)
        self.assertIn("MillisBehindLatest", first)
        iterator = first["NextShardIterator"]
        seen += [r["Data"] for r in first["Records"]]
        while True:
            out = self.kinesis.get_records(ShardIterator=iterator, Limit=10)
            if not out["Records"]:
                break
            seen += [r["Data"] for r in out["Records"]]
            iterator = out["NextShardIterator"]
        self.assertEqual(seen, [str(i).encode() for i in range(25)])
        self.assertEqual(out["MillisBehindLatest"], 0)
        self.assertIn("NextShardIterator", out)
        self.assertNotEqual(out["NextShardIterator"], "")
        self.assertIsNotNone(first["Records"][0]["ApproximateArrivalTimestamp"])

    def test_put_records_answers_each_record(self):
        self.create("batch", 2)
        out = self.kinesis.put_records(StreamName="batch", Records=[
            {"PartitionKey": f"k{i}", "Data": b"d"} for i in range(500)])
        self.assertEqual(out["FailedRecordCount"], 0)
        self.assertEqual(len(out["Records"]), 500)
        for i, result in enumerate(out["Records"]):
            expected = 0 if md5_key(f"k{i}") <= (2**128 // 2) - 1 else 1
            self.assertEqual(result["ShardId"], f"shardId-00000000000{expected}")
        self.assert_error(
            self.kinesis.put_records, "ValidationException",
            "1 validation error detected: Value '-5' at 'records.2.member.explicitHashKey' failed "
            "to satisfy constraint: Member must satisfy regular expression pattern: "
            "0|([1-9]\\d{0,38})",
            StreamName="batch", Records=[{"PartitionKey": "a", "Data": b"d"},
                                         {"PartitionKey": "a", "Data": b"d",
                                          "ExplicitHashKey": "-5"}])

    def test_put_records_of_more_than_5_mib_fail(self):
        self.create("big")
        record = {"PartitionKey": "k", "Data": b"x" * (1024 * 1024 - 1)}
        # Exactly 5 MiB of keys and data, then ten bytes more.
        self.assert_error(self.kinesis.put_records, "InvalidArgumentException",
                          "Records size exceeds 5 MB limit", StreamName="big",
                          Records=[record] * 5 + [{"PartitionKey": "k", "Data": b"y" * 9}])
        out = self.kinesis.put_records(StreamName="big", Records=[record] * 5)
        self.assertEqual(out["FailedRecordCount"], 0)
        records = self.kinesis.get_records(ShardIterator=self.iterator("big"))["Records"]
        self.assertEqual(len(records), 5)

    def test_a_record_over_1_mib_is_refused(self):
        self.create("huge")
        # boto3 checks no blob sizes, so the request reaches the emulator.
        self.assert_error(
            self.kinesis.put_record, "ValidationException",
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 "
            "cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less "
            "than or equal to 1048576",
            StreamName="huge", PartitionKey="k", Data=b"x" * (1024 * 1024 + 1))

    def test_get_records_stops_at_10_mib(self):
        self.create("capped")
        megabyte = b"m" * (1024 * 1024 - 1)  # with its 1-byte key, exactly 1 MiB
        for _ in range(11):
            self.kinesis.put_record(StreamName="capped", PartitionKey="k", Data=megabyte)
        first = self.kinesis.get_records(ShardIterator=self.iterator("capped"))
        self.assertEqual(len(first["Records"]), 10)
        self.assertGreaterEqual(first["MillisBehindLatest"], 0)
        rest = self.kinesis.get_records(ShardIterator=first["NextShardIterator"])
        self.assertEqual(len(rest["Records"]), 1)
        self.assert_error(
            self.kinesis.get_records, "ValidationException",
            "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 10000",
            ShardIterator=first["NextShardIterator"], Limit=10001)

    def test_sequence_number_for_ordering(self):
        self.create("ordered")
        first = self.kinesis.put_record(StreamName="ordered", PartitionKey="k", Data=b"1")
        second = self.kinesis.put_record(StreamName="ordered", PartitionKey="k", Data=b"2",
                                         SequenceNumberForOrdering=first["SequenceNumber"])
        self.assertGreater(int(second["SequenceNumber"]), int(first["SequenceNumber"]))
        self.assert_error(
            self.kinesis.put_record, "InvalidArgumentException",
            "ExclusiveMinimumSequenceNumber 123 used in PutRecord on stream ordered under "
            "account 000000000000 is invalid.",
            StreamName="ordered", PartitionKey="k", Data=b"3", SequenceNumberForOrdering="123")

    def test_streams_belong_to_their_account(self):
        other = self.eddy.client("kinesis", access_key="111122223333")
        other.create_stream(StreamName="theirs", ShardCount=1)
        self.assertEqual(
            other.describe_stream_summary(StreamName="theirs")["StreamDescriptionSummary"][
                "StreamARN"], "arn:aws:kinesis:us-east-1:111122223333:stream/theirs")
        self.assert_error(self.kinesis.describe_stream, "ResourceNotFoundException",
                          "Stream theirs under account 000000000000 not found.",
                          StreamName="theirs")

    def test_missing_stream_and_bad_names(self):
        self.assert_error(self.kinesis.put_record, "ResourceNotFoundException",
                          "Stream nope under account 000000000000 not found.",
                          StreamName="nope", PartitionKey="k", Data=b"x")
        self.assert_error(
            self.kinesis.put_record, "ValidationException",
            "1 validation error detected: Value 'bad name' at 'streamName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            StreamName="bad name", PartitionKey="k", Data=b"x")

    def test_iterator_errors(self):
        self.create("iterr", 2)
        seq = self.kinesis.put_record(StreamName="iterr", PartitionKey="k", Data=b"x",
                                      ExplicitHashKey="0")["SequenceNumber"]
        self.assert_error(
            self.kinesis.get_shard_iterator, "InvalidArgumentException",
            "Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used "
            "in a call to a shard with shardId-000000000001",
            StreamName="iterr", ShardId="shardId-000000000001",
            ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seq)
        self.assert_error(
            self.kinesis.get_shard_iterator, "InvalidArgumentException",
            "StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 "
            "in stream iterr under account 000000000000 is invalid.",
            StreamName="iterr", ShardId="shardId-000000000000",
            ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber="12345")
        self.assert_error(
            self.kinesis.get_shard_iterator, "InvalidArgumentException",
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
            "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
            "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.",
            StreamName="iterr", ShardId="shardId-000000000000",
            ShardIteratorType="AT_SEQUENCE_NUMBER")
        self.assert_error(
            self.kinesis.get_shard_iterator, "ResourceNotFoundException",
            "Shard shardId-000000000009 in stream iterr under account 000000000000 does not exist",
            StreamName="iterr", ShardId="shardId-000000000009", ShardIteratorType="LATEST")
        self.assert_error(
            self.kinesis.get_shard_iterator, "ValidationException",
            "1 validation error detected: Value 'SOMETIME' at 'shardIteratorType' failed to "
            "satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, "
            "AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]",
            StreamName="iterr", ShardId="shardId-000000000000", ShardIteratorType="SOMETIME")
        good = self.iterator("iterr")
        raw = bytearray(base64.b64decode(good))
        raw[12] ^= 1
        self.assert_error(self.kinesis.get_records, "InvalidArgumentException",
                          "Invalid ShardIterator.",
                          ShardIterator=base64.b64encode(bytes(raw)).decode())
        self.assert_error(self.kinesis.get_records, "InvalidArgumentException",
                          "Invalid ShardIterator.", ShardIterator="garbage")

    def test_deleted_stream_iterators_fail(self):
        self.create("gone")
        iterator = self.iterator("gone")
        self.kinesis.delete_stream(StreamName="gone")
        self.assert_error(
            self.kinesis.get_records, "ResourceNotFoundException",
            "Shard shardId-000000000000 in stream gone under account 000000000000 does not exist",
            ShardIterator=iterator)

    def test_puts_follow_a_stream_deleted_and_created_again(self):
        # Puts route through an in-memory view of the stream: it must not outlive the stream.
        self.create("reborn", 1)
        self.kinesis.put_record(StreamName="reborn", PartitionKey="a", Data=b"old")
        self.kinesis.delete_stream(StreamName="reborn")
        self.assert_error(self.kinesis.put_record, "ResourceNotFoundException",
                          "Stream reborn under account 000000000000 not found.",
                          StreamName="reborn", PartitionKey="a", Data=b"lost")
        self.create("reborn", 2)
        keys = [str(i) for i in range(12)]
        shards = {self.kinesis.put_record(StreamName="reborn", PartitionKey=k, Data=b"new")["ShardId"]
                  for k in keys}
        self.assertEqual(shards, {"shardId-000000000000", "shardId-000000000001"})
        data = [r["Data"] for s in sorted(shards) for r in self.read_all("reborn", s)]
        self.assertEqual(data, [b"new"] * len(keys))

    def test_latest_iterator_sees_the_next_put_after_many_puts(self):
        # LATEST starts at the stream's next counter, which puts keep in memory and in SQLite.
        self.create("latest-after-puts")
        for i in range(5):
            self.kinesis.put_record(StreamName="latest-after-puts", PartitionKey="k", Data=b"%d" % i)
        latest = self.iterator("latest-after-puts", kind="LATEST")
        self.kinesis.put_record(StreamName="latest-after-puts", PartitionKey="k", Data=b"next")
        records = self.kinesis.get_records(ShardIterator=latest)["Records"]
        self.assertEqual([r["Data"] for r in records], [b"next"])

    def test_malformed_json_types_are_serialization_errors(self):
        body = json.dumps({"StreamName": "x", "ShardCount": "three"}).encode()
        request = urllib.request.Request(
            self.eddy.endpoint, data=body, method="POST",
            headers={"Content-Type": "application/x-amz-json-1.1",
                     "X-Amz-Target": "Kinesis_20131202.CreateStream",
                     "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                                      "kinesis/aws4_request, SignedHeaders=host, Signature=x"})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request)
        self.assertEqual(raised.exception.code, 400)
        answer = json.loads(raised.exception.read())
        self.assertEqual(answer["__type"], "SerializationException")
        self.assertEqual(answer["message"],
                         "class java.lang.String can not be converted to an Integer")


if __name__ == "__main__":
    unittest.main()
