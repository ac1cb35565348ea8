#pragma once

#include <string>

namespace eventctl::test {

// A directory of its own under /tmp, removed with everything in it when this goes: archives,
// their manifests and the other files a test makes leave nothing behind.
class TempDirectory {
  public:
    TempDirectory();
    ~TempDirectory();
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    const std::string& path() const { return m_path; }
    // A file of that name in the directory.
    std::string path(const std::string& name) const { return m_path + "/" + name; }

  private:
    std::string m_path;
};

} // namespace eventctl::test
