#pragma once

// The command tree build_cli makes, walked in one place for every test that holds something
// against it: the man pages, the completer and the shells.

#include "cli.h"

#include <memory>
#include <string>
#include <vector>

namespace eventctl::test {

// One command of the tree.
struct TreeCommand {
    std::string path; // "outbox purge"; empty for eventctl itself
    const CLI::App* app = nullptr;
    std::vector<const CLI::App*> ancestors; // eventctl first
};

// Every command, eventctl itself first, depth first in declaration order, hidden ones too; the
// tree lives as long as this does.
struct CliTree {
    cli::CliState state;
    std::unique_ptr<CLI::App> root = cli::build_cli(state);
    std::vector<TreeCommand> commands;

    CliTree();
};

// Whether help and completion show it: CLI11 hides a command or option without a group.
bool visible(const CLI::App& command);
bool visible(const CLI::Option& option);

// An option's names as typed, long ones first: "--db", "-d".
std::vector<std::string> typed_names(const CLI::Option& option);

// The options a command accepts: its own, then those of each ancestor it passes the options it
// does not know to (CLI11's fallthrough), nearest first.
std::vector<const CLI::Option*> options_in_scope(const TreeCommand& command);

// "eventctl" followed by the command's path, ready for more words: "eventctl outbox purge ".
std::string command_line(const TreeCommand& command);

} // namespace eventctl::test
