#pragma once
// A blocking HTTP/2 client on nghttp2's client side, for tests of the server's HTTP/2 session:
// submit requests, then run the connection until a condition holds.
#include <nghttp2/nghttp2.h>
#include <poll.h>

#include <boost/asio.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace eddy::testing {

class Http2TestClient {
 public:
  struct Response {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    bool closed = false;
    std::uint32_t close_code = 0;  // NGHTTP2_NO_ERROR unless the stream was reset
  };

  explicit Http2TestClient(std::uint16_t port, std::size_t max_header_block = 64 * 1024)
      : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    socket_.set_option(boost::asio::ip::tcp::no_delay(true));
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_close);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    nghttp2_option_set_max_send_header_block_length(option, max_header_block);
    nghttp2_session_client_new2(&session_, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
  }
  ~Http2TestClient() { nghttp2_session_del(session_); }
  Http2TestClient(const Http2TestClient&) = delete;
  Http2TestClient& operator=(const Http2TestClient&) = delete;

  std::int32_t submit(const std::string& method, const std::string& path, std::string body = {},
                      std::vector<std::pair<std::string, std::string>> fields = {}) {
    auto request = std::make_unique<Request>();
    request->body = std::move(body);
    std::vector<std::pair<std::string, std::string>> all = {
        {":method", method}, {":scheme", "http"}, {":authority", "127.0.0.1"}, {":path", path}};
    all.insert(all.end(), fields.begin(), fields.end());
    std::vector<nghttp2_nv> nv;
    for (auto& [name, value] : all)
      nv.push_back({reinterpret_cast<std::uint8_t*>(name.data()),
                    reinterpret_cast<std::uint8_t*>(value.data()), name.size(), value.size(),
                    NGHTTP2_NV_FLAG_NONE});
    nghttp2_data_provider provider{};
    provider.source.ptr = request.get();
    provider.read_callback = read_body;
    std::int32_t id = nghttp2_submit_request(session_, nullptr, nv.data(), nv.size(),
                                             request->body.empty() ? nullptr : &provider, nullptr);
    if (id < 0) throw std::runtime_error(nghttp2_strerror(id));
    requests_[id] = std::move(request);
    responses_[id];
    return id;
  }

  void reset(std::int32_t stream_id) {
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
  }

  // Writes and reads until `done` holds; false on timeout. Sets connection_closed at EOF.
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      flush();
      if (done()) return true;
      if (connection_closed) return false;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd fd{socket_.native_handle(), POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[64 * 1024];
      boost::system::error_code ec;
      std::size_t n = socket_.read_some(boost::asio::buffer(buffer), ec);
      if (ec) {
        connection_closed = true;
        continue;
      }
      if (nghttp2_session_mem_recv(session_, reinterpret_cast<std::uint8_t*>(buffer), n) < 0)
        connection_closed = true;
    }
  }

  bool all_closed() const {
    for (const auto& [id, response] : responses_)
      if (!response.closed) return false;
    return true;
  }
  bool run_until_all_closed(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return run_until([this] { return all_closed(); }, timeout);
  }

  Response& response(std::int32_t stream_id) { return responses_.at(stream_id); }
  // Raw bytes straight to the socket, bypassing nghttp2 (for malformed input).
  void write_raw(const std::string& bytes) {
    boost::asio::write(socket_, boost::asio::buffer(bytes));
  }

  bool goaway_received = false;
  std::uint32_t goaway_code = 0;
  bool connection_closed = false;

 private:
  struct Request {
    std::string body;
    std::size_t sent = 0;
  };

  void flush() {
    for (;;) {
      const std::uint8_t* data = nullptr;
      auto n = nghttp2_session_mem_send(session_, &data);
      if (n <= 0) return;
      boost::system::error_code ec;
      boost::asio::write(socket_, boost::asio::buffer(data, static_cast<std::size_t>(n)), ec);
      if (ec) {
        connection_closed = true;
        return;
      }
    }
  }

  static Http2TestClient& self(void* user_data) {
    return *static_cast<Http2TestClient*>(user_data);
  }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                       std::size_t name_size, const std::uint8_t* value, std::size_t value_size,
                       std::uint8_t, void* user_data) {
    auto it = self(user_data).responses_.find(frame->hd.stream_id);
    if (it == self(user_data).responses_.end()) return 0;
    std::string field(reinterpret_cast<const char*>(name), name_size);
    std::string text(reinterpret_cast<const char*>(value), value_size);
    if (field == ":status")
      it->second.status = std::stoi(text);
    else
      it->second.headers[field] = text;
    return 0;
  }
  static int on_data(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                     const std::uint8_t* data, std::size_t size, void* user_data) {
    auto it = self(user_data).responses_.find(stream_id);
    if (it != self(user_data).responses_.end())
      it->second.body.append(reinterpret_cast<const char*>(data), size);
    return 0;
  }
  static int on_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t code,
                      void* user_data) {
    auto it = self(user_data).responses_.find(stream_id);
    if (it != self(user_data).responses_.end()) {
      it->second.closed = true;
      it->second.close_code = code;
    }
    return 0;
  }
  static int on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type == NGHTTP2_GOAWAY) {
      self(user_data).goaway_received = true;
      self(user_data).goaway_code = frame->goaway.error_code;
    }
    return 0;
  }
  static ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length,
                           std::uint32_t* flags, nghttp2_data_source* source, void*) {
    auto& request = *static_cast<Request*>(source->ptr);
    std::size_t n = std::min(length, request.body.size() - request.sent);
    std::copy_n(request.body.data() + request.sent, n, buffer);
    request.sent += n;
    if (request.sent == request.body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, std::unique_ptr<Request>> requests_;
  std::map<std::int32_t, Response> responses_;
};

}  // namespace eddy::testing
