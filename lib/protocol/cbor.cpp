#include "protocol/cbor.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"

namespace eddy::protocol {
namespace {

// What a member holds, by its name: the kind passes on to the items of a list member.
enum class CborMemberKind { plain, blob, timestamp };

CborMemberKind cbor_member_kind(const ServiceDescription* service, std::string_view member) {
  if (!service) return CborMemberKind::plain;
  if (service->cbor_blob_members.contains(member)) return CborMemberKind::blob;
  if (service->cbor_timestamp_members.contains(member)) return CborMemberKind::timestamp;
  return CborMemberKind::plain;
}

// Epoch milliseconds as the epoch seconds JSON carries: whole seconds stay integers.
json seconds_from_millis(const json& millis) {
  if (millis.is_number_integer() && millis.get<std::int64_t>() % 1000 == 0)
    return millis.get<std::int64_t>() / 1000;
  return millis.get<double>() / 1000.0;
}

// A CBOR reader straight into the service's JSON (nlohmann's reader rejects tags 0 to 5, so it
// cannot read tag-1 timestamps): byte strings become base64 text, tag-1 numbers epoch seconds,
// other tags are read through. Definite and indefinite lengths, as Jackson writes both.
class CborReader {
 public:
  explicit CborReader(std::string_view input) : input_(input) {}

  json read_document() {
    json value = read(0);
    if (position_ != input_.size()) fail();
    return value;
  }

 private:
  static constexpr int kMaxDepth = 64;  // deeper than any AWS shape; bounds the recursion
  static constexpr std::uint64_t kIndefinite = ~std::uint64_t{0};

  [[noreturn]] static void fail() {
    throw AwsError("SerializationException", "The request body is not valid CBOR.");
  }

  std::uint8_t byte() {
    if (position_ >= input_.size()) fail();
    return static_cast<std::uint8_t>(input_[position_++]);
  }
  std::uint64_t big_endian(int bytes) {
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value = (value << 8) | byte();
    return value;
  }
  // The argument of an item's initial byte; kIndefinite for the indefinite-length marker.
  std::uint64_t argument(std::uint8_t extra) {
    if (extra < 24) return extra;
    if (extra == 24) return big_endian(1);
    if (extra == 25) return big_endian(2);
    if (extra == 26) return big_endian(4);
    if (extra == 27) return big_endian(8);
    if (extra == 31) return kIndefinite;
    fail();
  }
  bool at_break() {
    if (position_ >= input_.size()) fail();
    if (static_cast<std::uint8_t>(input_[position_]) != 0xff) return false;
    ++position_;
    return true;
  }
  std::string_view take(std::uint64_t size) {
    if (size > input_.size() - position_) fail();
    std::string_view bytes = input_.substr(position_, size);
    position_ += size;
    return bytes;
  }
  // A byte or text string, whose indefinite form is a run of definite chunks of its own type.
  std::string string_of(std::uint8_t major, std::uint64_t size) {
    if (size != kIndefinite) return std::string(take(size));
    std::string joined;
    while (!at_break()) {
      std::uint8_t initial = byte();
      std::uint64_t chunk = argument(initial & 0x1f);
      if ((initial >> 5) != major || chunk == kIndefinite) fail();
      joined += take(chunk);
    }
    return joined;
  }
  static double half_float(std::uint16_t half) {
    int exponent = (half >> 10) & 0x1f;
    int mantissa = half & 0x3ff;
    double value = exponent == 0    ? std::ldexp(mantissa, -24)
                   : exponent == 31 ? (mantissa == 0 ? INFINITY : NAN)
                                    : std::ldexp(mantissa + 1024, exponent - 25);
    return (half & 0x8000) ? -value : value;
  }

  json read(int depth) {
    if (depth > kMaxDepth) fail();
    std::uint8_t initial = byte();
    std::uint8_t major = initial >> 5;
    std::uint8_t extra = initial & 0x1f;
    if (major == 7) return simple(extra);
    std::uint64_t size = argument(extra);
    if (size == kIndefinite && (major == 0 || major == 1 || major == 6)) fail();
    switch (major) {
      case 0:
        return size;
      case 1:
        if (size > static_cast<std::uint64_t>(INT64_MAX)) return -1.0 - static_cast<double>(size);
        return -1 - static_cast<std::int64_t>(size);
      case 2:
        return base64::encode(string_of(2, size));
      case 3:
        return string_of(3, size);
      case 4: {
        json array = json::array();
        for (std::uint64_t i = 0; size == kIndefinite ? !at_break() : i < size; ++i)
          array.push_back(read(depth + 1));
        return array;
      }
      case 5: {
        json object = json::object();
        for (std::uint64_t i = 0; size == kIndefinite ? !at_break() : i < size; ++i) {
          json key = read(depth + 1);
          if (!key.is_string()) fail();
          object[key.get<std::string>()] = read(depth + 1);
        }
        return object;
      }
      default: {  // 6: a tag
        json tagged = read(depth + 1);
        if (size == 1 && tagged.is_number()) return seconds_from_millis(tagged);
        return tagged;
      }
    }
  }

  json simple(std::uint8_t extra) {
    switch (extra) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:  // null
      case 23:  // undefined
        return nullptr;
      case 25:
        return half_float(static_cast<std::uint16_t>(big_endian(2)));
      case 26:
        return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(big_endian(4))));
      case 27:
        return std::bit_cast<double>(big_endian(8));
      default:
        fail();
    }
  }

  std::string_view input_;
  std::size_t position_ = 0;
};

// A CBOR writer for the subset a service's JSON needs, plus byte strings and tag 1 (nlohmann's
// own writer can tag only byte strings).
class CborWriter {
 public:
  explicit CborWriter(const ServiceDescription* service) : service_(service) {}

  void write(const json& value, CborMemberKind kind) {
    switch (value.type()) {
      case json::value_t::object:
        head(5, value.size());
        for (const auto& [member, item] : value.items()) {
          text(member);
          write(item, cbor_member_kind(service_, member));
        }
        break;
      case json::value_t::array:
        head(4, value.size());
        for (const auto& item : value) write(item, kind);
        break;
      case json::value_t::string: {
        const auto& string = value.get_ref<const std::string&>();
        if (kind == CborMemberKind::blob) {
          if (auto bytes = base64::decode(string)) {
            head(2, bytes->size());
            out_ += *bytes;
            break;
          }
        }
        text(string);
        break;
      }
      case json::value_t::binary: {
        const auto& bytes = value.get_binary();
        head(2, bytes.size());
        out_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        break;
      }
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
      case json::value_t::number_float:
        if (kind == CborMemberKind::timestamp) {
          head(6, 1);
          integer(std::llround(value.get<double>() * 1000.0));
        } else if (value.is_number_unsigned()) {
          head(0, value.get<std::uint64_t>());
        } else if (value.is_number_integer()) {
          integer(value.get<std::int64_t>());
        } else {
          out_ += static_cast<char>(0xfb);
          big_endian(std::bit_cast<std::uint64_t>(value.get<double>()), 8);
        }
        break;
      case json::value_t::boolean:
        out_ += static_cast<char>(value.get<bool>() ? 0xf5 : 0xf4);
        break;
      case json::value_t::null:
      case json::value_t::discarded:
        out_ += static_cast<char>(0xf6);
        break;
    }
  }

  std::string take() { return std::move(out_); }

 private:
  void big_endian(std::uint64_t value, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
      out_ += static_cast<char>((value >> shift) & 0xff);
  }
  // A major type and its argument, in the shortest form.
  void head(std::uint8_t major, std::uint64_t argument) {
    auto initial = [&](std::uint8_t extra) { out_ += static_cast<char>((major << 5) | extra); };
    if (argument < 24) {
      initial(static_cast<std::uint8_t>(argument));
    } else if (argument <= 0xff) {
      initial(24);
      big_endian(argument, 1);
    } else if (argument <= 0xffff) {
      initial(25);
      big_endian(argument, 2);
    } else if (argument <= 0xffffffff) {
      initial(26);
      big_endian(argument, 4);
    } else {
      initial(27);
      big_endian(argument, 8);
    }
  }
  void integer(std::int64_t value) {
    if (value >= 0)
      head(0, static_cast<std::uint64_t>(value));
    else
      head(1, static_cast<std::uint64_t>(-(value + 1)));
  }
  void text(std::string_view string) {
    head(3, string.size());
    out_ += string;
  }

  const ServiceDescription* service_;
  std::string out_;
};

}  // namespace

json cbor_to_service_json(std::string_view body) {
  if (body.empty()) return json::object();
  json value = CborReader(body).read_document();
  if (!value.is_object())
    throw AwsError("SerializationException", "Start of structure or map found where not expected.");
  return value;
}

std::string service_json_to_cbor(const json& value, const ServiceDescription* service) {
  CborWriter writer(service);
  writer.write(value, CborMemberKind::plain);
  return writer.take();
}

}  // namespace eddy::protocol
