#pragma once

// Append-only NDJSON archive for purge: each batch reaches the disk before it is deleted.

#include <string>
#include <vector>

namespace eventctl {

// An archive file opened for appending; throws Error when it cannot be opened or written.
class ArchiveFile {
  public:
    explicit ArchiveFile(const std::string& path);
    ~ArchiveFile();
    ArchiveFile(const ArchiveFile&) = delete;
    ArchiveFile& operator=(const ArchiveFile&) = delete;

    // Appends the lines and returns only once they are on disk (fsync).
    void append_durably(const std::vector<std::string>& lines);

  private:
    std::string m_path;
    int m_fd = -1;
};

} // namespace eventctl
