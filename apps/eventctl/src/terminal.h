#pragma once

#include "eventctl/render/output.h"
#include "eventctl/session/connection.h"

#include <string>

namespace eventctl::cli {

// What stdout is: a terminal and how wide, and whether colour is wanted (--color, NO_COLOR).
Terminal detect_terminal(const std::string& color_mode, const EnvLookup& env);

// Whether a person can answer a prompt and watch a progress bar: stdin and stderr are terminals.
bool stdin_and_stderr_are_terminals();

} // namespace eventctl::cli
