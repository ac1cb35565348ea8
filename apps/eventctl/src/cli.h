#pragma once

#include "context.h"

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

namespace eventctl::cli {

// The whole command tree, the one declaration completions and man-page coverage derive from.
// Parsing it fills state; the chosen command leaves its action there.
std::unique_ptr<CLI::App> build_cli(CliState& state);

// Parses argv, runs the chosen command and returns the exit code; every error becomes one
// line on err.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace eventctl::cli
