#include "command_line.hpp"

#include <fmt/format.h>
#include <getopt.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string_view>

namespace eddy::command_line {
namespace {

// The apply functions' messages say what is wrong with a value; parse adds where it came from.
template <typename Number>
Number number_in(const std::string& text, Number least, Number most) {
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < least || value > most)
    throw Invalid(fmt::format("'{}' is not a whole number from {} to {}", text, least, most));
  return value;
}

unsigned timeout_seconds(const std::string& text) {
  return number_in<unsigned>(text, 1, 7 * 24 * 60 * 60);  // up to a week
}

// One option: its flag, its value's name in the help (none for a switch), its variable (none for
// a flag only), its help, and how a value lands in the settings.
struct Option {
  const char* flag;
  const char* value_name;
  const char* variable;
  const char* help;
  void (*apply)(Settings&, const std::string& value);
  bool variable_lists_values = false;  // separated by colons, as PATH
};

// A switch's apply sees "true" from its flag, or its variable's text.
const std::array options{
    Option{"host", "ADDR", "EDDY_HOST",
           "address to listen on (default 127.0.0.1); binding beyond loopback is your explicit "
           "choice",
           [](Settings& s, const std::string& v) { s.host = v; }},
    Option{
        "port", "N", "EDDY_PORT", "port to listen on (default 4566), 0 for any free port",
        [](Settings& s, const std::string& v) { s.port = number_in<std::uint16_t>(v, 0, 65535); }},
    Option{"data-dir", "DIR", "EDDY_DATA_DIR",
           "keep state in DIR/eddy.db across restarts; default in memory",
           [](Settings& s, const std::string& v) { s.data_dir = v; }},
    Option{"log-level", "L", "EDDY_LOG_LEVEL", "debug|info|warn|error|off (default info)",
           [](Settings& s, const std::string& v) {
             if (!log::parse_level(v, s.log_level))
               throw Invalid(fmt::format("'{}' is not one of debug, info, warn, error, off", v));
           }},
    Option{"threads", "N", "EDDY_THREADS", "threads serving requests (default 0: one per core)",
           [](Settings& s, const std::string& v) { s.threads = number_in<unsigned>(v, 0, 1024); }},
    Option{"default-account", "ID", "EDDY_DEFAULT_ACCOUNT",
           "account of access keys that are not 12 digits (default 000000000000)",
           [](Settings& s, const std::string& v) {
             if (v.size() != 12 || v.find_first_not_of("0123456789") != std::string::npos)
               throw Invalid(fmt::format("'{}' is not 12 digits", v));
             s.default_account = v;
           }},
    Option{"kinesis-throughput-limits", nullptr, "EDDY_KINESIS_THROUGHPUT_LIMITS",
           "enforce Kinesis per-shard throughput limits (variable: 1 or true)",
           [](Settings& s, const std::string& v) {
             s.kinesis_throughput_limits = v == "1" || v == "true";
           }},
    Option{"lambda-concurrency-limit", "N", "EDDY_LAMBDA_CONCURRENCY_LIMIT",
           "Lambda's account concurrency limit per region (default 1000)",
           [](Settings& s, const std::string& v) {
             s.lambda_concurrency_limit =
                 number_in<std::int64_t>(v, 1, std::numeric_limits<std::int32_t>::max());
           }},
    Option{"init-dir", "DIR", "EDDY_INIT_DIR",
           "run the executables in DIR once listening; repeatable (variable: directories "
           "separated by colons)",
           [](Settings& s, const std::string& v) {
             std::error_code ec;
             if (!std::filesystem::is_directory(v, ec))
               throw Invalid(fmt::format("'{}' is not a directory", v));
             s.init_dirs.push_back(v);
           },
           true},
    Option{"lambda-node-path", "DIR", "EDDY_LAMBDA_NODE_PATH",
           "NODE_PATH of nodejs functions, where require() finds the AWS SDK; default the "
           "node_modules beside the runtimes directory",
           [](Settings& s, const std::string& v) { s.lambda_node_path = v; }},
    Option{"idle-timeout", "SECONDS", nullptr,
           "seconds a kept-alive connection may wait for its next request (default 120)",
           [](Settings& s, const std::string& v) {
             s.timeouts.idle_timeout_seconds = timeout_seconds(v);
           }},
    Option{"header-timeout", "SECONDS", nullptr,
           "seconds from a request's first byte to the end of its header (default 10)",
           [](Settings& s, const std::string& v) {
             s.timeouts.header_timeout_seconds = timeout_seconds(v);
           }},
    Option{"body-timeout", "SECONDS", nullptr,
           "seconds a request body may go without a byte arriving (default 20)",
           [](Settings& s, const std::string& v) {
             s.timeouts.body_timeout_seconds = timeout_seconds(v);
           }},
};

// getopt_long's codes for --help and --version; the options above are their index.
constexpr int help_code = 'h';
constexpr int version_code = 1000;

// Applies a value, naming its source (the flag or the variable) in an Invalid's message.
void apply(Settings& settings, const Option& option, const std::string& value,
           std::string_view source) {
  try {
    option.apply(settings, value);
  } catch (const Invalid& e) {
    throw Invalid(fmt::format("{}: {}", source, e.what()));
  }
}

void apply_variable(Settings& settings, const Option& option, std::string_view value) {
  if (!option.variable_lists_values)
    return apply(settings, option, std::string(value), option.variable);
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = std::min(value.find(':', start), value.size());
    if (end > start)
      apply(settings, option, std::string(value.substr(start, end - start)), option.variable);
    start = end + 1;
  }
}

}  // namespace

Parsed parse(int argc, char** argv) {
  std::vector<::option> long_options;
  for (std::size_t i = 0; i < options.size(); ++i)
    long_options.push_back({options[i].flag,
                            options[i].value_name ? required_argument : no_argument, nullptr,
                            static_cast<int>(i)});
  long_options.push_back({"help", no_argument, nullptr, help_code});
  long_options.push_back({"version", no_argument, nullptr, version_code});
  long_options.push_back({nullptr, 0, nullptr, 0});

  Parsed parsed;
  std::vector<std::pair<const Option*, std::string>> flags;
  std::array<bool, options.size()> flagged{};
  opterr = 0;  // its messages are ours to word
  optind = 1;
  int code;
  while ((code = getopt_long(argc, argv, ":h", long_options.data(), nullptr)) != -1) {
    if (code == help_code) {
      parsed.request = Request::show_help;
    } else if (code == version_code) {
      if (parsed.request == Request::serve) parsed.request = Request::show_version;
    } else if (code == ':') {
      throw Invalid(fmt::format("{} needs a value", argv[optind - 1]));
    } else if (code == '?') {
      throw Invalid(fmt::format("unknown option '{}'", argv[optind - 1]));
    } else {
      flags.emplace_back(&options[code], optarg ? optarg : "true");
      flagged[code] = true;
    }
  }
  if (optind < argc) throw Invalid(fmt::format("unexpected argument '{}'", argv[optind]));
  if (parsed.request != Request::serve) return parsed;

  for (std::size_t i = 0; i < options.size(); ++i) {
    const Option& option = options[i];
    const char* value = option.variable ? std::getenv(option.variable) : nullptr;
    if (!flagged[i] && value && *value) apply_variable(parsed.settings, option, value);
  }
  for (const auto& [option, value] : flags)
    apply(parsed.settings, *option, value, fmt::format("--{}", option->flag));
  return parsed;
}

std::string usage() {
  std::string text =
      "Usage: eddy [options]\n\nA flag wins over its environment variable.\n\n"
      "  -h, --help\n      show this help and exit\n"
      "  --version\n      show the version and exit\n";
  for (const Option& option : options) {
    text += fmt::format("  --{}", option.flag);
    if (option.value_name) text += fmt::format(" {}", option.value_name);
    if (option.variable) text += fmt::format("  (env {})", option.variable);
    text += fmt::format("\n      {}\n", option.help);
  }
  return text;
}

}  // namespace eddy::command_line
