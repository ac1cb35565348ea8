#pragma once

// What shell completion needs to know about the command tree, read from the CLI11 definition so
// the scripts can never list a command or value the parser would reject.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace eventctl::cli {

// What may follow an option or stand in a positional slot.
struct CompletionValues {
    std::string value_name;         // "FILE", "DURATION": what a shell may show as a hint
    std::vector<std::string> words; // the accepted values, from an IsMember check
    bool files = false;             // the value names a FILE
    bool consumers = false;         // a consumer name, looked up in the database
    char delimiter = '\0';          // several values in one word, such as "failed,dead"

    // Whether a shell has anything to offer for it.
    bool completable() const { return !words.empty() || files || consumers; }
};

// One option as the user types it.
struct CompletionOption {
    std::vector<std::string> names; // "--db", "-d": long names first
    std::string description;
    bool takes_value = false;
    CompletionValues values;
};

// One positional slot: its values, and how many words it takes (0: any number).
struct CompletionArgument {
    std::string name;
    CompletionValues values;
    int max_count = 1;
};

// One command with its own options and arguments; the options of its ancestors apply too while
// each passes unmatched options up (CLI11's fallthrough).
struct CompletionCommand {
    std::string name;
    std::string path; // "outbox purge"; empty for eventctl itself
    std::string description;
    bool inherits_options = false;
    std::vector<CompletionOption> options;
    std::vector<CompletionArgument> arguments;
    std::vector<CompletionCommand> subcommands;
};

// Reads the tree under root: visible commands and options, the values of IsMember checks, FILE
// values, consumer names. A command's own --help is left out where its parent's applies anyway.
CompletionCommand completion_model(const CLI::App& root);

// Every command of the model, root first, depth first in declaration order.
std::vector<const CompletionCommand*> all_commands(const CompletionCommand& root);

// The command at path ("" for the root), or nullptr.
const CompletionCommand* find_command(const CompletionCommand& root, const std::string& path);

// The options a command accepts: its own, then those of each ancestor it passes options up to.
std::vector<const CompletionOption*> options_in_scope(const CompletionCommand& root,
                                                      const std::string& path);

// The values an IsMember check accepts, from an option's type name ("TEXT:{a,b,c}").
std::vector<std::string> enumerated_values(const CLI::Option& option);

} // namespace eventctl::cli
