#include "process.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace eventctl::test {

namespace {

// Strings as exec wants them: NUL-terminated, ending in nullptr.
class CStrings {
  public:
    explicit CStrings(std::vector<std::string> strings) : m_storage(std::move(strings)) {
        for (auto& text : m_storage) {
            m_pointers.push_back(text.data());
        }
        m_pointers.push_back(nullptr);
    }
    char* const* data() { return m_pointers.data(); }

  private:
    std::vector<std::string> m_storage;
    std::vector<char*> m_pointers;
};

// Output goes to files, not pipes, so a child writing a lot never blocks on a full pipe.
class TempFile {
  public:
    TempFile() {
        char path[] = "/tmp/eventctl-test-XXXXXX";
        m_fd = mkstemp(path);
        if (m_fd < 0) {
            throw std::runtime_error("mkstemp failed");
        }
        m_path = path;
    }
    ~TempFile() {
        close(m_fd);
        unlink(m_path.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    int fd() const { return m_fd; }
    std::string contents() const {
        std::ifstream in(m_path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    void write(const std::string& text) const { std::ofstream(m_path, std::ios::binary) << text; }

  private:
    int m_fd = -1;
    std::string m_path;
};

} // namespace

ProcessResult run_program(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env_overrides,
                          const std::optional<std::string>& stdin_text,
                          const std::optional<std::vector<std::string>>& environment) {
    TempFile out;
    TempFile err;
    TempFile in;
    if (stdin_text) {
        in.write(*stdin_text);
    }
    CStrings args(argv);
    std::optional<CStrings> env;
    if (environment) {
        env.emplace(*environment);
    }

    pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        for (const auto& [name, value] : env_overrides) {
            setenv(name.c_str(), value.c_str(), 1);
        }
        int input = stdin_text ? in.fd() : open("/dev/null", O_RDONLY);
        lseek(input, 0, SEEK_SET);
        dup2(input, STDIN_FILENO);
        dup2(out.fd(), STDOUT_FILENO);
        dup2(err.fd(), STDERR_FILENO);
        if (env) {
            execvpe(args.data()[0], args.data(), env->data());
        } else {
            execvp(args.data()[0], args.data());
        }
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    ProcessResult result;
    result.max_rss_kb = usage.ru_maxrss;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = out.contents();
    result.err = err.contents();
    return result;
}

ProcessResult run_eventctl(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env_overrides,
                           const std::optional<std::string>& stdin_text) {
    std::vector<std::string> argv{EVENTCTL_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, env_overrides, stdin_text);
}

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& args)
    : BackgroundProcess(EVENTCTL_BINARY, args) {}

BackgroundProcess::BackgroundProcess(const std::string& program,
                                     const std::vector<std::string>& args) {
    char out_path[] = "/tmp/eventctl-bg-out-XXXXXX";
    char err_path[] = "/tmp/eventctl-bg-err-XXXXXX";
    int out = mkstemp(out_path);
    int err = mkstemp(err_path);
    m_out_path = out_path;
    m_err_path = err_path;
    std::vector<std::string> strings{program};
    strings.insert(strings.end(), args.begin(), args.end());
    CStrings argv(strings);
    m_pid = fork();
    if (m_pid == 0) {
        int input = open("/dev/null", O_RDONLY);
        dup2(input, STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        execv(argv.data()[0], argv.data());
        _exit(127);
    }
    close(out);
    close(err);
}

BackgroundProcess::~BackgroundProcess() {
    if (!m_waited) {
        ::kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    unlink(m_out_path.c_str());
    unlink(m_err_path.c_str());
}

void BackgroundProcess::kill(int signal) {
    ::kill(m_pid, signal);
}

ProcessResult BackgroundProcess::wait() {
    int status = 0;
    waitpid(m_pid, &status, 0);
    return collect(status);
}

ProcessResult BackgroundProcess::wait_for(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(m_pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(m_pid, SIGKILL);
            waitpid(m_pid, &status, 0);
            auto result = collect(status);
            result.exit_code = -1;
            result.err +=
                "\n(killed: still running after " + std::to_string(timeout.count()) + " ms)";
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10)); // poll interval
    }
    return collect(status);
}

bool BackgroundProcess::exited() const {
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == m_pid;
}

ProcessResult BackgroundProcess::collect(int status) {
    m_waited = true;
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(m_out_path);
    result.err = read_file(m_err_path);
    return result;
}

} // namespace eventctl::test
