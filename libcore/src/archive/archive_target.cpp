#include "archive/parent_directory.h"
#include "archive_end.h"
#include "eventctl/archive/archive.h"
#include "eventctl/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eventctl {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Standard output carries the result: an archive there would have the result's text in it.
bool is_standard_output(const struct stat& target) {
    struct stat out {};
    return ::fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == target.st_dev &&
           out.st_ino == target.st_ino;
}

const char* pipe_hint = "archive to a regular file (a name ending in .zst is compressed), or "
                        "accept the risk with --archive-unsafe-pipe";

void check_existing_file(const ArchiveTarget& target) {
    const auto& path = target.request.path;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw UsageError("--archive-to: cannot read " + path + ": " + std::strerror(errno));
    }
    try {
        check_archive_end(fd, target);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
}

} // namespace

ArchiveTarget check_archive_target(const ArchiveRequest& request) {
    const auto& path = request.path;
    if (path.empty()) {
        throw UsageError("--archive-to needs a file name");
    }
    ArchiveTarget target;
    target.request = request;
    target.compression =
        ends_with(path, ".zst") ? ArchiveCompression::zstd : ArchiveCompression::none;

    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) {
            throw UsageError("--archive-to: cannot use " + path + ": " + std::strerror(errno));
        }
        if (request.unsafe_pipe) {
            throw UsageError("--archive-unsafe-pipe is for pipes, and " + path +
                             " does not exist: it would be a new regular file, archived durably "
                             "without that option");
        }
        auto directory = parent_directory(path);
        if (::access(directory.c_str(), W_OK) != 0) {
            throw UsageError("--archive-to: cannot create " + path + ": " + std::strerror(errno));
        }
        return target;
    }
    if (is_standard_output(st)) {
        throw UsageError("--archive-to " + path +
                             " is standard output, where the result is written too",
                         "archive to a file, or to another pipe with --archive-unsafe-pipe, "
                         "e.g. --archive-to >(gzip > archive.ndjson.gz)");
    }
    if (S_ISREG(st.st_mode)) {
        if (request.unsafe_pipe) {
            throw UsageError("--archive-unsafe-pipe is for pipes, and " + path +
                             " is a regular file, archived durably without that option");
        }
        if (::access(path.c_str(), W_OK) != 0) {
            throw UsageError("--archive-to: cannot write " + path + ": " + std::strerror(errno));
        }
        check_existing_file(target);
        return target;
    }
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
        if (!request.unsafe_pipe) {
            throw UsageError("--archive-to " + path +
                                 " is a pipe: a pipe cannot be flushed to disk, so rows would be "
                                 "deleted before whatever reads the pipe has stored them",
                             pipe_hint);
        }
        target.kind = ArchiveKind::pipe;
        return target;
    }
    throw UsageError("--archive-to " + path + " is neither a regular file nor a pipe");
}

} // namespace eventctl
