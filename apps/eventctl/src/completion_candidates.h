#pragma once

// `eventctl __complete WORD... CURRENT`, what the shell scripts run on Tab: the words after
// "eventctl", read against the CLI11 tree itself. It prints the candidates for CURRENT, one a
// line as `candidate` or `candidate<TAB>description`, then a directive line `:N`.

#include "context.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace eventctl::cli {

// The directive: what the shell does besides offering the candidates.
enum CompletionDirective : int {
    directive_no_files = 4, // nothing more
    directive_files = 8,    // file names too, for the word (its part after "--option=")
};

struct Candidate {
    std::string value; // the whole word that replaces the one being completed
    std::string description;
};

struct Completion {
    std::vector<Candidate> candidates;
    int directive = directive_no_files;
};

// The candidates for the last of words in the tree under root. The values the line gives
// options are stored as parsing stores them, so consumers, asked for names, can read the line's
// -d, --layout, --schema and table options from the tree's variables.
Completion complete_words(CLI::App& root, const std::vector<std::string>& words,
                          const std::function<std::vector<std::string>()>& consumers);

// The consumers of the database global points at, with a 2 s connect and statement timeout;
// none, and no error, when there is no database or it has no consumers.
std::vector<std::string> database_consumers(const GlobalArgs& global);

// `eventctl __complete`: prints the completion of words; never fails, never writes to stderr.
void print_completion(const std::vector<std::string>& words, std::ostream& out);

} // namespace eventctl::cli
