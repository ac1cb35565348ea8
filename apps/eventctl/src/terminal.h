#pragma once

#include "eventctl/connection.h"
#include "eventctl/output.h"

#include <string>

namespace eventctl::cli {

// What stdout is: a terminal and how wide, and whether colour is wanted (--color, NO_COLOR).
Terminal detect_terminal(const std::string& color_mode, const EnvLookup& env);

} // namespace eventctl::cli
