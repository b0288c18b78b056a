#pragma once
// How a stream reads in DescribeStream, DescribeStreamSummary and ListStreams.
#include <cstdint>

#include "eddy/json.hpp"
#include "services/kinesis/stream_table.hpp"

namespace eddy::services::kinesis {

// AWS's JSON timestamps: epoch seconds with milliseconds as the fraction.
inline double epoch_seconds(std::int64_t ms) {
  return static_cast<double>(ms) / 1000.0;
}

// The members DescribeStream and DescribeStreamSummary share.
json stream_description_common(const Stream& stream);
json stream_summary(const Stream& stream);

}  // namespace eddy::services::kinesis
