#pragma once

// What each option's values are, declared with the option: the parser checks the same word list
// that completion offers, and nothing reads it back out of CLI11's help strings.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace eventctl::cli {

// What a shell may offer for an option's value or a positional argument.
struct ValueSource {
    std::vector<std::string> words; // spellings to offer
    bool files = false;             // file names too
    bool consumers = false;         // consumer names from the database the command line points at
};

// The root of a command tree that keeps the value sources declared for its options.
std::unique_ptr<CLI::App> make_command_tree(const std::string& description,
                                            const std::string& name);

// Makes option of command accept exactly words (each of them, with a delimiter), checked by
// CLI11 and offered by completion.
CLI::Option* accept_only(CLI::App& command, CLI::Option* option, std::vector<std::string> words);

// Declares that option of command names a file, or one of words (a layout: a preset or a file).
CLI::Option* complete_files(CLI::App& command, CLI::Option* option,
                            std::vector<std::string> words = {});

// Declares that option of command names a consumer of the log.
CLI::Option* complete_consumers(CLI::App& command, CLI::Option* option);

// What was declared for option in the tree under root; nullptr for any text.
const ValueSource* declared_values(const CLI::App& root, const CLI::Option& option);

// The spellings of enumerators, as libcore's to_string writes them.
template <typename Enumerators> std::vector<std::string> spellings(const Enumerators& enumerators) {
    std::vector<std::string> words;
    for (auto enumerator : enumerators) {
        words.emplace_back(to_string(enumerator));
    }
    return words;
}

} // namespace eventctl::cli
