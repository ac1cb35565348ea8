#include "terminal.h"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace eventctl::cli {

namespace {

int terminal_width(const EnvLookup& env) {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    const char* columns = env("COLUMNS");
    return columns != nullptr ? std::atoi(columns) : 0;
}

} // namespace

Terminal detect_terminal(const std::string& color_mode, const EnvLookup& env) {
    Terminal terminal;
    terminal.is_tty = isatty(STDOUT_FILENO) == 1;
    if (terminal.is_tty) {
        terminal.width = terminal_width(env);
    }
    // https://no-color.org: any non-empty NO_COLOR turns colour off unless asked for explicitly.
    const char* no_color = env("NO_COLOR");
    const char* term = env("TERM");
    bool wanted = terminal.is_tty && (no_color == nullptr || *no_color == '\0') &&
                  !(term != nullptr && std::string(term) == "dumb");
    terminal.color = color_mode == "always" || (color_mode == "auto" && wanted);
    return terminal;
}

bool stdin_and_stderr_are_terminals() {
    return isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1;
}

} // namespace eventctl::cli
