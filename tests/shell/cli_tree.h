#pragma once

// The command tree as the shell tests see it, read from CLI11 directly rather than through the
// completion model, so the tests do not take the generator's word for what the tree holds.

#include "cli.h"

#include <memory>
#include <string>
#include <vector>

namespace eventctl::test {

// One visible option as typed, with what its value may be.
struct TreeOption {
    std::vector<std::string> names; // "--db", "-d"
    bool takes_value = false;
    bool help = false; // a command's -h/--help
    std::string value_name;
    std::vector<std::string> values; // from an IsMember check
};

// One visible command, with its subcommands' names and the options that apply in it: its own,
// then those of the ancestors it passes unknown options up to.
struct TreeCommand {
    std::string path; // "outbox purge"; empty for eventctl itself
    std::vector<std::string> subcommands;
    std::vector<TreeOption> own_options;
    std::vector<TreeOption> options_in_scope;
    std::vector<std::vector<std::string>> argument_values; // per positional, from IsMember
};

// Every visible command of the tree build_cli makes, eventctl itself first.
std::vector<TreeCommand> cli_tree();

// "eventctl" followed by the path, ready for more words: "eventctl outbox purge ".
std::string command_line(const TreeCommand& command);

} // namespace eventctl::test
