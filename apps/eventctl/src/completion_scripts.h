#pragma once

// The completion scripts `eventctl completion SHELL` prints, one generator per shell, each
// reading only the completion model.

#include "completion_model.h"

#include <string>

namespace eventctl::cli {

// The bash script: a completion function registered with `complete -F`, working with or without
// the bash-completion package.
std::string bash_completion_script(const CompletionCommand& root);

// The zsh script: an autoloadable #compdef function (or, when sourced, one that registers itself
// with compdef).
std::string zsh_completion_script(const CompletionCommand& root);

// The fish script: `complete` rules guarded by conditions on the command line.
std::string fish_completion_script(const CompletionCommand& root);

// The script for shell, one of "bash", "zsh" and "fish".
std::string completion_script(const std::string& shell, const CompletionCommand& root);

} // namespace eventctl::cli
