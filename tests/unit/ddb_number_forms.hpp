#pragma once
// Numbers written plain and the same numbers with an exponent. The item-size and key-encoding
// tests both read plain text where it stands and send exponent forms through Decimal: each pair
// must come out alike from both paths.
#include <utility>

namespace eddy::services::dynamodb::test {

inline constexpr std::pair<const char*, const char*> kPlainAndExponentForms[] = {
    {"71.5", "7.15E1"},
    {"1000", "1E3"},
    {"0.05", "5E-2"},
    {"-0.5", "-5e-1"},
    {"10.01", "1001e-2"},
    {"-120.3400", "-1.2034E2"},
    {"-120.340", "-1.2034E2"},
    {"0.000123", "1.23E-4"},
    {"100200", "1.002E+5"},
    {"-7", "-7E0"},
    {"0", "0E5"},
    {"-0", "0e0"},
    {"000.5", "5E-1"},
    {"-00.0010", "-1E-3"},
    {"12345678901234567890123456789012345678", "1.2345678901234567890123456789012345678E37"},
    {"-1234567890123456789012345678901234567", "-1.234567890123456789012345678901234567E36"}};

}  // namespace eddy::services::dynamodb::test
