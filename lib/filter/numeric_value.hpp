#pragma once
// Numbers as SNS compares them: values between -1e9 and 1e9 with five digits after the decimal
// point. Each is held as an integer count of 1e-5 units so that comparisons are exact and cheap.
#include <cstdint>
#include <optional>

namespace eddy::filter {

using FixedPoint = std::int64_t;

inline constexpr double kNumericMagnitudeLimit = 1e9;

// The fixed-point form of `value`, or nothing when it is outside [-1e9, 1e9] (or not finite).
std::optional<FixedPoint> to_fixed_point(double value);

struct NumericBound {
  FixedPoint value;
  bool open;  // true: the bound itself is excluded ("<", ">")
};

// A numeric condition: "=" (both bounds closed on one value), one-sided or two-sided ranges.
class NumericRange {
 public:
  static NumericRange equal_to(FixedPoint value);
  static NumericRange above(NumericBound lower);
  static NumericRange below(NumericBound upper);
  static NumericRange between(NumericBound lower, NumericBound upper);

  bool contains(FixedPoint value) const;

 private:
  std::optional<NumericBound> lower_;
  std::optional<NumericBound> upper_;
};

}  // namespace eddy::filter
