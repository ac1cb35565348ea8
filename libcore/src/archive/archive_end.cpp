#include "archive_end.h"

#include "eventctl/error.h"
#include "zstd_frames.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eventctl {

namespace {

std::int64_t file_size(int fd, const std::string& path) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        throw UsageError("--archive-to: cannot read " + path + ": " + std::strerror(errno));
    }
    return static_cast<std::int64_t>(st.st_size);
}

// The size up to and including the last newline: what a cut-off batch is cut back to.
std::int64_t whole_lines(int fd, std::int64_t size, const std::string& path) {
    constexpr std::int64_t chunk = 64 * 1024;
    std::string buffer(static_cast<std::size_t>(chunk), '\0');
    for (auto end = size; end > 0;) {
        auto start = end > chunk ? end - chunk : 0;
        auto want = static_cast<std::size_t>(end - start);
        auto got = ::pread(fd, buffer.data(), want, start);
        if (got != static_cast<ssize_t>(want)) {
            throw UsageError("--archive-to: cannot read " + path + ": " +
                             std::strerror(got < 0 ? errno : EIO));
        }
        auto newline = std::string_view(buffer.data(), want).rfind('\n');
        if (newline != std::string_view::npos) {
            return start + static_cast<std::int64_t>(newline) + 1;
        }
        end = start;
    }
    return 0;
}

std::int64_t whole_frames(int fd, std::int64_t size, const std::string& path) {
    void* data = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
        throw UsageError("--archive-to: cannot read " + path + ": " + std::strerror(errno));
    }
    auto whole =
        whole_zstd_frames({static_cast<const char*>(data), static_cast<std::size_t>(size)});
    ::munmap(data, static_cast<std::size_t>(size));
    return static_cast<std::int64_t>(whole);
}

} // namespace

void check_archive_end(int fd, const ArchiveTarget& target) {
    const auto& path = target.request.path;
    auto size = file_size(fd, path);
    if (size == 0) {
        return;
    }
    bool zstd = target.compression == ArchiveCompression::zstd;
    auto whole = zstd ? whole_frames(fd, size, path) : whole_lines(fd, size, path);
    if (whole == size) {
        return;
    }
    if (zstd && whole == 0) {
        throw DataError("--archive-to " + path +
                            " is not a zstd archive: it does not start with "
                            "a whole zstd frame",
                        "archive to a new file; a name ending in .zst is written compressed");
    }
    auto cut = std::to_string(size - whole);
    throw DataError(
        "--archive-to " + path + " ends with " + cut + " bytes of a cut-off " +
            (zstd ? "zstd frame" : "line") +
            ": a purge was killed or failed while writing that batch, which it then did not "
            "delete (its rows are still in the table); appending after it would leave them "
            "unreadable",
        "cut the partial batch off with 'truncate -s " + std::to_string(whole) + " " + path +
            "', or archive to a new file");
}

} // namespace eventctl
