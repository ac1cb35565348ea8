// Standard output with every write checked: output that cannot be written exits 74, never 0.
#include "cli.h"
#include "eventctl/error.h"
#include "standard_output.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace eventctl;
using namespace eventctl::cli;

namespace {

class DevFull {
  public:
    DevFull() : m_fd(open("/dev/full", O_WRONLY | O_CLOEXEC)) { REQUIRE(m_fd >= 0); }
    ~DevFull() { close(m_fd); }
    int fd() const { return m_fd; }

  private:
    int m_fd;
};

std::string error_text(const std::function<void()>& run, ExitCode& code) {
    try {
        run();
    } catch (const Error& error) {
        code = error.code();
        return std::string(error.what()) + " | " + error.hint();
    }
    FAIL("no Error");
    return {};
}

} // namespace

TEST_CASE("standard output: a failed write is kept, with its errno, until it is checked") {
    DevFull full;
    CheckedOutputBuffer buffer(full.fd());
    std::ostream out(&buffer);
    out << "a line that fits in the buffer\n";
    CHECK(out.good()); // nothing written yet
    out.flush();
    CHECK_FALSE(out.good());
    CHECK(buffer.error() == ENOSPC);
    ExitCode code = ExitCode::ok;
    auto message = error_text([&] { require_written(out); }, code);
    CHECK(code == ExitCode::io_error);
    CHECK(message == "cannot write to standard output: No space left on device | ");
}

TEST_CASE("standard output: a change whose result is lost says it was applied") {
    DevFull full;
    CheckedOutputBuffer buffer(full.fd());
    std::ostream out(&buffer);
    out << "{\"changed\": 12}\n";
    ExitCode code = ExitCode::ok;
    auto message = error_text(
        [&] { flush_written(out, "outbox retry changed 12 entries of public.outbox"); }, code);
    CHECK(code == ExitCode::io_error);
    CHECK(message.rfind("cannot write the result to standard output: No space left on device; "
                        "the change WAS applied: outbox retry changed 12 entries of public.outbox",
                        0) == 0);
}

TEST_CASE("standard output: large writes pass through whole") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::string text(200 * 1024, 'x');
    std::string read_back;
    {
        CheckedOutputBuffer buffer(fds[1]);
        std::ostream out(&buffer);
        // A reader drains the pipe as the writer fills it.
        pid_t child = fork();
        if (child == 0) {
            close(fds[1]);
            char chunk[4096];
            long total = 0;
            for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) > 0;) {
                total += n;
            }
            _exit(total == 200 * 1024 ? 0 : 1);
        }
        close(fds[0]);
        out << text;
        flush_written(out);
        close(fds[1]);
        int status = 0;
        waitpid(child, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
}

TEST_CASE("standard output: --version and --help into a full disk exit 74") {
    for (const char* flag : {"--version", "--help"}) {
        DevFull full;
        CheckedOutputBuffer buffer(full.fd());
        std::ostream out(&buffer);
        std::ostringstream err;
        const char* argv[] = {"eventctl", flag};
        CHECK(run(2, argv, out, err) == 74);
        CHECK(err.str() == "eventctl: cannot write to standard output: No space left on device\n");
    }
}
