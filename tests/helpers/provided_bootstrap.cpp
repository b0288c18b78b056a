// A provided.al2023 function's `bootstrap` in C++: a minimal client of AWS's Lambda Runtime API
// over plain sockets, what aws-lambda-cpp does for a real function. The integration tests zip
// this binary as the package's bootstrap and invoke it through boto3.
//
// Its behaviour follows _HANDLER:
//   init-error  posts /init/error (Lambda-Runtime-Function-Error-Type: Custom.ConfigMissing), exits
//   anything    loops over /next: an event {"fail": "<message>"} posts /invocation/{id}/error with
//               error type Sensor.Offline; any other event is answered with what /next carried
//               (the event, every header the tests check) and the handler name.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace {

using json = nlohmann::json;

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class RuntimeApiClient {
 public:
  explicit RuntimeApiClient(const std::string& address) {
    auto colon = address.rfind(':');
    host_ = address.substr(0, colon);
    port_ = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
  }

  // One request per connection ("Connection: close"): the simplest client that is still HTTP/1.1.
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers = {}) const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    ::inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd);
      throw std::runtime_error("cannot connect to the Runtime API");
    }
    std::string request =
        method + " /2018-06-01/runtime/" + path + " HTTP/1.1\r\nHost: " + host_ +
        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
      ssize_t n = ::write(fd, request.data() + sent, request.size() - sent);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buffer[8192];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
      raw.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return parse(raw);
  }

 private:
  static HttpResponse parse(const std::string& raw) {
    HttpResponse response;
    auto header_end = raw.find("\r\n\r\n");
    if (raw.compare(0, 5, "HTTP/") != 0 || header_end == std::string::npos)
      throw std::runtime_error("malformed Runtime API response");
    response.status = std::stoi(raw.substr(raw.find(' ') + 1, 3));
    std::size_t line_start = raw.find("\r\n") + 2;
    while (line_start < header_end) {
      std::size_t line_end = raw.find("\r\n", line_start);
      std::string line = raw.substr(line_start, line_end - line_start);
      auto colon = line.find(':');
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      response.headers[lower(line.substr(0, colon))] = value;
      line_start = line_end + 2;
    }
    response.body = raw.substr(header_end + 4);
    return response;
  }

  std::string host_;
  std::uint16_t port_ = 0;
};

std::string header_or_null(const HttpResponse& response, const std::string& name) {
  auto found = response.headers.find(name);
  return found == response.headers.end() ? std::string() : found->second;
}

}  // namespace

int main() {
  const char* api_address = std::getenv("AWS_LAMBDA_RUNTIME_API");
  const char* handler_name = std::getenv("_HANDLER");
  if (!api_address) {
    std::fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set\n");
    return 1;
  }
  RuntimeApiClient api(api_address);
  std::string handler = handler_name ? handler_name : "";
  std::printf("c++ bootstrap starting with handler %s\n", handler.c_str());
  std::fflush(stdout);

  if (handler == "init-error") {
    json error = {{"errorMessage", "CONFIG is not set"}, {"errorType", "Custom.ConfigMissing"}};
    api.request("POST", "init/error", error.dump(),
                {{"Content-Type", "application/json"},
                 {"Lambda-Runtime-Function-Error-Type", "Custom.ConfigMissing"}});
    return 1;
  }

  for (;;) {
    HttpResponse next = api.request("GET", "invocation/next", "");
    if (next.status != 200) {
      std::fprintf(stderr, "next answered %d\n", next.status);
      return 1;
    }
    std::string request_id = header_or_null(next, "lambda-runtime-aws-request-id");
    json event = json::parse(next.body, nullptr, false);
    std::printf("handling %s\n", request_id.c_str());
    std::fflush(stdout);
    HttpResponse posted;
    if (event.is_object() && event.contains("fail")) {
      json error = {{"errorMessage", event["fail"]},
                    {"errorType", "Sensor.Offline"},
                    {"stackTrace", json::array({"main.cpp:1"})}};
      posted = api.request("POST", "invocation/" + request_id + "/error", error.dump(),
                           {{"Content-Type", "application/json"},
                            {"Lambda-Runtime-Function-Error-Type", "Sensor.Offline"}});
    } else {
      json answer = {
          {"event", event},
          {"handler", handler},
          {"requestId", request_id},
          {"deadlineMs", header_or_null(next, "lambda-runtime-deadline-ms")},
          {"functionArn", header_or_null(next, "lambda-runtime-invoked-function-arn")},
          {"traceId", header_or_null(next, "lambda-runtime-trace-id")},
          {"clientContext", header_or_null(next, "lambda-runtime-client-context")},
          {"contentType", header_or_null(next, "content-type")},
      };
      posted = api.request("POST", "invocation/" + request_id + "/response", answer.dump());
    }
    if (posted.status != 202) {
      std::fprintf(stderr, "the Runtime API answered %d to the result\n", posted.status);
      return 1;
    }
  }
}
