#include "filter/numeric_value.hpp"

#include <cmath>

namespace eddy::filter {

std::optional<FixedPoint> to_fixed_point(double value) {
  if (!std::isfinite(value) || value < -kNumericMagnitudeLimit || value > kNumericMagnitudeLimit) {
    return std::nullopt;
  }
  return static_cast<FixedPoint>(std::llround(value * 1e5));
}

NumericRange NumericRange::equal_to(FixedPoint value) {
  return between({value, false}, {value, false});
}

NumericRange NumericRange::above(NumericBound lower) {
  NumericRange range;
  range.lower_ = lower;
  return range;
}

NumericRange NumericRange::below(NumericBound upper) {
  NumericRange range;
  range.upper_ = upper;
  return range;
}

NumericRange NumericRange::between(NumericBound lower, NumericBound upper) {
  NumericRange range;
  range.lower_ = lower;
  range.upper_ = upper;
  return range;
}

bool NumericRange::contains(FixedPoint value) const {
  if (lower_ && (lower_->open ? value <= lower_->value : value < lower_->value)) return false;
  if (upper_ && (upper_->open ? value >= upper_->value : value > upper_->value)) return false;
  return true;
}

}  // namespace eddy::filter
