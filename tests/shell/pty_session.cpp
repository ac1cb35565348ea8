#include "pty_session.h"

#include "child_process.h"

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <pty.h>
#include <stdexcept>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace eventctl::test {

PtySession::PtySession(const std::vector<std::string>& argv,
                       const std::map<std::string, std::string>& env_overrides, int columns) {
    auto env_storage = child_environment(env_overrides);
    std::vector<char*> env;
    for (auto& entry : env_storage) {
        env.push_back(entry.data());
    }
    env.push_back(nullptr);
    std::vector<std::string> argv_storage = argv;
    std::vector<char*> args;
    for (auto& arg : argv_storage) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);

    winsize size{};
    size.ws_col = static_cast<unsigned short>(columns);
    size.ws_row = 40;
    m_pid = forkpty(&m_fd, nullptr, nullptr, &size);
    if (m_pid < 0) {
        throw std::runtime_error("forkpty failed");
    }
    if (m_pid == 0) {
        execvpe(args[0], args.data(), env.data());
        _exit(127);
    }
}

PtySession::~PtySession() {
    if (!m_exited) {
        // The child leads its own session: its whole group goes.
        kill(-m_pid, SIGKILL);
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    close(m_fd);
}

void PtySession::send(const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
        auto n = write(m_fd, text.data() + written, text.size() - written);
        if (n < 0 && errno != EINTR) {
            throw std::runtime_error("writing to the terminal failed");
        }
        written += n > 0 ? static_cast<std::size_t>(n) : 0;
    }
}

PtySession::Read PtySession::read_some(std::chrono::milliseconds wait) {
    pollfd descriptor{m_fd, POLLIN, 0};
    int ready = poll(&descriptor, 1, static_cast<int>(wait.count()));
    if (ready <= 0) {
        return Read::idle;
    }
    char buffer[4096];
    auto n = read(m_fd, buffer, sizeof buffer);
    if (n <= 0) {
        return Read::closed; // EIO: every program on the terminal closed it
    }
    m_transcript.append(buffer, static_cast<std::size_t>(n));
    return Read::data;
}

bool PtySession::wait_for(const std::string& needle, std::size_t from,
                          std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (m_transcript.size() > from && m_transcript.find(needle, from) != std::string::npos) {
            return true;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 ||
            read_some(std::min(left, std::chrono::milliseconds(100))) == Read::closed) {
            return m_transcript.size() > from &&
                   m_transcript.find(needle, from) != std::string::npos;
        }
    }
}

void PtySession::read_for(std::chrono::milliseconds duration) {
    auto deadline = std::chrono::steady_clock::now() + duration;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || read_some(left) == Read::closed) {
            return;
        }
    }
}

int PtySession::wait_exit(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto expired = [&] { return std::chrono::steady_clock::now() > deadline; };
    while (!m_exited) {
        // Read while waiting: a program blocked on a full terminal never exits.
        auto got = read_some(std::chrono::milliseconds(50));
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_exited = true;
            m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        } else if (expired()) {
            return -1;
        } else if (got == Read::closed) {
            poll(nullptr, 0, 10); // output closed, exit status not yet there
        }
    }
    while (read_some(std::chrono::milliseconds(50)) == Read::data && !expired()) {
    }
    return m_exit_code;
}

std::string without_escapes(const std::string& text) {
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
            // CSI: parameters and intermediates up to a final byte in @..~
            i += 2;
            while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) {
                ++i;
            }
            continue;
        }
        if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == ']') {
            // OSC: up to BEL or ST
            i += 2;
            while (i < text.size() && text[i] != '\x07' &&
                   !(text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '\\')) {
                ++i;
            }
            continue;
        }
        if (c == '\x1b') {
            ++i; // a two-byte escape such as ESC =
            continue;
        }
        if (c == '\r' || c == '\x07' || c == '\x08') {
            continue;
        }
        plain.push_back(c);
    }
    return plain;
}

} // namespace eventctl::test
