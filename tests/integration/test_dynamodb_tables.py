"""DynamoDB's control plane through boto3: CreateTable (keys, indexes, billing, streams, tags),
DescribeTable, ListTables paging, UpdateTable, DeleteTable, the table waiters, and AWS's errors."""

from dynamodb_test_support import DynamoDbTestCase


class CreateTableTest(DynamoDbTestCase):
    def test_create_describe_hash_and_range_provisioned(self):
        name = self.unique_name()
        created = self.ddb.create_table(
            TableName=name,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
            ],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7},
        )["TableDescription"]
        self.assertEqual(created["TableStatus"], "ACTIVE")
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["TableName"], name)
        self.assertEqual(table["TableArn"], f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}")
        self.assertEqual(len(table["TableId"]), 36)
        self.assertEqual(table["ItemCount"], 0)
        self.assertEqual(table["TableSizeBytes"], 0)
        self.assertEqual(table["ProvisionedThroughput"]["ReadCapacityUnits"], 5)
        self.assertEqual(table["ProvisionedThroughput"]["WriteCapacityUnits"], 7)
        self.assertEqual(
            table["KeySchema"],
            [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        )
        self.assertNotIn("BillingModeSummary", table)
        self.assertFalse(table["DeletionProtectionEnabled"])

    def test_pay_per_request_with_indexes_streams_and_tags(self):
        name = self.unique_name()
        self.ddb.create_table(
            TableName=name,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "N"},
                {"AttributeName": "l", "AttributeType": "B"},
            ],
            BillingMode="PAY_PER_REQUEST",
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]},
                }
            ],
            LocalSecondaryIndexes=[
                {
                    "IndexName": "by-l",
                    "KeySchema": [
                        {"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "l", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            Tags=[{"Key": "team", "Value": "data"}],
            DeletionProtectionEnabled=True,
        )
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(table["ProvisionedThroughput"]["ReadCapacityUnits"], 0)
        gsi = table["GlobalSecondaryIndexes"][0]
        self.assertEqual(gsi["IndexName"], "by-g")
        self.assertEqual(gsi["IndexStatus"], "ACTIVE")
        self.assertEqual(gsi["Projection"], {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]})
        self.assertEqual(gsi["IndexArn"], table["TableArn"] + "/index/by-g")
        lsi = table["LocalSecondaryIndexes"][0]
        self.assertEqual(lsi["Projection"], {"ProjectionType": "KEYS_ONLY"})
        self.assertEqual(lsi["ItemCount"], 0)
        self.assertEqual(
            table["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
        )
        self.assertTrue(table["LatestStreamArn"].startswith(table["TableArn"] + "/stream/"))
        self.assertTrue(table["LatestStreamArn"].endswith(table["LatestStreamLabel"]))
        self.assertTrue(table["DeletionProtectionEnabled"])
        tags = self.ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "data"}])

    def test_existing_table_is_in_use(self):
        name = self.create_table()
        self.assert_error(
            self.create_table, "ResourceInUseException", f"Table already exists: {name}", name=name
        )

    def test_key_schema_errors(self):
        base = dict(TableName=self.unique_name(), BillingMode="PAY_PER_REQUEST")
        self.assert_error(
            self.ddb.create_table,
            "ValidationException",
            "One or more parameter values were invalid: Some index key attributes are not defined "
            "in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}],
            **base,
        )
        self.assert_error(
            self.ddb.create_table,
            "ValidationException",
            "One or more parameter values were invalid: Number of attributes in KeySchema does not "
            "exactly match number of attributes defined in AttributeDefinitions",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "extra", "AttributeType": "S"},
            ],
            **base,
        )
        self.assert_error(
            self.ddb.create_table,
            "ValidationException",
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
            KeySchema=[{"AttributeName": "id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            **base,
        )
        self.assertNotIn(base["TableName"], self.ddb.list_tables()["TableNames"])

    def test_billing_errors(self):
        self.assert_error(
            self.ddb.create_table,
            "ValidationException",
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
            "must both be specified when BillingMode is PROVISIONED",
            TableName=self.unique_name(),
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        )
        self.assert_error(
            self.ddb.create_table,
            "ValidationException",
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            TableName=self.unique_name(),
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )

    def test_invalid_table_name(self):
        self.assert_error(
            self.ddb.describe_table,
            "ValidationException",
            "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at "
            "'tableName' failed to satisfy constraint: Member must have length greater than or "
            "equal to 3",
            TableName="a!",
        )

    def test_lsi_needs_a_range_key_on_the_table(self):
        self.assert_error(
            self.ddb.create_table,
            "ValidationException",
            "One or more parameter values were invalid: Table KeySchema does not have a range key, "
            "which is required when specifying a LocalSecondaryIndex",
            TableName=self.unique_name(),
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "l", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
            LocalSecondaryIndexes=[
                {
                    "IndexName": "lsi",
                    "KeySchema": [
                        {"AttributeName": "id", "KeyType": "HASH"},
                        {"AttributeName": "l", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )


class DescribeListDeleteTest(DynamoDbTestCase):
    def test_missing_table_errors_name_the_table(self):
        self.assert_error(
            self.ddb.describe_table,
            "ResourceNotFoundException",
            "Requested resource not found: Table: no-such-table not found",
            TableName="no-such-table",
        )
        self.assert_error(
            self.ddb.delete_table,
            "ResourceNotFoundException",
            "Requested resource not found: Table: no-such-table not found",
            TableName="no-such-table",
        )

    def test_list_tables_pages(self):
        names = sorted(self.create_table(name=f"page-{i:02d}") for i in range(5))
        first = self.ddb.list_tables(Limit=2)
        self.assertEqual(first["TableNames"], names[:2])
        self.assertEqual(first["LastEvaluatedTableName"], names[1])
        rest = self.ddb.list_tables(ExclusiveStartTableName=names[1], Limit=100)
        self.assertEqual([n for n in rest["TableNames"] if n.startswith("page-")], names[2:])
        self.assertNotIn("LastEvaluatedTableName", rest)
        paginated = [
            n
            for page in self.ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 1})
            for n in page["TableNames"]
        ]
        self.assertEqual([n for n in paginated if n.startswith("page-")], names)

    def test_tables_are_scoped_by_region(self):
        name = self.create_table()
        other = self.eddy.client("dynamodb", region="eu-west-1")
        self.assertNotIn(name, other.list_tables()["TableNames"])
        self.assert_error(other.describe_table, "ResourceNotFoundException", TableName=name)

    def test_delete_table_and_waiters(self):
        name = self.create_table()
        self.ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 3})
        self.ddb.put_item(TableName=name, Item={"id": {"S": "a"}})
        deleted = self.ddb.delete_table(TableName=name)["TableDescription"]
        self.assertEqual(deleted["TableName"], name)
        self.assertEqual(deleted["TableStatus"], "DELETING")
        self.ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 3})
        self.assert_error(self.ddb.get_item, "ResourceNotFoundException", "Requested resource not found",
                          TableName=name, Key={"id": {"S": "a"}})
        # A table created again under the same name starts empty.
        self.create_table(name=name)
        self.assertNotIn("Item", self.ddb.get_item(TableName=name, Key={"id": {"S": "a"}}))

    def test_counts_and_sizes_follow_every_write_path(self):
        index = {
            "IndexName": "by-group",
            "KeySchema": [{"AttributeName": "group", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }
        name = self.create_table(more_definitions={"group": "S"}, GlobalSecondaryIndexes=[index])

        def counts(table):
            described = self.ddb.describe_table(TableName=table)["Table"]
            gsi = described["GlobalSecondaryIndexes"][0]
            return (described["ItemCount"], described["TableSizeBytes"], gsi["ItemCount"],
                    gsi["IndexSizeBytes"])

        def item(key, group=None, pad=""):
            made = {"id": {"S": key}, "pad": {"S": pad or "-"}}
            if group:
                made["group"] = {"S": group}
            return made

        self.assertEqual(counts(name), (0, 0, 0, 0))
        self.ddb.put_item(TableName=name, Item=item("a", "g"))
        self.ddb.put_item(TableName=name, Item=item("a", "g", pad="x" * 500))  # overwrite, bigger
        self.ddb.put_item(TableName=name, Item=item("b"))
        self.ddb.update_item(TableName=name, Key={"id": {"S": "b"}},
                             UpdateExpression="SET #g = :g, #p = :p",
                             ExpressionAttributeNames={"#g": "group", "#p": "pad"},
                             ExpressionAttributeValues={":g": {"S": "h"}, ":p": {"S": "yy"}})
        self.ddb.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": item("c", "g")}},
            {"PutRequest": {"Item": item("d")}},
        ]})
        self.ddb.transact_write_items(TransactItems=[
            {"Delete": {"TableName": name, "Key": {"id": {"S": "d"}}}},
            {"Put": {"TableName": name, "Item": item("e", "h", pad="zzz")}},
        ])
        self.ddb.execute_statement(Statement=f"DELETE FROM \"{name}\" WHERE id = 'c'")
        self.ddb.delete_item(TableName=name, Key={"id": {"S": "absent"}})
        written = counts(name)
        self.assertEqual(written[0], 3)
        self.assertEqual(written[2], 3)

        # The same items written once into a fresh table weigh the same.
        fresh = self.create_table(more_definitions={"group": "S"}, GlobalSecondaryIndexes=[index])
        for stored in self.ddb.scan(TableName=name)["Items"]:
            self.ddb.put_item(TableName=fresh, Item=stored)
        self.assertEqual(counts(fresh), written)

        self.ddb.delete_table(TableName=name)
        self.create_table(name=name, more_definitions={"group": "S"},
                          GlobalSecondaryIndexes=[index])
        self.assertEqual(counts(name), (0, 0, 0, 0))

    def test_deletion_protection(self):
        name = self.create_table(DeletionProtectionEnabled=True)
        self.assert_error(
            self.ddb.delete_table,
            "ValidationException",
            "Resource cannot be deleted as it is currently protected against deletion. Disable "
            "deletion protection first.",
            TableName=name,
        )
        self.ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
        self.ddb.delete_table(TableName=name)

    def test_resource_api_table(self):
        table = self.resource.create_table(
            TableName=self.unique_name(),
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        table.wait_until_exists()
        self.assertEqual(table.table_status, "ACTIVE")
        table.put_item(Item={"id": "x", "n": 3})
        table.reload()
        self.assertEqual(table.item_count, 1)
        table.delete()
        table.wait_until_not_exists()


class UpdateTableTest(DynamoDbTestCase):
    def test_throughput_and_billing_mode(self):
        name = self.create_table(BillingMode="PROVISIONED",
                                 ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
        updated = self.ddb.update_table(
            TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 20}
        )["TableDescription"]
        self.assertEqual(updated["ProvisionedThroughput"]["ReadCapacityUnits"], 10)
        self.assertEqual(updated["ProvisionedThroughput"]["WriteCapacityUnits"], 20)
        on_demand = self.ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
        self.assertEqual(on_demand["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertIn("LastUpdateToPayPerRequestDateTime", on_demand["BillingModeSummary"])

    def test_create_gsi_backfills_and_delete_gsi(self):
        name = self.create_table()
        for i in range(3):
            self.ddb.put_item(TableName=name, Item={"id": {"S": f"i{i}"}, "color": {"S": "red" if i else "blue"}})
        self.ddb.put_item(TableName=name, Item={"id": {"S": "no-color"}})
        self.ddb.update_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[
                {
                    "Create": {
                        "IndexName": "by-color",
                        "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"},
                    }
                }
            ],
        )
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["GlobalSecondaryIndexes"][0]["ItemCount"], 3)
        red = self.ddb.query(
            TableName=name,
            IndexName="by-color",
            KeyConditionExpression="color = :c",
            ExpressionAttributeValues={":c": {"S": "red"}},
        )
        self.assertEqual(sorted(i["id"]["S"] for i in red["Items"]), ["i1", "i2"])
        self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-color"}}])
        self.assertNotIn("GlobalSecondaryIndexes", self.ddb.describe_table(TableName=name)["Table"])
        self.assert_error(
            self.ddb.query,
            "ValidationException",
            "The table does not have the specified index: by-color",
            TableName=name,
            IndexName="by-color",
            KeyConditionExpression="color = :c",
            ExpressionAttributeValues={":c": {"S": "red"}},
        )

    def test_streams_on_and_off(self):
        name = self.create_table()
        on = self.ddb.update_table(
            TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
        )["TableDescription"]
        self.assertEqual(on["StreamSpecification"]["StreamViewType"], "KEYS_ONLY")
        label = on["LatestStreamLabel"]
        off = self.ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})[
            "TableDescription"
        ]
        self.assertNotIn("StreamSpecification", off)
        self.assertEqual(off["LatestStreamLabel"], label)

    def test_update_missing_table(self):
        self.assert_error(
            self.ddb.update_table,
            "ResourceNotFoundException",
            "Requested resource not found: Table: nope-table not found",
            TableName="nope-table",
            BillingMode="PAY_PER_REQUEST",
        )


class SettingsTest(DynamoDbTestCase):
    def test_tags(self):
        name = self.create_table()
        arn = self.ddb.describe_table(TableName=name)["Table"]["TableArn"]
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "3"}])
        tags = {t["Key"]: t["Value"] for t in self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]}
        self.assertEqual(tags, {"a": "3", "b": "2"})
        self.ddb.untag_resource(ResourceArn=arn, TagKeys=["b"])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], [{"Key": "a", "Value": "3"}])
        missing = arn.replace(name, "missing-table")
        self.assert_error(
            self.ddb.list_tags_of_resource,
            "ResourceNotFoundException",
            f"Requested resource not found: ResourcArn: {missing} not found",
            ResourceArn=missing,
        )

    def test_time_to_live_settings(self):
        name = self.create_table()
        self.assertEqual(
            self.ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"],
            {"TimeToLiveStatus": "DISABLED"},
        )
        spec = {"Enabled": True, "AttributeName": "expires"}
        self.assertEqual(
            self.ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=spec)["TimeToLiveSpecification"],
            spec,
        )
        self.assertEqual(
            self.ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"],
            {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"},
        )
        self.assert_error(
            self.ddb.update_time_to_live, "ValidationException", "TimeToLive is already enabled",
            TableName=name, TimeToLiveSpecification=spec,
        )

    def test_limits_and_endpoints(self):
        limits = self.ddb.describe_limits()
        self.assertEqual(limits["TableMaxReadCapacityUnits"], 40000)
        self.assertEqual(limits["AccountMaxWriteCapacityUnits"], 80000)
        endpoints = self.ddb.describe_endpoints()["Endpoints"]
        self.assertEqual(endpoints[0]["CachePeriodInMinutes"], 1440)
        self.assertTrue(endpoints[0]["Address"])
