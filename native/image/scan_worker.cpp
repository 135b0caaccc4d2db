// The budgeted image scan (scan_image.h): decode and scan in a forked decoder process with
// RLIMIT_CPU and RLIMIT_AS, symbols streamed back over a pipe, the process killed when its CPU
// time or the wall clock runs out. As browsers isolate image decoders: ZXing 1.4 has no
// cancellation and stb has inputs it never finishes, so only a process boundary bounds them.
//
// After fork() only this thread exists in the child; glibc's fork keeps malloc usable there, and
// the child runs only stb, ZXing and write(2), then _exit (no atexit handlers, no stdio flush of
// the parent's buffers). Any lock the child could still block on is covered by the wall clock.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "scan_image.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TRACESEAL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define TRACESEAL_SANITIZED 1
#endif
#endif

namespace traceseal::native {
namespace {

using traceseal::Reason;
using Clock = std::chrono::steady_clock;

// ---- the pipe protocol: 'S' symbol, 'E' error, 'D' done ----------------------------------------
constexpr std::size_t kMaxField = 1 << 20;  // a symbol's text is far smaller
constexpr std::size_t kMaxSymbols = 4096;

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put_str(std::string& out, const std::string& s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

std::string encode_symbol(const DecodedSymbol& s) {
    std::string r = "S";
    put_str(r, s.text.substr(0, kMaxField));
    put_str(r, s.format.substr(0, 64));
    for (const Point& p : s.outline) {
        put_u32(r, static_cast<std::uint32_t>(p.x));
        put_u32(r, static_cast<std::uint32_t>(p.y));
    }
    put_u32(r, static_cast<std::uint32_t>(s.sequence_index));
    put_u32(r, static_cast<std::uint32_t>(s.sequence_size));
    put_str(r, s.sequence_id.substr(0, 64));
    return r;
}

std::string encode_error(const traceseal::Error& e) {
    std::string r = "E";
    put_str(r, std::string(to_string(e.reason)));
    put_str(r, e.detail.substr(0, 4096));
    return r;
}

struct Decoder {
    const std::string& buf;
    std::size_t pos = 0;
    bool ok = true;
    std::uint32_t u32() {
        if (buf.size() - pos < 4) return ok = false, 0;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(buf[pos++]);
        return v;
    }
    std::string str() {
        std::uint32_t n = u32();
        if (!ok || n > kMaxField || buf.size() - pos < n) return ok = false, std::string();
        std::string s = buf.substr(pos, n);
        pos += n;
        return s;
    }
};

// Parses every complete record at the front of `buf`; false on a malformed one.
bool take_records(std::string& buf, ImageScan& out, bool& done) {
    for (;;) {
        if (buf.empty()) return true;
        Decoder d{buf, 1};
        const char tag = buf[0];
        if (tag == 'D') {
            done = true;
            buf.erase(0, 1);
            return true;
        }
        if (tag == 'S') {
            DecodedSymbol s;
            s.text = d.str();
            s.format = d.str();
            for (Point& p : s.outline) {
                p.x = static_cast<std::int32_t>(d.u32());
                p.y = static_cast<std::int32_t>(d.u32());
            }
            s.sequence_index = static_cast<std::int32_t>(d.u32());
            s.sequence_size = static_cast<std::int32_t>(d.u32());
            s.sequence_id = d.str();
            if (!d.ok) return buf.size() < 2 * kMaxField + 4096;  // incomplete: wait for more
            if (out.symbols.size() < kMaxSymbols) out.symbols.push_back(std::move(s));
        } else if (tag == 'E') {
            std::string word = d.str(), detail = d.str();
            if (!d.ok) return buf.size() < kMaxField;
            auto reason = parse_reason(word);
            out.error = make_error(reason ? *reason : Reason::image_corrupt, detail);
        } else {
            return false;
        }
        buf.erase(0, d.pos);
    }
}

bool write_all(int fd, const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        off += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

// ---- the child ---------------------------------------------------------------------------------
namespace {
#ifndef TRACESEAL_SANITIZED
std::size_t current_address_space() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (std::fscanf(f, "%lu", &pages) != 1) pages = 0;
        std::fclose(f);
    }
    return static_cast<std::size_t>(pages) * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}
#endif

}  // namespace

// `mapped`: the parent's address space at fork (read before it, so the child opens no files).
[[noreturn]] void run_decoder_child(int fd, const std::uint8_t* data, std::size_t size,
                                    const ScanLimits& limits, std::size_t mapped) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const rlim_t cpu = static_cast<rlim_t>(std::ceil(limits.cpu_seconds)) + 1;
    rlimit rl{cpu, cpu + 1};  // a backstop: the parent kills at cpu_seconds already
    ::setrlimit(RLIMIT_CPU, &rl);
#ifdef TRACESEAL_SANITIZED
    (void)mapped;
#else
    // The child shares the parent's mappings: the limit is what it may add to them.
    const rlim_t as = mapped + (static_cast<rlim_t>(limits.memory_mib) << 20);
    rlimit ra{as, as};
    ::setrlimit(RLIMIT_AS, &ra);
#endif
    int status = 0;
    try {
        // Pixel count against the memory limit first: stb's buffers, the luma image and the
        // passes' copies (2x upscaled for small images) take about 6 bytes a pixel.
        auto header = precheck_image(data, size);
        if (header && header->width > 0 && header->height > 0 &&
            header->width * header->height * 6 > static_cast<long long>(limits.memory_mib) << 20) {
            write_all(fd, encode_error(make_error(
                              Reason::image_too_complex,
                              std::to_string(header->width) + "x" + std::to_string(header->height) +
                                  " pixels need more than " + std::to_string(limits.memory_mib) +
                                  " MiB of memory")));
            write_all(fd, "D");
            ::_exit(0);
        }
        auto img = load_image_memory(data, size);
        if (!img) {
            status = write_all(fd, encode_error(img.error())) ? 0 : 1;
        } else {
            scan_image(*img, [&](const DecodedSymbol& s) {
                if (!write_all(fd, encode_symbol(s))) ::_exit(1);
            });
        }
    } catch (const std::bad_alloc&) {
        write_all(
            fd, encode_error(make_error(Reason::image_too_complex,
                                        "decoding needs more than " +
                                            std::to_string(limits.memory_mib) + " MiB of memory")));
    } catch (...) {
        write_all(fd, encode_error(make_error(Reason::image_corrupt, "the decoder failed")));
    }
    write_all(fd, "D");
    ::_exit(status);
}

namespace {

#ifdef TRACESEAL_SANITIZED
// GCC 12's sanitizer allocator is not fork-safe: a child forked while another thread holds its
// lock hangs at its first malloc (seen: the viewer's pool, half of all runs). Sanitized builds
// therefore exec a fresh decoder (traceseal-scan-worker, scan_worker_main.cpp) between fork and
// the first allocation; the image goes over in a memfd. Release builds fork only: glibc's fork
// keeps malloc usable in the child, and an exec per image would cost more than the scan.
[[noreturn]] void exec_decoder(int out_fd, int image_fd, char* const argv[]) {
    if (::dup2(image_fd, 0) < 0 || ::dup2(out_fd, 1) < 0) ::_exit(127);
    ::execv(argv[0], argv);
    ::_exit(127);
}
#endif

double cpu_seconds_of(pid_t pid) {
    clockid_t clock;
    timespec ts{};
    if (::clock_getcpuclockid(pid, &clock) != 0 || ::clock_gettime(clock, &ts) != 0) return 0;
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", s);
    return buf;
}

}  // namespace

ImageScan scan_image_bytes(const std::uint8_t* data, std::size_t size, const ScanLimits& limits) {
    ImageScan out;
    // The cheap checks run here first: most refusals never cost a process.
    if (auto header = precheck_image(data, size); !header) {
        out.error = header.error();
        return out;
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        out.error = make_error(Reason::image_unreadable,
                               std::string("cannot start the decoder: ") + std::strerror(errno));
        return out;
    }
#ifndef TRACESEAL_SANITIZED
    const std::size_t mapped = current_address_space();
#else
    // Everything the child needs is made before fork: it may not allocate (see exec_decoder).
    const int image_fd = ::memfd_create("traceseal-image", MFD_CLOEXEC);
    if (image_fd < 0 || ::write(image_fd, data, size) != static_cast<ssize_t>(size) ||
        ::lseek(image_fd, 0, SEEK_SET) != 0) {
        out.error = make_error(Reason::image_unreadable,
                               std::string("cannot start the decoder: ") + std::strerror(errno));
        if (image_fd >= 0) ::close(image_fd);
        ::close(fds[0]);
        ::close(fds[1]);
        return out;
    }
    std::string a0 = TRACESEAL_SCAN_WORKER_PATH, a1 = std::to_string(limits.cpu_seconds),
                a2 = std::to_string(limits.memory_mib);
    char* const argv[] = {a0.data(), a1.data(), a2.data(), nullptr};
#endif
    const pid_t pid = ::fork();
    if (pid < 0) {
        out.error = make_error(Reason::image_unreadable,
                               std::string("cannot start the decoder: ") + std::strerror(errno));
        ::close(fds[0]);
        ::close(fds[1]);
        return out;
    }
    if (pid == 0) {
#ifdef TRACESEAL_SANITIZED
        exec_decoder(fds[1], image_fd, argv);
#else
        ::close(fds[0]);
        run_decoder_child(fds[1], data, size, limits, mapped);
#endif
    }
#ifdef TRACESEAL_SANITIZED
    ::close(image_fd);
#endif
    ::close(fds[1]);
    const double wall =
        limits.wall_seconds > 0 ? limits.wall_seconds : 10 * limits.cpu_seconds + 10;
    const auto deadline = Clock::now() + std::chrono::duration<double>(wall);
    std::string buf;
    bool done = false, eof = false, garbage = false, over_cpu = false, over_wall = false;
    int status = 0;
    bool reaped = false;
    while (!done && !eof && !garbage) {
        pollfd p{fds[0], POLLIN, 0};
        const int r = ::poll(&p, 1, 20);
        if (r > 0) {
            char chunk[65536];
            const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
            if (n > 0) {
                buf.append(chunk, static_cast<std::size_t>(n));
                garbage = !take_records(buf, out, done);
            } else if (n == 0 || errno != EINTR) {
                eof = true;
            }
        }
        if (done || eof || garbage) break;
        if (cpu_seconds_of(pid) > limits.cpu_seconds) {
            over_cpu = true;
            break;
        }
        if (Clock::now() > deadline) {
            over_wall = true;
            break;
        }
        // Another thread's child may hold a copy of our pipe's write end: EOF alone is not
        // enough to notice that ours has gone.
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            reaped = true;
            // Drain what it wrote before exiting.
            for (;;) {
                char chunk[65536];
                pollfd q{fds[0], POLLIN, 0};
                if (::poll(&q, 1, 0) <= 0) break;
                const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
                if (n <= 0) break;
                buf.append(chunk, static_cast<std::size_t>(n));
            }
            garbage = !take_records(buf, out, done);
            break;
        }
    }
    ::close(fds[0]);
    if (!done && !reaped) ::kill(pid, SIGKILL);
    if (!reaped)
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    if (done && !garbage) return out;
    if (over_cpu || over_wall ||
        (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))) {
        out.error =
            make_error(Reason::image_too_complex,
                       "not decoded within " + seconds_text(over_wall ? wall : limits.cpu_seconds) +
                           " s" + (over_wall ? " (wall clock)" : " of CPU time") +
                           "; symbols found until then are reported");
    } else if (!out.error) {
        out.error =
            make_error(Reason::image_corrupt,
                       WIFSIGNALED(status)
                           ? "the decoder crashed (signal " + std::to_string(WTERMSIG(status)) + ")"
                           : std::string("the decoder stopped without an answer"));
    }
    return out;
}

ImageScan scan_image_file(const std::string& path, const ScanLimits& limits) {
    ImageScan out;
    auto bytes = read_image_file(path);
    if (!bytes) {
        out.error = bytes.error();
        return out;
    }
    out = scan_image_bytes(bytes->data(), bytes->size(), limits);
    if (out.error) out.error->detail = path + ": " + out.error->detail;
    return out;
}

}  // namespace traceseal::native
