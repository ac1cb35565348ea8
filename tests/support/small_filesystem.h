#pragma once

// A small file system of the test's own, to fill up: a tmpfs of a given size, mounted on a
// temporary directory (as root, or through sudo -n) and unmounted and removed afterwards, also
// when the test fails. Where mounting is not possible the constructor throws, saying why: a
// full-disk test cannot be faked by skipping it.

#include <cstddef>
#include <string>

namespace eventctl::test {

class SmallFilesystem {
  public:
    explicit SmallFilesystem(std::size_t bytes);
    ~SmallFilesystem();
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;

    // The mount point; name a file in it with path(name).
    const std::string& dir() const { return m_dir; }
    std::string path(const std::string& name) const { return m_dir + "/" + name; }

    // Bytes still free for a file's data.
    std::size_t free_bytes() const;
    // Fills the file system with a file of its own until only about `left` bytes are free.
    void fill_until(std::size_t left, const std::string& name = "filler");

  private:
    std::string m_dir;
    bool m_mounted = false;
};

} // namespace eventctl::test
