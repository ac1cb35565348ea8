#pragma once

// A command line CLI11 refused, told so that it teaches: the unknown option or command and the
// one probably meant ("unknown option --stauts; did you mean --status?"), and the help of the
// command it was given to.

#include "eventctl/error_report.h"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace eventctl::cli {

// The command a parse got to: the deepest subcommand chosen, root when none was.
const CLI::App& chosen_command(const CLI::App& root);

// The command as typed: "eventctl outbox purge".
std::string command_path(const CLI::App& command);

// A group (a command with subcommands) given none of them: "eventctl outbox".
bool is_bare_group(const CLI::App& command);

// The options a command accepts as typed ("--status", "-d"): its own, then those of each parent
// it passes unknown options to (CLI11's fallthrough).
std::vector<std::string> option_names_in_scope(const CLI::App& command);

// The report of a word that names none of group's commands (exit 64), with the one probably
// meant.
ErrorReport unknown_command(const std::string& word, const CLI::App& group);

// The report of a refused command line (exit 64): what was wrong, and the command's own help.
ErrorReport describe_parse_error(const CLI::ParseError& error, const CLI::App& root);

} // namespace eventctl::cli
