#include "temp_directory.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace eventctl::test {

TempDirectory::TempDirectory() {
    char path[] = "/tmp/eventctl-test-XXXXXX";
    if (mkdtemp(path) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = path;
}

TempDirectory::~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

} // namespace eventctl::test
