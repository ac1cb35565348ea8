#pragma once

// Asking the real shells what they complete, with the scripts committed in completions/.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace eventctl::test {

enum class Shell { bash, zsh, fish };

// The shell's name, as `eventctl completion` takes it.
std::string shell_name(Shell shell);

// The committed completion script for the shell.
std::string completion_file(Shell shell);

// For each command line (up to the cursor), the candidates the shell offers there: bash by
// calling the completion function as readline does, zsh through its completion system on a
// terminal, fish through `complete -C`. Fails the test when the shell is missing.
std::vector<std::set<std::string>>
candidates(Shell shell, const std::vector<std::string>& lines,
           const std::map<std::string, std::string>& env_overrides = {});

// Types each line and one Tab into an interactive bash or zsh on a terminal, and returns each
// command line as it then reads (a completed word is followed by a space).
std::vector<std::string> lines_after_tab(Shell shell, const std::vector<std::string>& lines);

} // namespace eventctl::test
