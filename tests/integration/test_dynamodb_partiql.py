"""PartiQL through boto3: ExecuteStatement (every statement kind, parameters of every type,
pagination), BatchExecuteStatement (per-statement outcomes) and ExecuteTransaction (all or
nothing, idempotency, reads), with AWS's errors, and the indexes and stream records PartiQL
writes keep up to date."""

from dynamodb_test_support import DynamoDbTestCase

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "


class PartiqlTestCase(DynamoDbTestCase):
    def run_statement(self, statement, parameters=None, **extra):
        if parameters is not None:
            extra["Parameters"] = parameters
        return self.ddb.execute_statement(Statement=statement, **extra)

    def items_of(self, statement, parameters=None, **extra):
        return self.run_statement(statement, parameters, **extra)["Items"]

    def composite_table(self, **extra):
        return self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"), **extra)

    def get(self, table, **key):
        return self.ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


class ExecuteStatementTest(PartiqlTestCase):
    def test_insert_select_update_delete(self):
        table = self.composite_table()
        out = self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': 1, 'n': 5}}")
        self.assertEqual(out["Items"], [])
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': 2, 'tags': <<'x', 'y'>>}}")
        self.assertEqual(
            self.get(table, pk={"S": "a"}, sk={"N": "1"}),
            {"pk": {"S": "a"}, "sk": {"N": "1"}, "n": {"N": "5"}},
        )
        self.assertEqual(
            self.items_of(f"SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = 2"),
            [{"pk": {"S": "a"}, "sk": {"N": "2"}, "tags": {"SS": ["x", "y"]}}],
        )
        self.assertEqual(
            self.items_of(f"SELECT sk, n FROM \"{table}\" WHERE pk = 'a'"),
            [{"sk": {"N": "1"}, "n": {"N": "5"}}, {"sk": {"N": "2"}}],
        )

        out = self.run_statement(
            f"UPDATE \"{table}\" SET n = n + 10 SET extra = 'e' REMOVE tags WHERE pk = 'a' AND sk = 1"
        )
        self.assertEqual(out["Items"], [])
        self.assertEqual(
            self.get(table, pk={"S": "a"}, sk={"N": "1"}),
            {"pk": {"S": "a"}, "sk": {"N": "1"}, "n": {"N": "15"}, "extra": {"S": "e"}},
        )
        self.assertEqual(
            self.run_statement(f"DELETE FROM \"{table}\" WHERE pk = 'a' AND sk = 2")["Items"], []
        )
        self.assertIsNone(self.get(table, pk={"S": "a"}, sk={"N": "2"}))
        self.assertEqual(len(self.items_of(f"SELECT * FROM \"{table}\"")), 1)

    def test_parameters_of_every_type(self):
        table = self.create_table()
        values = {
            "s": {"S": "text"},
            "n": {"N": "-12.50"},
            "b": {"B": b"\x00\x01binary"},
            "t": {"BOOL": True},
            "z": {"NULL": True},
            "l": {"L": [{"S": "one"}, {"N": "2"}]},
            "m": {"M": {"inner": {"S": "v"}, "deep": {"M": {"x": {"N": "1"}}}}},
            "ss": {"SS": ["a", "b"]},
            "ns": {"NS": ["1", "2.5"]},
            "bs": {"BS": [b"\x01", b"\x02"]},
        }
        names = list(values)
        struct = ", ".join(f"'{name}': ?" for name in names)
        self.run_statement(
            f"INSERT INTO \"{table}\" VALUE {{'id': ?, {struct}}}",
            [{"S": "p"}] + [values[name] for name in names],
        )
        stored = self.get(table, id={"S": "p"})
        self.assertEqual(stored["n"], {"N": "-12.5"})
        for name in names:
            if name == "n":
                continue
            if name in ("ss", "ns", "bs"):
                key = next(iter(values[name]))
                self.assertCountEqual(stored[name][key], values[name][key])
            else:
                self.assertEqual(stored[name], values[name], name)
        # Parameters compare in the WHERE as literals do.
        found = self.items_of(
            f"SELECT id FROM \"{table}\" WHERE id = ? AND b = ? AND t = ? AND m.inner = ?",
            [{"S": "p"}, values["b"], {"BOOL": True}, {"S": "v"}],
        )
        self.assertEqual(found, [{"id": {"S": "p"}}])
        self.assertEqual(
            self.items_of(f"SELECT id FROM \"{table}\" WHERE id = ? AND t = ?",
                          [{"S": "p"}, {"BOOL": False}]),
            [],
        )

    def test_update_with_parameters_and_set_functions(self):
        table = self.create_table()
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 'u', 'l': [1], 'c': 1}}")
        self.run_statement(
            f"UPDATE \"{table}\" SET l = list_append(l, ?) SET c = c - ? SET s = set_add(s, <<'q'>>) "
            "WHERE id = ?",
            [{"L": [{"N": "2"}]}, {"N": "3"}, {"S": "u"}],
        )
        self.assertEqual(
            self.get(table, id={"S": "u"}),
            {"id": {"S": "u"}, "l": {"L": [{"N": "1"}, {"N": "2"}]}, "c": {"N": "-2"},
             "s": {"SS": ["q"]}},
        )

    def test_returning(self):
        table = self.create_table()
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 'r', 'a': 1, 'b': 'x'}}")
        cases = [
            ("ALL OLD", {"id": {"S": "r"}, "a": {"N": "1"}, "b": {"S": "x"}}),
            ("MODIFIED OLD", {"a": {"N": "2"}, "c": {"S": "new"}}),
            ("MODIFIED NEW", {"a": {"N": "4"}, "c": {"S": "new"}}),
            ("ALL NEW", {"id": {"S": "r"}, "a": {"N": "5"}, "b": {"S": "x"}, "c": {"S": "new"}}),
        ]
        for number, (returning, expected) in enumerate(cases):
            with self.subTest(returning=returning):
                items = self.items_of(
                    f"UPDATE \"{table}\" SET a = a + 1 SET c = 'new' WHERE id = 'r' "
                    f"RETURNING {returning} *")
                # Each update adds 1 to a; the first one also adds c.
                self.assertEqual(items, [expected], number)
        removed = self.items_of(f"DELETE FROM \"{table}\" WHERE id = 'r' RETURNING ALL OLD *")
        self.assertEqual(removed, [{"id": {"S": "r"}, "a": {"N": "5"}, "b": {"S": "x"},
                                    "c": {"S": "new"}}])
        self.assert_error(
            self.run_statement, "ValidationException",
            "Invalid returning clause: RETURNING MODIFIED NEW *. Only RETURNING ALL OLD * is "
            "allowed in DELETE statements.",
            statement=f"DELETE FROM \"{table}\" WHERE id = 'r' RETURNING MODIFIED NEW *",
        )
        self.assert_error(
            self.ddb.execute_transaction, "ValidationException",
            "Validation failed in TransactStatements[0]: RETURNING clause is not supported in "
            "ExecuteTransaction.",
            TransactStatements=[{"Statement": f"UPDATE \"{table}\" SET a = 1 WHERE id = 'r' "
                                              "RETURNING ALL NEW *"}],
        )

    def test_pagination_with_limit_and_next_token(self):
        table = self.composite_table()
        for sk in range(7):
            self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'pk': 'p', 'sk': {sk}, 'odd': {sk % 2}}}")
        for pk in ("q", "r"):
            self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'pk': '{pk}', 'sk': 0, 'odd': 0}}")

        def walk(statement, limit, parameters=None):
            pages, token = [], None
            while True:
                extra = {"Limit": limit}
                if token:
                    extra["NextToken"] = token
                out = self.run_statement(statement, parameters, **extra)
                pages.append(out["Items"])
                token = out.get("NextToken")
                if not token:
                    return pages

        # A partition: Limit counts items read, the WHERE filters after it.
        pages = walk(f"SELECT sk FROM \"{table}\" WHERE pk = 'p' AND odd = 1", 2)
        self.assertEqual([[int(i["sk"]["N"]) for i in page] for page in pages],
                         [[1], [3], [5], []])
        first = self.run_statement(f"SELECT sk FROM \"{table}\" WHERE pk = 'p'", Limit=3)
        self.assertEqual(first["LastEvaluatedKey"], {"pk": {"S": "p"}, "sk": {"N": "2"}})

        # Several partitions (IN) and the whole table (a scan) page the same way.
        pages = walk(f"SELECT pk, sk FROM \"{table}\" WHERE pk IN ['r', 'p', 'q'] AND sk < ?", 2,
                     [{"N": "2"}])
        seen = [(i["pk"]["S"], int(i["sk"]["N"])) for page in pages for i in page]
        self.assertEqual(seen, [("r", 0), ("p", 0), ("p", 1), ("q", 0)])
        scanned = [i for page in walk(f"SELECT * FROM \"{table}\"", 4) for i in page]
        self.assertEqual(len(scanned), 9)

        # A token belongs to its statement.
        token = first["NextToken"]
        self.assert_error(self.run_statement, "ValidationException",
                          "NextToken does not match request",
                          statement=f"SELECT * FROM \"{table}\" WHERE pk = 'q'", NextToken=token)
        self.assert_error(self.run_statement, "ValidationException", "Invalid NextToken",
                          statement=f"SELECT * FROM \"{table}\"", NextToken="bm90IGEgdG9rZW4=")

    def test_a_page_stops_at_one_megabyte_across_partitions(self):
        table = self.composite_table()
        blob = "x" * (300 * 1024)
        for pk in ("a", "b", "c"):
            for sk in range(2):
                self.ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(sk)},
                                                         "blob": {"S": blob}})
        statement = f"SELECT pk, sk FROM \"{table}\" WHERE pk IN ['a', 'b', 'c']"
        first = self.run_statement(statement)
        self.assertIn("NextToken", first)
        self.assertLess(len(first["Items"]), 6)
        seen = [(i["pk"]["S"], i["sk"]["N"]) for i in first["Items"]]
        token = first["NextToken"]
        while token:
            page = self.run_statement(statement, NextToken=token)
            seen += [(i["pk"]["S"], i["sk"]["N"]) for i in page["Items"]]
            token = page.get("NextToken")
        self.assertEqual(seen, [(pk, sk) for pk in "abc" for sk in "01"])

    def test_order_by_sort_key(self):
        table = self.composite_table()
        for sk in (3, 1, 2):
            self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'pk': 'o', 'sk': {sk}}}")
        descending = self.items_of(f"SELECT sk FROM \"{table}\" WHERE pk = 'o' ORDER BY sk DESC")
        self.assertEqual([i["sk"]["N"] for i in descending], ["3", "2", "1"])
        self.assert_error(
            self.run_statement, "ValidationException",
            "Variable reference other in ORDER BY clause must be part of the primary key",
            statement=f"SELECT * FROM \"{table}\" WHERE pk = 'o' ORDER BY other",
        )

    def test_failed_conditions_and_duplicates(self):
        table = self.create_table()
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 'c', 'v': 1}}")
        self.assert_error(
            self.run_statement, "DuplicateItemException", "Duplicate primary key exists in table",
            statement=f"INSERT INTO \"{table}\" VALUE {{'id': 'c', 'v': 2}}",
        )
        self.assertEqual(self.get(table, id={"S": "c"})["v"], {"N": "1"})
        error = self.assert_error(
            self.run_statement, "ConditionalCheckFailedException", "The conditional request failed",
            statement=f"UPDATE \"{table}\" SET v = 9 WHERE id = 'c' AND v = 2",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
        self.assertEqual(error.response["Item"], {"id": {"S": "c"}, "v": {"N": "1"}})
        self.assert_error(
            self.run_statement, "ConditionalCheckFailedException", "The conditional request failed",
            statement=f"DELETE FROM \"{table}\" WHERE id = 'missing'",
        )
        self.assert_error(
            self.run_statement, "ConditionalCheckFailedException",
            statement=f"UPDATE \"{table}\" SET v = 1 WHERE id = 'missing'",
        )
        self.assertIsNone(self.get(table, id={"S": "missing"}))
        self.run_statement(f"UPDATE \"{table}\" SET v = 3 WHERE id = 'c' AND v = 1")
        self.assertEqual(self.get(table, id={"S": "c"})["v"], {"N": "3"})

    def test_validation_errors(self):
        table = self.composite_table()
        cases = [
            (f"SELEC * FROM \"{table}\"", NOT_WELL_FORMED + "Expected data manipulation"),
            (f"SELECT * FROM \"{table}\" WHERE", NOT_WELL_FORMED + "Unexpected end of input"),
            (f"SELECT * FROM \"{table}\" WHERE upper(pk) = 'X'", "Unrecognized function: upper at 1:"),
            (f"UPDATE \"{table}\" SET v = 1 WHERE pk = 'a'",
             "Where clause does not contain a mandatory equality on all key attributes"),
            (f"DELETE FROM \"{table}\" WHERE pk = 'a' OR sk = 1",
             "Where clause does not contain a mandatory equality on all key attributes"),
            (f"INSERT INTO \"{table}\" VALUE {{'pk': 'a'}}",
             "Key attribute should be present in the item: Key sk"),
            (f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': 'not a number'}}",
             "Key attribute's data type should match its data type in table's schema: Key sk"),
            (f"UPDATE \"{table}\" SET sk = 2 WHERE pk = 'a' AND sk = 1",
             "One or more parameter values were invalid: Cannot update attribute sk. "
             "This attribute is part of the key"),
            (f"EXISTS(SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = 1)",
             "EXISTS can only be used in ExecuteTransaction write requests."),
            (f"SELECT * FROM \"{table}\".\"nope\"",
             "The table does not have the specified index: nope"),
        ]
        for statement, message in cases:
            with self.subTest(statement=statement):
                error = self.assert_error(self.run_statement, "ValidationException",
                                          statement=statement)
                self.assertTrue(error.response["Error"]["Message"].startswith(message),
                                error.response["Error"]["Message"])
        self.assert_error(self.run_statement, "ValidationException",
                          "Number of parameters in request and statement don't match.",
                          statement=f"SELECT * FROM \"{table}\" WHERE pk = ?")
        unvalidated = self.client("dynamodb", parameter_validation=False)
        self.assert_error(
            unvalidated.execute_statement, "ValidationException",
            "1 validation error detected: Value '[]' at 'parameters' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1",
            Statement=f"SELECT * FROM \"{table}\"", Parameters=[],
        )
        self.assertEqual(self.items_of(f"SELECT * FROM \"{table}\""), [])

    def test_invalid_table_name(self):
        self.assert_error(
            self.run_statement, "ValidationException",
            "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', "
            "'0-9', '-', '_', '.'.",
            statement="SELECT * FROM \"t!\"",
        )

    def test_unknown_table(self):
        for statement in ("SELECT * FROM \"no-such-table\"",
                          "INSERT INTO \"no-such-table\" VALUE {'id': 'x'}",
                          "DELETE FROM \"no-such-table\" WHERE id = 'x'"):
            with self.subTest(statement=statement):
                self.assert_error(self.run_statement, "ResourceNotFoundException",
                                  "Requested resource not found", statement=statement)

    def test_secondary_index_kept_and_selectable(self):
        table = self.create_table(
            more_definitions={"colour": "S"},
            GlobalSecondaryIndexes=[{
                "IndexName": "by-colour",
                "KeySchema": [{"AttributeName": "colour", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }],
        )
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 'g1', 'colour': 'red', 'x': 1}}")
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 'g2', 'colour': 'red'}}")
        self.run_statement(f"UPDATE \"{table}\" SET colour = 'blue' WHERE id = 'g2'")
        queried = self.ddb.query(TableName=table, IndexName="by-colour",
                                 KeyConditionExpression="colour = :c",
                                 ExpressionAttributeValues={":c": {"S": "red"}})["Items"]
        self.assertEqual(queried, [{"id": {"S": "g1"}, "colour": {"S": "red"}}])
        selected = self.items_of(f"SELECT * FROM \"{table}\".\"by-colour\" WHERE colour = 'blue'")
        self.assertEqual(selected, [{"id": {"S": "g2"}, "colour": {"S": "blue"}}])
        self.assert_error(
            self.run_statement, "ValidationException",
            "Strongly consistent read is not supported on Global Secondary Indexes",
            statement=f"SELECT * FROM \"{table}\".\"by-colour\"", ConsistentRead=True,
        )

    def test_consumed_capacity(self):
        table = self.create_table()
        out = self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 'cc'}}",
                                 ReturnConsumedCapacity="TOTAL")
        self.assertEqual(out["ConsumedCapacity"], {"TableName": table, "CapacityUnits": 1.0})
        out = self.run_statement(f"SELECT * FROM \"{table}\" WHERE id = 'cc'",
                                 ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
        self.assertEqual(out["ConsumedCapacity"], {"TableName": table, "CapacityUnits": 1.0})


class BatchExecuteStatementTest(PartiqlTestCase):
    def batch(self, *statements, **extra):
        entries = []
        for statement in statements:
            entries.append(statement if isinstance(statement, dict) else {"Statement": statement})
        return self.ddb.batch_execute_statement(Statements=entries, **extra)["Responses"]

    def test_writes_with_mixed_outcomes(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "dup"}, "v": {"N": "1"}})
        responses = self.batch(
            f"INSERT INTO \"{table}\" VALUE {{'id': 'new'}}",
            f"INSERT INTO \"{table}\" VALUE {{'id': 'dup'}}",
            f"UPDATE \"{table}\" SET v = 2 WHERE id = 'dup' AND v = 5",
            "DELETE FROM \"missing-table\" WHERE id = 'x'",
            f"DELETE FROM \"{table}\" WHERE",
            {"Statement": f"UPDATE \"{table}\" SET v = ? WHERE id = ?",
             "Parameters": [{"N": "7"}, {"S": "dup"}]},
        )
        self.assertEqual(responses[0], {"TableName": table})
        self.assertEqual(responses[1], {"TableName": table, "Error": {
            "Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"}})
        self.assertEqual(responses[2], {"TableName": table, "Error": {
            "Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}})
        self.assertEqual(responses[3], {"Error": {
            "Code": "ResourceNotFound", "Message": "Requested resource not found"}})
        self.assertEqual(responses[4], {"Error": {
            "Code": "ValidationError", "Message": NOT_WELL_FORMED + "Unexpected end of input"}})
        self.assertEqual(responses[5], {"TableName": table})
        self.assertEqual(self.get(table, id={"S": "new"}), {"id": {"S": "new"}})
        self.assertEqual(self.get(table, id={"S": "dup"})["v"], {"N": "7"})

    def test_reads_by_key(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "r1"}, "v": {"N": "1"}})
        responses = self.batch(
            f"SELECT * FROM \"{table}\" WHERE id = 'r1'",
            {"Statement": f"SELECT v FROM \"{table}\" WHERE id = ?", "Parameters": [{"S": "r1"}],
             "ConsistentRead": True},
            f"SELECT * FROM \"{table}\" WHERE id = 'absent'",
            f"SELECT * FROM \"{table}\" WHERE v = 1",
            "SELECT * FROM \"missing-table\" WHERE id = 'r1'",
        )
        self.assertEqual(responses[0], {"TableName": table,
                                        "Item": {"id": {"S": "r1"}, "v": {"N": "1"}}})
        self.assertEqual(responses[1], {"TableName": table, "Item": {"v": {"N": "1"}}})
        self.assertEqual(responses[2], {"TableName": table})
        self.assertEqual(responses[3]["Error"], {
            "Code": "ValidationError",
            "Message": "Select statements within BatchExecuteStatement must specify the primary "
                       "key in the where clause."})
        self.assertEqual(responses[4], {"Error": {
            "Code": "ResourceNotFound", "Message": "Requested resource not found"}})

    def test_batch_errors(self):
        table = self.create_table()
        self.assert_error(
            self.ddb.batch_execute_statement, "ValidationException",
            "Read and write requests together in the same batch is not supported.",
            Statements=[{"Statement": f"SELECT * FROM \"{table}\" WHERE id = 'a'"},
                        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'id': 'a'}}"}],
        )
        self.assertIsNone(self.get(table, id={"S": "a"}))
        self.assert_error(
            self.ddb.batch_execute_statement, "ValidationException",
            "1 validation error detected: Value at 'statements' failed to satisfy constraint: "
            "Member must have length less than or equal to 25",
            Statements=[{"Statement": f"INSERT INTO \"{table}\" VALUE {{'id': '{i}'}}"}
                        for i in range(26)],
        )
        self.assertEqual(self.ddb.scan(TableName=table)["Count"], 0)
        responses = self.batch(f"EXISTS(SELECT * FROM \"{table}\" WHERE id = 'a')")
        self.assertEqual(responses[0]["Error"]["Code"], "ValidationError")


class ExecuteTransactionTest(PartiqlTestCase):
    def transact(self, statements, **extra):
        entries = [s if isinstance(s, dict) else {"Statement": s} for s in statements]
        return self.ddb.execute_transaction(TransactStatements=entries, **extra)

    def test_commits_all(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "from"}, "balance": {"N": "10"}})
        self.ddb.put_item(TableName=table, Item={"id": {"S": "old"}})
        out = self.transact([
            f"UPDATE \"{table}\" SET balance = balance - 4 WHERE id = 'from' AND balance >= 4",
            f"INSERT INTO \"{table}\" VALUE {{'id': 'to', 'balance': 4}}",
            f"DELETE FROM \"{table}\" WHERE id = 'old'",
        ])
        self.assertEqual(out["Responses"], [{}, {}, {}])
        self.assertEqual(self.get(table, id={"S": "from"})["balance"], {"N": "6"})
        self.assertEqual(self.get(table, id={"S": "to"})["balance"], {"N": "4"})
        self.assertIsNone(self.get(table, id={"S": "old"}))

    def test_cancelled_with_reasons_changes_nothing(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "x"}})
        self.ddb.put_item(TableName=table, Item={"id": {"S": "z"}, "v": {"N": "1"}})
        error = self.assert_error(
            self.transact, "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, DuplicateItem, ConditionalCheckFailed]",
            statements=[
                f"INSERT INTO \"{table}\" VALUE {{'id': 'y'}}",
                f"INSERT INTO \"{table}\" VALUE {{'id': 'x'}}",
                {"Statement": f"EXISTS(SELECT * FROM \"{table}\" WHERE id = 'z' AND v = 2)",
                 "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
            ],
        )
        reasons = error.response["CancellationReasons"]
        self.assertEqual(reasons[0], {"Code": "None"})
        self.assertEqual(reasons[1], {"Code": "DuplicateItem",
                                      "Message": "Duplicate primary key exists in table"})
        self.assertEqual(reasons[2], {"Code": "ConditionalCheckFailed",
                                      "Message": "The conditional request failed",
                                      "Item": {"id": {"S": "z"}, "v": {"N": "1"}}})
        self.assertIsNone(self.get(table, id={"S": "y"}))

    def test_exists_passing_lets_the_writes_commit(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "gate"}, "open": {"BOOL": True}})
        self.transact([
            f"EXISTS(SELECT * FROM \"{table}\" WHERE id = 'gate' AND open = true)",
            f"INSERT INTO \"{table}\" VALUE {{'id': 'through'}}",
        ])
        self.assertIsNotNone(self.get(table, id={"S": "through"}))

    def test_idempotent_client_request_token(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "k"}, "n": {"N": "0"}})
        statement = f"UPDATE \"{table}\" SET n = n + 1 WHERE id = 'k'"
        for _ in range(3):
            out = self.transact([statement], ClientRequestToken="token-1")
            self.assertEqual(out["Responses"], [{}])
        self.assertEqual(self.get(table, id={"S": "k"})["n"], {"N": "1"})
        self.assert_error(
            self.transact, "IdempotentParameterMismatchException",
            "Request parameters do not match the parameters of the previous request with the "
            "same client request token.",
            statements=[f"UPDATE \"{table}\" SET n = n + 2 WHERE id = 'k'"],
            ClientRequestToken="token-1",
        )
        self.transact([statement], ClientRequestToken="token-2")
        self.assertEqual(self.get(table, id={"S": "k"})["n"], {"N": "2"})

    def test_reads(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": {"S": "a"}, "v": {"N": "1"}})
        out = self.transact(
            [f"SELECT v FROM \"{table}\" WHERE id = 'a'",
             f"SELECT * FROM \"{table}\" WHERE id = 'b'"],
            ReturnConsumedCapacity="TOTAL",
        )
        self.assertEqual(out["Responses"], [{"Item": {"v": {"N": "1"}}}, {}])
        self.assertEqual(out["ConsumedCapacity"], [{"TableName": table, "CapacityUnits": 4.0}])

    def test_transaction_errors(self):
        table = self.create_table()
        cases = [
            ("ValidationException",
             "ExecuteTransaction API does not support both read and write operations in the same "
             "request.",
             [f"SELECT * FROM \"{table}\" WHERE id = 'a'",
              f"INSERT INTO \"{table}\" VALUE {{'id': 'a'}}"]),
            ("ValidationException",
             "Transaction request cannot include multiple operations on one item",
             [f"INSERT INTO \"{table}\" VALUE {{'id': 'a'}}",
              f"UPDATE \"{table}\" SET v = 1 WHERE id = 'a'"]),
            ("ValidationException",
             "Select statements within ExecuteTransaction must specify the primary key in the "
             "where clause.",
             [f"SELECT * FROM \"{table}\""]),
            ("ResourceNotFoundException", "Requested resource not found",
             ["INSERT INTO \"missing-table\" VALUE {'id': 'a'}"]),
            ("ValidationException", NOT_WELL_FORMED + "Unexpected end of input",
             [f"DELETE FROM \"{table}\""]),
        ]
        for code, message, statements in cases:
            with self.subTest(message=message):
                self.assert_error(self.transact, code, message, statements=statements)
        self.assertIsNone(self.get(table, id={"S": "a"}))


class PartiqlStreamTest(PartiqlTestCase):
    def test_partiql_writes_make_stream_records(self):
        streams = self.eddy.client("dynamodbstreams")
        table = self.create_table(
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        self.run_statement(f"INSERT INTO \"{table}\" VALUE {{'id': 's', 'v': 1}}")
        self.run_statement(f"UPDATE \"{table}\" SET v = 2 WHERE id = 's'")
        self.ddb.batch_execute_statement(Statements=[
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'id': 'b'}}"}])
        self.ddb.execute_transaction(TransactStatements=[
            {"Statement": f"DELETE FROM \"{table}\" WHERE id = 's'"}])
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "INSERT", "REMOVE"])
        self.assertEqual(records[1]["dynamodb"]["OldImage"], {"id": {"S": "s"}, "v": {"N": "1"}})
        self.assertEqual(records[1]["dynamodb"]["NewImage"], {"id": {"S": "s"}, "v": {"N": "2"}})
        self.assertEqual(records[3]["dynamodb"]["OldImage"], {"id": {"S": "s"}, "v": {"N": "2"}})


if __name__ == "__main__":
    import unittest

    unittest.main()
