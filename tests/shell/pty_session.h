#pragma once

#include <chrono>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace eventctl::test {

// A program running on a terminal of its own (a pty), as a person at a keyboard would run it:
// what it writes is read back as the terminal shows it, and keys are sent as typed.
class PtySession {
  public:
    // Starts argv on a new terminal, columns wide, in child_environment(env_overrides).
    PtySession(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env_overrides = {}, int columns = 100);
    ~PtySession();
    PtySession(const PtySession&) = delete;
    PtySession& operator=(const PtySession&) = delete;

    // Types text (a "\r" is Enter, "\t" is Tab).
    void send(const std::string& text);
    // Reads until what the program wrote after offset `from` contains needle, or until timeout;
    // returns whether it did.
    bool wait_for(const std::string& needle, std::size_t from = 0,
                  std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // Reads whatever the program writes for this long (so it never blocks on a full terminal).
    void read_for(std::chrono::milliseconds duration);
    // Reads until the program exits, or until timeout; returns its exit code, or -1 when it is
    // still running.
    int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Everything the program wrote so far.
    const std::string& transcript() const { return m_transcript; }

  private:
    enum class Read { data, idle, closed };
    // Reads what arrives within wait.
    Read read_some(std::chrono::milliseconds wait);

    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_exited = false;
    int m_exit_code = -1;
    std::string m_transcript;
};

// text without terminal escape sequences (colours, cursor moves) and carriage returns.
std::string without_escapes(const std::string& text);

} // namespace eventctl::test
