#include "piped_eventctl.h"

#include "child_process.h"
#include "polling.h"

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace eventctl::test {

PipedEventctl::PipedEventctl(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe(fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    auto env_storage = child_environment({});
    std::vector<char*> env;
    for (auto& entry : env_storage) {
        env.push_back(entry.data());
    }
    env.push_back(nullptr);
    std::vector<std::string> storage = argv;
    std::vector<char*> args;
    for (auto& arg : storage) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);
    m_pid = fork();
    if (m_pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        dup2(in, STDIN_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        execve(args[0], args.data(), env.data());
        _exit(127);
    }
    close(fds[1]);
    m_fd = fds[0];
}

PipedEventctl::~PipedEventctl() {
    if (m_pid > 0 && !m_reaped) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    close(m_fd);
}

std::string PipedEventctl::next_line(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto newline = m_buffer.find('\n');
        if (newline != std::string::npos) {
            auto line = m_buffer.substr(0, newline);
            m_buffer.erase(0, newline + 1);
            return line;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return {};
        }
        pollfd ready{m_fd, POLLIN, 0};
        if (poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        char chunk[4096];
        auto got = read(m_fd, chunk, sizeof chunk);
        if (got <= 0) {
            return {};
        }
        m_buffer.append(chunk, static_cast<std::size_t>(got));
    }
}

void PipedEventctl::drain(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd ready{m_fd, POLLIN, 0};
        if (poll(&ready, 1, 100) <= 0) {
            continue;
        }
        char chunk[65536];
        if (read(m_fd, chunk, sizeof chunk) <= 0) {
            return;
        }
    }
}

void PipedEventctl::signal(int number) {
    kill(m_pid, number);
}

int PipedEventctl::wait_exit(std::chrono::milliseconds timeout) {
    int status = 0;
    bool done = poll_until([&] { return waitpid(m_pid, &status, WNOHANG) == m_pid; }, timeout);
    if (!done) {
        return -1;
    }
    m_reaped = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace eventctl::test
