#include "textfile.h"

#include "eventctl/error.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace eventctl::cli {

namespace {

std::string directory_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_name(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw UsageError("--textfile: cannot write " + path + ": " + what + ": " + std::strerror(errno),
                     "give a file in a directory eventctl may write to, such as node_exporter's "
                     "--collector.textfile.directory");
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
    if (path.empty() || path.back() == '/') {
        errno = EISDIR;
        fail(path, "not a file name");
    }
    auto directory = directory_of(path);
    std::string pattern = directory + "/." + base_name(path) + ".XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0) {
        fail(path, "creating a temporary file in " + directory);
    }
    std::string temporary(name.data());
    auto abandon = [&](const std::string& what) {
        int saved = errno;
        close(fd);
        unlink(temporary.c_str());
        errno = saved;
        fail(path, what);
    };
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        auto written = write(fd, data, left);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            abandon("writing " + temporary);
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    // mkstemp makes the file 0600; the collector may run as another user.
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        abandon("flushing " + temporary);
    }
    if (close(fd) != 0) {
        int saved = errno;
        unlink(temporary.c_str());
        errno = saved;
        fail(path, "closing " + temporary);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        int saved = errno;
        unlink(temporary.c_str());
        errno = saved;
        fail(path, "renaming " + temporary);
    }
}

} // namespace eventctl::cli
