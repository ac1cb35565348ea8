#pragma once

#include "context.h"

#include <CLI/CLI.hpp>

namespace eventctl::cli {

// completion bash|zsh|fish: prints the completion script generated from app's own tree, so it
// is registered last, once every other command is there.
void add_completion_command(CLI::App& app, CliState& state);

} // namespace eventctl::cli
