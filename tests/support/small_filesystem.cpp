#include "small_filesystem.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace eventctl::test {

namespace {

// Runs a command quietly; true when it exits 0.
bool run_quietly(std::vector<std::string> args) {
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

} // namespace

SmallFilesystem::SmallFilesystem(std::size_t bytes) {
    char dir[] = "/tmp/eventctl-smallfs-XXXXXX";
    if (mkdtemp(dir) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    m_dir = dir;
    auto options = "size=" + std::to_string(bytes) + ",mode=0777";
    if (geteuid() == 0) {
        m_mounted = ::mount("tmpfs", m_dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    } else {
        m_mounted =
            run_quietly({"sudo", "-n", "mount", "-t", "tmpfs", "-o", options, "tmpfs", m_dir});
    }
    if (!m_mounted) {
        auto why = std::string(std::strerror(errno));
        rmdir(m_dir.c_str());
        throw std::runtime_error("cannot mount a " + std::to_string(bytes) + "-byte tmpfs on " +
                                 m_dir + " (" + why +
                                 "): the full-disk tests need root or passwordless sudo");
    }
}

SmallFilesystem::~SmallFilesystem() {
    if (m_mounted) {
        if (geteuid() == 0) {
            ::umount2(m_dir.c_str(), MNT_DETACH);
        } else {
            run_quietly({"sudo", "-n", "umount", "-l", m_dir});
        }
    }
    rmdir(m_dir.c_str());
}

std::size_t SmallFilesystem::free_bytes() const {
    struct statvfs fs {};
    if (statvfs(m_dir.c_str(), &fs) != 0) {
        return 0;
    }
    return static_cast<std::size_t>(fs.f_bavail) * fs.f_frsize;
}

void SmallFilesystem::fill_until(std::size_t left, const std::string& name) {
    int fd = open(path(name).c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) {
        throw std::runtime_error("cannot create " + path(name));
    }
    std::string block(4096, 'x');
    while (free_bytes() > left) {
        auto want = std::min(block.size(), free_bytes() - left);
        if (write(fd, block.data(), want) <= 0) {
            break;
        }
    }
    close(fd);
}

} // namespace eventctl::test
