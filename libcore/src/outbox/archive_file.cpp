#include "archive_file.h"

#include "eventctl/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace eventctl {

ArchiveFile::ArchiveFile(const std::string& path) : m_path(path) {
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (m_fd < 0) {
        throw UsageError("--archive-to: cannot open " + path + ": " + std::strerror(errno));
    }
}

ArchiveFile::~ArchiveFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void ArchiveFile::append_durably(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += line;
        text += '\n';
    }
    std::size_t written = 0;
    while (written < text.size()) {
        auto n = ::write(m_fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw Error(ExitCode::temp_failure, "cannot write the archive " + m_path + ": " +
                                                    std::strerror(errno) +
                                                    "; this batch was not deleted");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(m_fd) != 0) {
        throw Error(ExitCode::temp_failure, "cannot flush the archive " + m_path + ": " +
                                                std::strerror(errno) +
                                                "; this batch was not deleted");
    }
}

} // namespace eventctl
