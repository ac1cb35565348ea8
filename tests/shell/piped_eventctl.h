#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace eventctl::test {

// A program (eventctl) with its stdout a pipe the test reads line by line, every wait bounded;
// a pipe the test does not read fills and holds the program in its write, as a slow reader
// would.
class PipedEventctl {
  public:
    explicit PipedEventctl(const std::vector<std::string>& argv);
    ~PipedEventctl();
    PipedEventctl(const PipedEventctl&) = delete;
    PipedEventctl& operator=(const PipedEventctl&) = delete;

    // The next whole line, waiting at most timeout; empty when none came.
    std::string next_line(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // Reads and drops everything until the program closes its end, or until timeout.
    void drain(std::chrono::milliseconds timeout = std::chrono::seconds(60));
    void signal(int number);
    // The exit code, waiting at most timeout; -1 when it is still running.
    int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    pid_t pid() const { return m_pid; }

  private:
    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_reaped = false;
    std::string m_buffer;
};

} // namespace eventctl::test
