// Beast's advanced_server shape: a listener accepts onto per-connection strands; a Session reads
// one request with the parser's limits under the stream's timer, asks the Router, writes, and
// loops while keep-alive. SIGTERM/SIGINT close the listener, let requests in progress finish
// (drain_timeout at most), close idle connections and return from run().
#include "server.h"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <cctype>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace traceseal::service {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Session;

struct Shared {
    Shared(const Router& r, ServerLimits l) : router(r), limits(l) {}
    const Router& router;
    ServerLimits limits;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> connections{0};
    std::mutex m;
    std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> sessions;
};

http::response<http::string_body> to_beast(const HttpResponse& r, unsigned version,
                                           bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "traceseal-registryd");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.set(name, value);
    res.keep_alive(keep_alive);
    res.body() = r.body;
    res.prepare_payload();
    return res;
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, Shared& shared)
        : stream_(std::move(socket)), deadline_(stream_.get_executor()), shared_(shared) {
        beast::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    ~Session() { shared_.connections--; }

    void start() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait(); });
    }
    // On shutdown: an idle connection closes now, a busy one after its answer.
    void close_when_idle() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->close();
        });
    }

  private:
    // Waits (idle_timeout) for the first bytes of the next request.
    void wait() {
        if (shared_.stopping) return close();
        busy_ = false;
        if (buffer_.size() > 0) return read();
        stream_.expires_after(shared_.limits.idle_timeout);
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    if (ec) return self->close();
                                    self->buffer_.commit(n);
                                    self->read();
                                });
    }

    // Reads the rest of the request within request_timeout, under the parser's limits.
    void read() {
        busy_ = true;
        parser_.emplace();
        parser_->body_limit(shared_.limits.max_body);
        parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.max_header));
        // Not the stream's own timer, which closes the socket: a client too slow to send its
        // request still gets its 408 before the close (FORMAT.md §11.3).
        stream_.expires_never();
        timed_out_ = false;
        reading_ = true;
        deadline_.expires_after(shared_.limits.request_timeout);
        deadline_.async_wait([self = shared_from_this(), n = ++requests_](beast::error_code ec) {
            // (A wait that completed just as the read did must not cancel what comes after.)
            if (ec || !self->reading_ || n != self->requests_) return;
            self->timed_out_ = true;
            beast::error_code ignored;
            self->stream_.socket().cancel(ignored);
        });
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        reading_ = false;
        deadline_.cancel();
        if (timed_out_ && !shared_.stopping)  // nothing recorded; the answer, then the close
            return answer(problem(408, "request_timeout",
                                  "the request was not received within " +
                                      std::to_string(shared_.limits.request_timeout.count()) +
                                      " ms of its first byte"),
                          11, false);
        if (ec == beast::error::timeout || ec == http::error::end_of_stream ||
            ec == asio::error::eof || ec == asio::error::connection_reset ||
            ec == asio::error::operation_aborted)
            return close();  // a vanished client: the socket is closed, nothing recorded
        if (ec == http::error::body_limit || ec == http::error::header_limit)
            return answer(problem(413, "request_too_large",
                                  ec == http::error::body_limit
                                      ? "the body is over " +
                                            std::to_string(shared_.limits.max_body) + " bytes"
                                      : "the request head is over " +
                                            std::to_string(shared_.limits.max_header) + " bytes"),
                          11, false);
        if (ec)
            return answer(
                problem(400, "request_malformed", "not an HTTP/1.1 request: " + ec.message()), 11,
                false);
        auto& req = parser_->get();
        HttpRequest r;
        r.method = std::string(req.method_string());
        r.target = std::string(req.target());
        for (const auto& f : req) {
            std::string name(f.name_string());
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers[name] = std::string(f.value());
        }
        r.body = std::move(req.body());
        r.peer = peer_;
        HttpResponse out;
        try {
            out = shared_.router.handle(r);
        } catch (const std::exception& e) {  // a handler bug must not take the service down
            out = problem(503, "service_unavailable", std::string("internal error: ") + e.what());
        }
        answer(out, req.version(), req.keep_alive() && !shared_.stopping);
    }

    void answer(const HttpResponse& r, unsigned version, bool keep_alive) {
        auto res =
            std::make_shared<http::response<http::string_body>>(to_beast(r, version, keep_alive));
        stream_.expires_after(shared_.limits.request_timeout);
        http::async_write(
            stream_, *res,
            [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive) return self->close();
                self->wait();
            });
    }

    void close() {
        busy_ = false;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    asio::steady_timer deadline_;  // the request timeout (read())
    bool timed_out_ = false, reading_ = false;
    std::uint64_t requests_ = 0;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Shared& shared_;
    std::string peer_;
    bool busy_ = false;
};

}  // namespace

struct Server::Impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    Shared shared;
    Impl(const Router& r, ServerLimits l) : ioc(l.threads), shared(r, l) {}

    // The acceptor is used from whichever thread completed the last accept and from the
    // signal's thread (begin_shutdown): one mutex keeps its close from racing a new accept.
    std::mutex acceptor_m;

    void accept() {
        std::lock_guard<std::mutex> lock(acceptor_m);
        if (!acceptor.is_open()) return;
        acceptor.async_accept(
            asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
                if (ec) return accept();  // (returns at once once the acceptor is closed)
                if (shared.connections >= shared.limits.max_connections) {
                    socket.close(ec);  // over the limit: refused at once, no worker spent
                    return accept();
                }
                shared.connections++;
                auto s = std::make_shared<Session>(std::move(socket), shared);
                {
                    std::lock_guard<std::mutex> lock(shared.m);
                    for (auto it = shared.sessions.begin(); it != shared.sessions.end();)
                        it = it->expired() ? shared.sessions.erase(it) : std::next(it);
                    shared.sessions.insert(s);
                }
                s->start();
                accept();
            });
    }

    void begin_shutdown() {
        if (shared.stopping.exchange(true)) return;
        {
            std::lock_guard<std::mutex> lock(acceptor_m);
            beast::error_code ec;
            acceptor.close(ec);
        }
        std::vector<std::shared_ptr<Session>> live;
        {
            std::lock_guard<std::mutex> lock(shared.m);
            for (auto& w : shared.sessions)
                if (auto s = w.lock()) live.push_back(s);
        }
        for (auto& s : live) s->close_when_idle();
    }
};

Server::Server(const Router& router, ServerLimits limits)
    : impl_(std::make_unique<Impl>(router, limits)) {}
Server::~Server() = default;

Result<std::string> Server::listen(const std::string& host, const std::string& port) {
    beast::error_code ec;
    tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(host, port, ec);
    if (ec || results.empty())
        return make_error(Reason::service_unavailable,
                          host + ":" + port + ": cannot resolve (" + ec.message() + ")");
    tcp::endpoint ep = results.begin()->endpoint();
    auto& a = impl_->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return make_error(Reason::service_unavailable,
                          host + ":" + port + ": cannot listen (" + ec.message() + ")");
    auto bound = a.local_endpoint(ec);
    std::string h = bound.address().to_string();
    if (bound.address().is_v6()) h = "[" + h + "]";
    return h + ":" + std::to_string(bound.port());
}

void Server::run(const std::function<void()>& on_stop) {
    auto& ioc = impl_->ioc;
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    asio::steady_timer drain(ioc);
    signals.async_wait([&](beast::error_code ec, int) {
        if (ec) return;
        impl_->begin_shutdown();
        drain.expires_after(impl_->shared.limits.drain_timeout);
        drain.async_wait([&](beast::error_code e) {
            if (!e) ioc.stop();  // requests still in progress after the drain time
        });
    });
    impl_->accept();
    std::vector<std::thread> threads;
    // When every session is gone, the signal wait and drain timer are the only work left.
    asio::steady_timer watch(ioc);
    std::function<void()> poll = [&] {
        watch.expires_after(std::chrono::milliseconds(50));
        watch.async_wait([&](beast::error_code e) {
            if (e) return;
            if (impl_->shared.stopping && impl_->shared.connections == 0) {
                signals.cancel();
                drain.cancel();
                return;
            }
            poll();
        });
    };
    poll();
    for (int i = 1; i < impl_->shared.limits.threads; ++i) threads.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : threads) t.join();
    if (on_stop) on_stop();
}

void Server::stop() {
    asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace traceseal::service
