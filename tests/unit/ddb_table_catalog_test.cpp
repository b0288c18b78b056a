// The table catalog's memory follows the store: a rolled-back create, update or delete leaves
// the cached tables as they were.
#include <gtest/gtest.h>

#include <memory>

#include "eddy/clock.hpp"
#include "services/dynamodb/dynamodb_schema.hpp"
#include "services/dynamodb/table_catalog.hpp"
#include "store/database.hpp"
#include "store/transaction.hpp"

namespace eddy::services::dynamodb {
namespace {

Table sample_table(const std::string& name) {
  Table table;
  table.account = "000000000000";
  table.region = "us-east-1";
  table.name = name;
  table.table_id = "id-" + name;
  table.keys = {"id", std::nullopt};
  table.attribute_types = {{"id", "S"}};
  return table;
}

class DdbTableCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { migrate_dynamodb_schema(db); }
  store::Database db{":memory:"};
  ManualClock clock;
  TableCatalog catalog{clock};
};

TEST_F(DdbTableCatalogTest, RolledBackCreateIsForgotten) {
  {
    store::Transaction transaction(db);
    catalog.create(db, sample_table("gone"));
    EXPECT_NE(catalog.find("000000000000", "us-east-1", "gone"), nullptr);
  }
  EXPECT_EQ(catalog.find("000000000000", "us-east-1", "gone"), nullptr);
  TableCatalog reloaded{clock};
  reloaded.load(db);
  EXPECT_TRUE(reloaded.all().empty());
}

TEST_F(DdbTableCatalogTest, RolledBackUpdateAndDeleteRestoreThePreviousVersion) {
  TablePtr created;
  {
    store::Transaction transaction(db);
    created = catalog.create(db, sample_table("kept"));
    transaction.commit();
  }
  {
    store::Transaction transaction(db);
    Table changed = *created;
    changed.deletion_protection = true;
    catalog.update(db, changed);
    EXPECT_TRUE(catalog.find("000000000000", "us-east-1", "kept")->deletion_protection);
  }
  EXPECT_FALSE(catalog.find("000000000000", "us-east-1", "kept")->deletion_protection);
  {
    store::Transaction transaction(db);
    catalog.remove(db, *created);
    EXPECT_EQ(catalog.find("000000000000", "us-east-1", "kept"), nullptr);
  }
  EXPECT_EQ(catalog.find("000000000000", "us-east-1", "kept"), created);
  TableCatalog reloaded{clock};
  reloaded.load(db);
  ASSERT_EQ(reloaded.all().size(), 1u);
  EXPECT_EQ(reloaded.all()[0]->table_id, "id-kept");
  EXPECT_EQ(reloaded.all()[0]->arn, "arn:aws:dynamodb:us-east-1:000000000000:table/kept");
}

// A thread remembers its last look-up: never across catalogs (another emulator's, perhaps at the
// same address), nor across a change.
TEST_F(DdbTableCatalogTest, LookUpsFollowChangesAndStayWithTheirCatalog) {
  auto find = [](const TableCatalog& in) { return in.find("000000000000", "us-east-1", "same"); };
  for (int round = 0; round < 3; ++round) {
    store::Database other_db{":memory:"};
    migrate_dynamodb_schema(other_db);
    auto other = std::make_unique<TableCatalog>(clock);
    EXPECT_EQ(find(*other), nullptr);
    TablePtr created = other->create(other_db, sample_table("same"));
    EXPECT_EQ(find(*other), created);
    EXPECT_EQ(find(catalog), nullptr);
    EXPECT_EQ(find(*other), created);
    Table changed = *created;
    changed.deletion_protection = true;
    TablePtr updated = other->update(other_db, changed);
    EXPECT_EQ(find(*other), updated);
    other->remove(other_db, *updated);
    EXPECT_EQ(find(*other), nullptr);
    other->create(other_db, sample_table("same"));
  }
}

TEST_F(DdbTableCatalogTest, ListsOneAccountAndRegionByNameAfterTheStart) {
  store::Transaction transaction(db);
  for (const char* name : {"b-table", "a-table", "c-table"}) catalog.create(db, sample_table(name));
  Table elsewhere = sample_table("a-other");
  elsewhere.region = "eu-west-1";
  catalog.create(db, elsewhere);
  auto listed = catalog.list("000000000000", "us-east-1", "a-table");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]->name, "b-table");
  EXPECT_EQ(listed[1]->name, "c-table");
  transaction.commit();
}

}  // namespace
}  // namespace eddy::services::dynamodb
