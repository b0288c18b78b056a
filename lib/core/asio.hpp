#pragma once
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>; include it first.
#include <utility>

#include <boost/asio.hpp>

namespace eddy {
namespace asio = boost::asio;
template <class T>
using Awaitable = asio::awaitable<T>;
}  // namespace eddy
