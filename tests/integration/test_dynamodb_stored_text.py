"""Items are stored as JSON text and read back by Eddy's own writer and reader of that text: every
way a string can need escaping, and text beyond ASCII, must come back byte for byte through every
read (GetItem, Query, Scan, BatchGetItem, a GSI, ReturnValues) and through an update."""

from dynamodb_test_support import DynamoDbTestCase

CONTROL = "".join(chr(c) for c in range(1, 0x20)) + "\x7f"
AWKWARD = [
    'quote " and backslash \\ and slash /',
    "control " + CONTROL,
    "Grüße, 東京, 😀",
    "\\u0041 is not an escape here",
    "",
]


class StoredTextTest(DynamoDbTestCase):
    def setUp(self):
        self.table = self.create_table(
            hash_key=("pk", "S"), range_key=("sk", "N"), more_definitions={"g": "S"},
            GlobalSecondaryIndexes=[{
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }])

    def item(self, n, text):
        return {
            "pk": {"S": "p"},
            "sk": {"N": str(n)},
            "g": {"S": "g " + text if text else "g"},
            "text": {"S": text} if text else {"NULL": True},
            "nested": {"M": {text or "empty": {"L": [{"S": text}, {"SS": [text + "a", text + "b"]}]}}},
            "key \"with\" \n escapes": {"BOOL": True},
        }

    def test_awkward_text_reads_back_through_every_read(self):
        items = [self.item(n, text) for n, text in enumerate(AWKWARD)]
        for item in items:
            self.ddb.put_item(TableName=self.table, Item=item)
        for n, item in enumerate(items):
            got = self.ddb.get_item(TableName=self.table, Key={"pk": {"S": "p"}, "sk": {"N": str(n)}})
            self.assertEqual(got["Item"], item)
        queried = self.ddb.query(TableName=self.table, KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
        self.assertEqual(queried, items)
        scanned = self.ddb.scan(TableName=self.table)["Items"]
        self.assertEqual(scanned, items)
        batch = self.ddb.batch_get_item(RequestItems={self.table: {
            "Keys": [{"pk": {"S": "p"}, "sk": {"N": str(n)}} for n in range(len(items))]}})
        self.assertCountEqual(batch["Responses"][self.table], items)
        for item in items:
            by_index = self.ddb.query(TableName=self.table, IndexName="by-g",
                                      KeyConditionExpression="g = :g",
                                      ExpressionAttributeValues={":g": item["g"]})["Items"]
            self.assertEqual(by_index, [item])

    def test_awkward_text_survives_update_and_return_values(self):
        first = self.item(0, AWKWARD[0])
        self.ddb.put_item(TableName=self.table, Item=first)
        replaced = self.ddb.put_item(TableName=self.table, Item=self.item(0, AWKWARD[1]),
                                     ReturnValues="ALL_OLD")
        self.assertEqual(replaced["Attributes"], first)
        updated = self.ddb.update_item(
            TableName=self.table, Key={"pk": {"S": "p"}, "sk": {"N": "0"}},
            UpdateExpression="SET #t = :t", ExpressionAttributeNames={"#t": "text"},
            ExpressionAttributeValues={":t": {"S": AWKWARD[2] + CONTROL}}, ReturnValues="ALL_NEW")
        self.assertEqual(updated["Attributes"]["text"], {"S": AWKWARD[2] + CONTROL})
        got = self.ddb.get_item(TableName=self.table, Key={"pk": {"S": "p"}, "sk": {"N": "0"}})["Item"]
        self.assertEqual(got, updated["Attributes"])
        self.assertEqual(got["nested"], self.item(0, AWKWARD[1])["nested"])


    def pages(self, operation, **kwargs):
        """Every page of a Query or Scan; each LastEvaluatedKey must be the key of its page's last
        item (cut from that item's stored text), with the index's key when reading an index."""
        names = ["pk", "sk"] + (["g"] if "IndexName" in kwargs else [])
        pages, start = [], {}
        while True:
            out = operation(TableName=self.table, **kwargs, **start)
            pages.append(out)
            if "LastEvaluatedKey" not in out:
                return pages
            if out.get("Items"):
                self.assertEqual(out["LastEvaluatedKey"], {n: out["Items"][-1][n] for n in names})
            start = {"ExclusiveStartKey": out["LastEvaluatedKey"]}

    def test_pages_end_at_keys_cut_from_awkward_items(self):
        items = [self.item(n, text) for n, text in enumerate(AWKWARD)]
        items += [dict(self.item(n, text), pk={"S": "p " + text}) for n, text in enumerate(AWKWARD)]
        for item in items:
            self.ddb.put_item(TableName=self.table, Item=item)
        in_p = [i for i in items if i["pk"] == {"S": "p"}]
        query = dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
        for forward in (True, False):
            pages = self.pages(self.ddb.query, Limit=2, ScanIndexForward=forward, **query)
            got = [i for page in pages for i in page["Items"]]
            self.assertEqual(got, in_p if forward else in_p[::-1])
        pages = self.pages(self.ddb.scan, Limit=3)
        self.assertCountEqual([i for page in pages for i in page["Items"]], items)
        pages = self.pages(self.ddb.scan, Limit=1, IndexName="by-g")
        self.assertCountEqual([i for page in pages for i in page["Items"]], items)
        segments = [i for segment in range(3) for page in self.pages(
            self.ddb.scan, Limit=2, Segment=segment, TotalSegments=3) for i in page["Items"]]
        self.assertCountEqual(segments, items)
        # Select COUNT keeps no items, yet its pages end at the key of the last one counted.
        counted = self.ddb.query(TableName=self.table, Select="COUNT", Limit=2, **query)
        self.assertEqual((counted["Count"], counted["ScannedCount"]), (2, 2))
        self.assertNotIn("Items", counted)
        self.assertEqual(counted["LastEvaluatedKey"], {"pk": in_p[1]["pk"], "sk": in_p[1]["sk"]})
        counts = [page["Count"] for page in self.pages(self.ddb.scan, Select="COUNT", Limit=4)]
        self.assertEqual(sum(counts), len(items))
