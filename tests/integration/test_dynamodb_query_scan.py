"""Query and Scan through boto3's client and resource APIs: key conditions on every operator,
number ordering (negatives, exponents, 38 digits), ScanIndexForward, Limit and pagination,
FilterExpression after the Limit (Count vs ScannedCount), Select, the 1 MB page, secondary
indexes (GSI and LSI), scan segments, and the legacy KeyConditions / QueryFilter / ScanFilter."""

from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key

from dynamodb_test_support import DynamoDbTestCase

ADVERSARIAL_NUMBERS = [
    "-1e10", "-100", "-99.99", "-1", "-0.5", "-1e-130", "0", "1e-130", "0.001", "0.5", "1", "1.5",
    "9", "10", "99", "1e2", "100.5", "12345678901234567890123456789012345678", "9.9999999999999999999999999999999999999e125",
]


class QueryTest(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb.create_table(
            TableName="numbers",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "n", "AttributeType": "N"}],
            BillingMode="PAY_PER_REQUEST",
        )
        cls.ddb.create_table(
            TableName="events",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "kind", "AttributeType": "S"},
                {"AttributeName": "score", "AttributeType": "N"},
            ],
            BillingMode="PAY_PER_REQUEST",
            GlobalSecondaryIndexes=[{
                "IndexName": "by-kind",
                "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"},
                              {"AttributeName": "score", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }],
            LocalSecondaryIndexes=[{
                "IndexName": "by-score",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "score", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
            }],
        )
        # Shuffled so that storage order cannot come from insertion order.
        for text in ADVERSARIAL_NUMBERS[::2] + ADVERSARIAL_NUMBERS[1::2]:
            if text == "1e2":
                continue  # equals 100 numerically; stored once as 100 below
            cls.ddb.put_item(TableName="numbers", Item={"pk": {"S": "p"}, "n": {"N": text}})
        cls.ddb.put_item(TableName="numbers", Item={"pk": {"S": "p"}, "n": {"N": "1e2"}})
        with cls.resource.Table("events").batch_writer() as writer:
            for i in range(20):
                writer.put_item(Item={
                    "pk": "user-1", "sk": f"event-{i:03d}", "kind": "click" if i % 2 else "view",
                    "score": i * 10 - 50, "note": f"n{i}", "other": "x",
                })
            writer.put_item(Item={"pk": "user-2", "sk": "event-000", "other": "no index keys"})

    def numbers(self, **kwargs):
        out = self.ddb.query(TableName="numbers", KeyConditionExpression="pk = :p" + kwargs.pop("extra", ""),
                             ExpressionAttributeValues={":p": {"S": "p"}, **kwargs.pop("values", {})}, **kwargs)
        return [Decimal(i["n"]["N"]) for i in out["Items"]]

    def test_numbers_sort_by_value(self):
        expected = sorted({Decimal(t) for t in ADVERSARIAL_NUMBERS})
        self.assertEqual(self.numbers(), expected)
        self.assertEqual(self.numbers(ScanIndexForward=False), expected[::-1])

    def test_sort_key_operators(self):
        every = sorted({Decimal(t) for t in ADVERSARIAL_NUMBERS})
        cases = {
            " AND n < :v": lambda x: x < 0, " AND n <= :v": lambda x: x <= 0,
            " AND n > :v": lambda x: x > 0, " AND n >= :v": lambda x: x >= 0, " AND n = :v": lambda x: x == 0,
        }
        for extra, keep in cases.items():
            with self.subTest(extra):
                self.assertEqual(self.numbers(extra=extra, values={":v": {"N": "0"}}), [x for x in every if keep(x)])
        between = self.numbers(extra=" AND n BETWEEN :lo AND :hi", values={":lo": {"N": "-1"}, ":hi": {"N": "1e1"}})
        self.assertEqual(between, [x for x in every if Decimal(-1) <= x <= 10])

    def test_begins_with_on_strings(self):
        out = self.ddb.query(
            TableName="events", KeyConditionExpression="pk = :p AND begins_with(sk, :pre)",
            ExpressionAttributeValues={":p": {"S": "user-1"}, ":pre": {"S": "event-01"}},
        )
        self.assertEqual([i["sk"]["S"] for i in out["Items"]], [f"event-{i:03d}" for i in range(10, 20)])

    def test_limit_pagination_and_filter_after_limit(self):
        seen, start, pages = [], None, 0
        while True:
            kwargs = {"ExclusiveStartKey": start} if start else {}
            out = self.ddb.query(
                TableName="events", KeyConditionExpression="pk = :p", FilterExpression="kind = :k",
                ExpressionAttributeValues={":p": {"S": "user-1"}, ":k": {"S": "click"}}, Limit=6, **kwargs,
            )
            pages += 1
            self.assertLessEqual(out["ScannedCount"], 6)
            self.assertEqual(out["Count"], len(out["Items"]))
            seen += [i["sk"]["S"] for i in out["Items"]]
            start = out.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(seen, [f"event-{i:03d}" for i in range(1, 20, 2)])
        self.assertEqual(pages, 4)
        first = self.ddb.query(
            TableName="events", KeyConditionExpression="pk = :p", FilterExpression="kind = :k",
            ExpressionAttributeValues={":p": {"S": "user-1"}, ":k": {"S": "click"}}, Limit=5,
        )
        self.assertEqual(first["ScannedCount"], 5)
        self.assertEqual(first["Count"], 2)
        self.assertEqual(first["LastEvaluatedKey"], {"pk": {"S": "user-1"}, "sk": {"S": "event-004"}})

    def test_select_count_and_specific(self):
        count = self.ddb.query(TableName="events", KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": {"S": "user-1"}}, Select="COUNT")
        self.assertEqual(count["Count"], 20)
        self.assertNotIn("Items", count)
        specific = self.ddb.query(TableName="events", KeyConditionExpression="pk = :p", Limit=1,
                                  ExpressionAttributeValues={":p": {"S": "user-1"}},
                                  Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="note")
        self.assertEqual(specific["Items"], [{"note": {"S": "n0"}}])
        self.assert_error(
            self.ddb.query, "ValidationException",
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
            TableName="events", KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "user-1"}}, Select="ALL_PROJECTED_ATTRIBUTES",
        )

    def test_gsi_query_keys_only(self):
        out = self.ddb.query(
            TableName="events", IndexName="by-kind", KeyConditionExpression="kind = :k AND score >= :s",
            ExpressionAttributeValues={":k": {"S": "view"}, ":s": {"N": "0"}},
        )
        self.assertEqual([Decimal(i["score"]["N"]) for i in out["Items"]], [10 * i - 50 for i in range(6, 20, 2)])
        self.assertEqual(set(out["Items"][0]), {"pk", "sk", "kind", "score"})
        page = self.ddb.query(
            TableName="events", IndexName="by-kind", KeyConditionExpression="kind = :k",
            ExpressionAttributeValues={":k": {"S": "view"}}, Limit=2,
        )
        self.assertEqual(set(page["LastEvaluatedKey"]), {"pk", "sk", "kind", "score"})
        rest = self.ddb.query(
            TableName="events", IndexName="by-kind", KeyConditionExpression="kind = :k",
            ExpressionAttributeValues={":k": {"S": "view"}}, ExclusiveStartKey=page["LastEvaluatedKey"],
        )
        self.assertEqual(len(page["Items"]) + len(rest["Items"]), 10)
        self.assert_error(
            self.ddb.query, "ValidationException",
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
            "for global secondary index by-kind because its projection type is not ALL",
            TableName="events", IndexName="by-kind", KeyConditionExpression="kind = :k",
            ExpressionAttributeValues={":k": {"S": "view"}}, Select="ALL_ATTRIBUTES",
        )
        self.assert_error(
            self.ddb.query, "ValidationException", "Consistent reads are not supported on global secondary indexes",
            TableName="events", IndexName="by-kind", KeyConditionExpression="kind = :k",
            ExpressionAttributeValues={":k": {"S": "view"}}, ConsistentRead=True,
        )

    def test_lsi_query_projected_and_all_attributes(self):
        out = self.ddb.query(
            TableName="events", IndexName="by-score", KeyConditionExpression="pk = :p AND score < :s",
            ExpressionAttributeValues={":p": {"S": "user-1"}, ":s": {"N": "-20"}}, ScanIndexForward=False,
        )
        self.assertEqual([i["note"]["S"] for i in out["Items"]], ["n2", "n1", "n0"])
        self.assertNotIn("other", out["Items"][0])
        full = self.ddb.query(
            TableName="events", IndexName="by-score", KeyConditionExpression="pk = :p AND score < :s",
            ExpressionAttributeValues={":p": {"S": "user-1"}, ":s": {"N": "-40"}}, Select="ALL_ATTRIBUTES",
        )
        self.assertEqual(full["Items"][0]["other"], {"S": "x"})

    def test_scan_of_an_index_and_consumed_capacity(self):
        scanned = self.ddb.scan(TableName="events", IndexName="by-kind", ReturnConsumedCapacity="INDEXES")
        self.assertEqual(scanned["Count"], 20)  # user-2's item has no index keys: the index is sparse
        self.assertEqual(set(scanned["Items"][0]), {"pk", "sk", "kind", "score"})
        self.assertIn("by-kind", scanned["ConsumedCapacity"]["GlobalSecondaryIndexes"])
        query = self.ddb.query(TableName="events", KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": {"S": "user-1"}},
                               ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(query["ConsumedCapacity"], {"TableName": "events", "CapacityUnits": 1.0})

    def test_key_condition_errors(self):
        self.assert_error(
            self.ddb.query, "ValidationException",
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
            TableName="events",
        )
        self.assert_error(
            self.ddb.query, "ValidationException",
            "One or more parameter values were invalid: Condition parameter type does not match schema type",
            TableName="events", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"N": "1"}},
        )
        self.assert_error(
            self.ddb.query, "ResourceNotFoundException", "Requested resource not found",
            TableName="missing-table", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "1"}},
        )
        unchecked = self.eddy.client("dynamodb", parameter_validation=False)
        self.assert_error(
            unchecked.query, "ValidationException",
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member "
            "must have value greater than or equal to 1",
            TableName="events", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "1"}},
            Limit=0,
        )

    def test_filter_cannot_name_the_queried_key(self):
        self.assert_error(
            self.ddb.query, "ValidationException",
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
            TableName="events", KeyConditionExpression="pk = :p", FilterExpression="sk > :s",
            ExpressionAttributeValues={":p": {"S": "user-1"}, ":s": {"S": "a"}},
        )

    def test_legacy_key_conditions_and_query_filter(self):
        out = self.ddb.query(
            TableName="events",
            KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "user-1"}]},
                           "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "event-00"}]}},
            QueryFilter={"kind": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "view"}]}},
        )
        self.assertEqual([i["sk"]["S"] for i in out["Items"]], ["event-000", "event-002", "event-004",
                                                                 "event-006", "event-008"])
        self.assertEqual(out["ScannedCount"], 10)

    def test_resource_api_key_and_attr(self):
        table = self.resource.Table("events")
        out = table.query(KeyConditionExpression=Key("pk").eq("user-1") & Key("sk").between("event-003", "event-005"),
                          FilterExpression=Attr("score").gt(-30))
        self.assertEqual([i["sk"] for i in out["Items"]], ["event-003", "event-004", "event-005"])


class PageSizeTest(DynamoDbTestCase):
    def test_one_megabyte_page(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        blob = "x" * 100_000
        with self.resource.Table(name).batch_writer() as writer:
            for i in range(25):
                writer.put_item(Item={"pk": "p", "sk": i, "data": blob})
        first = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": {"S": "p"}})
        self.assertEqual(first["Count"], 11)  # the item that crosses 1 MB ends the page
        self.assertIn("LastEvaluatedKey", first)
        rest = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": {"S": "p"}},
                              ExclusiveStartKey=first["LastEvaluatedKey"])
        self.assertEqual(first["Count"] + rest["Count"] + (self.ddb.query(
            TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
            ExclusiveStartKey=rest["LastEvaluatedKey"])["Count"] if "LastEvaluatedKey" in rest else 0), 25)


class ScanTest(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb.create_table(
            TableName="scanned",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
            BillingMode="PAY_PER_REQUEST",
        )
        with cls.resource.Table("scanned").batch_writer() as writer:
            for i in range(60):
                writer.put_item(Item={"id": i, "even": i % 2 == 0})

    def test_scan_everything_with_pages(self):
        ids, start = [], None
        while True:
            out = self.ddb.scan(TableName="scanned", Limit=7, **({"ExclusiveStartKey": start} if start else {}))
            ids += [int(i["id"]["N"]) for i in out["Items"]]
            start = out.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(sorted(ids), list(range(60)))

    def test_segments_partition_the_table(self):
        ids = []
        for segment in range(4):
            out = self.ddb.scan(TableName="scanned", Segment=segment, TotalSegments=4)
            ids += [int(i["id"]["N"]) for i in out["Items"]]
        self.assertEqual(sorted(ids), list(range(60)))
        self.assert_error(
            self.ddb.scan, "ValidationException",
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            "Segment: 4 is out of bounds for TotalSegments: 4",
            TableName="scanned", Segment=4, TotalSegments=4,
        )

    def test_filters(self):
        out = self.ddb.scan(TableName="scanned", FilterExpression="even = :t AND id < :n",
                            ExpressionAttributeValues={":t": {"BOOL": True}, ":n": {"N": "10"}})
        self.assertEqual(sorted(int(i["id"]["N"]) for i in out["Items"]), [0, 2, 4, 6, 8])
        self.assertEqual(out["ScannedCount"], 60)
        legacy = self.ddb.scan(TableName="scanned",
                               ScanFilter={"id": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "3"}]}})
        self.assertEqual(legacy["Count"], 3)
        resource = self.resource.Table("scanned").scan(FilterExpression=Attr("id").between(10, 12))
        self.assertEqual(sorted(int(i["id"]) for i in resource["Items"]), [10, 11, 12])
