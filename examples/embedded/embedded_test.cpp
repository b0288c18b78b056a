#include <gtest/gtest.h>
TEST(Embedded, Todo) {}
