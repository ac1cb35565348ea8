#include "pager.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace eventctl::cli {

namespace {

bool on_path(const std::string& program, const EnvLookup& env) {
    const char* path = env("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        auto end = dirs.find(':', start);
        auto dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        auto candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) {
            return true;
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return false;
}

// The pager command, or empty for none.
std::string pager_command(const Context& context) {
    if (context.global.no_pager || !context.terminal.is_tty ||
        context.format != OutputFormat::table) {
        return {};
    }
    for (const char* name : {"EVENTCTL_PAGER", "PAGER"}) {
        if (const char* set = context.env(name); set != nullptr) {
            std::string command = set;
            return command == "cat" ? std::string() : command;
        }
    }
    // less is everywhere but not always: without it, no pager, rather than a lost table.
    return on_path("less", context.env) ? "less" : std::string();
}

} // namespace

Pager::Pager(const Context& context) : m_context(context) {
    auto command = pager_command(context);
    if (command.empty()) {
        return;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        return;
    }
    context.out.flush();
    m_pid = fork();
    if (m_pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return;
    }
    if (m_pid == 0) {
        dup2(fds[0], STDIN_FILENO);
        close(fds[0]);
        close(fds[1]);
        setenv("LESS", "FRX", 0);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    // A person who quits the pager early ends the writing with an error, not the process with
    // SIGPIPE: the command stops where it is (ReaderGone) and exits 0.
    std::signal(SIGPIPE, SIG_IGN);
}

Pager::~Pager() {
    if (m_pid <= 0) {
        return;
    }
    m_context.out.flush();
    // The pager sees the end of its input only once every copy of the pipe's end is closed.
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    close(devnull);
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_context.out.clear();
}

void Pager::check() const {
    if (m_pid > 0 && !m_context.out.good()) {
        throw ReaderGone{};
    }
}

} // namespace eventctl::cli
