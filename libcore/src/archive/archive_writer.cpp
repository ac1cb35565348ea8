#include "archive/parent_directory.h"
#include "archive_end.h"
#include "eventctl/archive/archive.h"
#include "eventctl/error.h"
#include "sha256.h"
#include "zstd_frames.h"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eventctl {

struct ArchiveWriter::Digest {
    Sha256 sha256;
};

namespace {

std::int64_t size_of(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
}

// A reader that went away makes a write to its pipe raise SIGPIPE, which would kill eventctl
// with the batch half written. Blocked for the write, the signal becomes EPIPE, a batch that
// failed like any other; the one the write raised is taken back before the mask is restored.
class SigpipeBlocked {
  public:
    SigpipeBlocked() {
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &m_pipe, &m_previous);
    }
    ~SigpipeBlocked() {
        sigset_t pending;
        if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
            timespec none{};
            sigtimedwait(&m_pipe, nullptr, &none);
        }
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

  private:
    sigset_t m_pipe;
    sigset_t m_previous;
};

// Writes all of bytes; 0, or the errno of the write that failed.
int write_all(int fd, std::string_view bytes) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno;
        }
        written += static_cast<std::size_t>(n);
    }
    return 0;
}

// A new file is durable only once its directory entry is: fsync the directory too.
int sync_directory(const std::string& path) {
    int dir = ::open(parent_directory(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        return errno;
    }
    int error = ::fsync(dir) == 0 ? 0 : errno;
    ::close(dir);
    return error;
}

// Ids compare as numbers when both are integers (bigint ids), else byte by byte (uuid, text).
bool id_less(const std::string& a, const std::string& b) {
    std::int64_t x = 0;
    std::int64_t y = 0;
    auto [a_end, a_error] = std::from_chars(a.data(), a.data() + a.size(), x);
    auto [b_end, b_error] = std::from_chars(b.data(), b.data() + b.size(), y);
    if (a_error == std::errc() && b_error == std::errc() && a_end == a.data() + a.size() &&
        b_end == b.data() + b.size()) {
        return x < y;
    }
    return a < b;
}

int open_manifest(const std::string& path, bool& ends_in_newline) {
    int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        errno = EINVAL;
        return -1;
    }
    char last = '\n';
    ends_in_newline =
        st.st_size == 0 || (::pread(fd, &last, 1, st.st_size - 1) == 1 && last == '\n');
    return fd;
}

} // namespace

ArchiveWriter::ArchiveWriter(ArchiveTarget target)
    : m_target(std::move(target)), m_digest(std::make_unique<Digest>()) {
    const auto& path = m_target.request.path;
    if (m_target.kind == ArchiveKind::pipe) {
        // Opening a FIFO waits for its reader, as writing into it would.
        m_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    } else {
        m_fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
        m_created = m_fd >= 0;
        if (m_fd < 0 && errno == EEXIST) {
            m_fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
        }
    }
    if (m_fd < 0) {
        throw UsageError("--archive-to: cannot open " + path + ": " + std::strerror(errno));
    }
    try {
        struct stat st {};
        if (::fstat(m_fd, &st) != 0) {
            throw UsageError("--archive-to: cannot open " + path + ": " + std::strerror(errno));
        }
        bool regular = S_ISREG(st.st_mode);
        if (regular != (m_target.kind == ArchiveKind::file)) {
            throw UsageError("--archive-to " + path + " changed from " +
                             (regular ? "a pipe to a regular file" : "a regular file to a pipe") +
                             " since the purge was planned");
        }
        if (regular) {
            check_archive_end(m_fd, m_target);
            m_from = m_end = size_of(m_fd);
        }
    } catch (...) {
        ::close(m_fd);
        throw;
    }
}

ArchiveWriter::~ArchiveWriter() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void ArchiveWriter::fail_batch(int error, std::int64_t size_before, const char* step) {
    const auto& path = m_target.request.path;
    std::string message = std::string("cannot ") + step + " the archive " + path + ": " +
                          std::strerror(error) + "; this batch was not deleted";
    if (m_target.kind == ArchiveKind::pipe) {
        throw Error(ExitCode::temp_failure,
                    message + ", but some of its rows may have gone into the pipe");
    }
    // What was written of the batch goes, so the file ends with the last whole batch and a
    // rerun appends to a whole line.
    if (::ftruncate(m_fd, static_cast<off_t>(size_before)) != 0) {
        throw Error(ExitCode::temp_failure,
                    message + ", and cutting the archive back to its " +
                        std::to_string(size_before) + " bytes failed too (" + std::strerror(errno) +
                        "): the next purge refuses it until it is cut",
                    "truncate -s " + std::to_string(size_before) + " " + path);
    }
    ::fsync(m_fd);
    throw Error(ExitCode::temp_failure,
                message + "; the archive was cut back to the " + std::to_string(size_before) +
                    " bytes it had before it",
                "free some space, then run the purge again: it continues where this one stopped");
}

void ArchiveWriter::append(const std::vector<ArchiveRow>& rows) {
    if (rows.empty()) {
        return;
    }
    std::string text;
    for (const auto& row : rows) {
        text += row.json;
        text += '\n';
    }
    auto bytes =
        m_target.compression == ArchiveCompression::zstd ? zstd_frame(text) : std::move(text);
    if (m_target.kind == ArchiveKind::pipe) {
        SigpipeBlocked blocked;
        if (int error = write_all(m_fd, bytes); error != 0) {
            fail_batch(error, 0, "write");
        }
    } else {
        // Another writer may have appended meanwhile; the batch starts where the file ends.
        auto before = size_of(m_fd);
        if (int error = write_all(m_fd, bytes); error != 0) {
            fail_batch(error, before, "write");
        }
        if (::fsync(m_fd) != 0) {
            fail_batch(errno, before, "flush");
        }
        if (m_created && !m_dir_synced) {
            if (int error = sync_directory(m_target.request.path); error != 0) {
                fail_batch(error, before, "flush the directory of");
            }
            m_dir_synced = true;
        }
    }
    m_digest->sha256.update(bytes);
    m_end += static_cast<std::int64_t>(bytes.size());
    m_rows += static_cast<std::int64_t>(rows.size());
    for (const auto& row : rows) {
        if (!m_min_id || id_less(row.id, *m_min_id)) {
            m_min_id = row.id;
        }
        if (!m_max_id || id_less(*m_max_id, row.id)) {
            m_max_id = row.id;
        }
    }
}

void ArchiveWriter::write_manifest(nlohmann::json run) {
    if (m_target.kind != ArchiveKind::file) {
        return;
    }
    auto path = m_target.manifest_path();
    auto optional = [](const std::optional<std::string>& value) {
        return value ? nlohmann::json(*value) : nlohmann::json();
    };
    auto name = m_target.request.path.substr(m_target.request.path.find_last_of('/') + 1);
    nlohmann::json line = {
        {"manifest", 1},
        {"archive", name},
        {"compression", m_target.compression == ArchiveCompression::zstd ? "zstd" : "none"},
    };
    if (run.is_object()) {
        line.update(run);
    }
    line["rows"] = m_rows;
    line["min_id"] = optional(m_min_id);
    line["max_id"] = optional(m_max_id);
    line["from_byte"] = m_from;
    line["to_byte"] = m_end;
    line["sha256"] = m_digest->sha256.hex();
    auto text = line.dump() + "\n";

    bool ends_in_newline = true;
    int fd = open_manifest(path, ends_in_newline);
    int error = fd < 0 ? errno : 0;
    if (fd >= 0) {
        // A line a killed run left cut off stays a line of its own.
        if (!ends_in_newline) {
            text.insert(text.begin(), '\n');
        }
        error = write_all(fd, text);
        if (error == 0 && ::fsync(fd) != 0) {
            error = errno;
        }
        ::close(fd);
    }
    if (error == 0 && fd >= 0 && m_created) {
        error = sync_directory(path);
    }
    if (error != 0) {
        throw Error(ExitCode::io_error,
                    std::to_string(m_rows) + " rows were archived to " + m_target.request.path +
                        ", but its manifest " + path +
                        " could not be written: " + std::strerror(error),
                    "the archive itself is whole; its rows are the lines from byte " +
                        std::to_string(m_from) + " to " + std::to_string(m_end));
    }
}

} // namespace eventctl
