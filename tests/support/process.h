#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventctl::test {

// What a finished child process left: its exit code and everything it wrote.
struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    long max_rss_kb = 0; // the child's peak resident set size
};

// Runs argv (argv[0] searched on PATH) with stdin_text (or /dev/null) on standard input and
// waits for it to finish. Its environment is this process's (the scrubbed test environment) with
// env_overrides on top, or, when environment is given, exactly those NAME=VALUE entries.
ProcessResult
run_program(const std::vector<std::string>& argv,
            const std::map<std::string, std::string>& env_overrides = {},
            const std::optional<std::string>& stdin_text = std::nullopt,
            const std::optional<std::vector<std::string>>& environment = std::nullopt);

// Runs the built eventctl binary with args, as run_program does.
ProcessResult run_eventctl(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env_overrides = {},
                           const std::optional<std::string>& stdin_text = std::nullopt);

// A child eventctl (or another program) running in the background, its output going to files.
class BackgroundProcess {
  public:
    explicit BackgroundProcess(const std::vector<std::string>& args);
    BackgroundProcess(const std::string& program, const std::vector<std::string>& args);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    // Sends a signal (SIGKILL to simulate a crash).
    void kill(int signal);
    // Waits for the child and returns what it left.
    ProcessResult wait();
    // Waits at most timeout; a child still running then is killed and reported as hung
    // (exit_code -1), so no test can wait forever.
    ProcessResult wait_for(std::chrono::milliseconds timeout);
    // Whether the child has exited (without reaping it).
    bool exited() const;
    int pid() const { return m_pid; }

  private:
    ProcessResult collect(int status);

    int m_pid = -1;
    std::string m_out_path;
    std::string m_err_path;
    bool m_waited = false;
};

} // namespace eventctl::test
