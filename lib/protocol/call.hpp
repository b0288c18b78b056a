#pragma once
// One decoded AWS request, protocol-free: what a service sees. How it arrived (JSON, query, REST;
// the path, the headers) stays in the protocol layer's DecodedRequest.
#include <string>

#include "eddy/json.hpp"

namespace eddy::protocol {

struct Call {
  std::string service;    // "sqs", "sns" ...
  std::string operation;  // "SendMessage"
  json input = json::object();
  std::string access_key;  // from the SigV4 credential scope; the emulator maps it to `account`
  std::string account = "000000000000";
  std::string region = "us-east-1";
  std::string request_id;
  std::string host = "localhost:4566";  // the Host header: URLs handed out point back here
};

}  // namespace eddy::protocol
