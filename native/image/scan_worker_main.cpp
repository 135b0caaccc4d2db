// traceseal-scan-worker: the decoder process of sanitized builds (scan_worker.cpp explains why
// they exec one): `traceseal-scan-worker CPU_SECONDS MEMORY_MIB` reads the image from standard
// input and writes the scan's records to standard output, as a forked decoder does.
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "scan_image.h"

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    traceseal::native::ScanLimits limits;
    limits.cpu_seconds = std::strtod(argv[1], nullptr);
    limits.memory_mib = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
    if (!(limits.cpu_seconds > 0)) return 2;
    std::vector<std::uint8_t> data;
    std::uint8_t chunk[65536];
    for (;;) {
        const ssize_t n = ::read(0, chunk, sizeof chunk);
        if (n < 0) return 1;
        if (n == 0) break;
        data.insert(data.end(), chunk, chunk + n);
    }
    traceseal::native::run_decoder_child(1, data.data(), data.size(), limits, 0);
}
