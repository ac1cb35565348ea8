#pragma once

// Pieces the bash, zsh and fish generators share: quoting, and the facts about the tree each
// script spells out in its own syntax.

#include "completion_model.h"

#include <string>
#include <vector>

namespace eventctl::cli {

// text in single quotes for bash and zsh, where nothing inside is special.
std::string single_quoted(const std::string& text);

// The parts joined by separator.
std::string join(const std::vector<std::string>& parts, const std::string& separator);

// The first sentence of a description, without its closing full stop: shells show one line.
std::string summary(const std::string& description);

// An option that takes a value, with the command that declares it.
struct ValueOption {
    const CompletionCommand* command;
    const CompletionOption* option;
};

// Every option that takes a value, in every command, in declaration order.
std::vector<ValueOption> value_options(const CompletionCommand& root);

// The positional slots with something to complete: the command, the slot's first index, the slot.
struct ValueArgument {
    const CompletionCommand* command;
    int first_index;
    const CompletionArgument* argument;
};

// Every positional slot a shell can complete, in every command.
std::vector<ValueArgument> value_arguments(const CompletionCommand& root);

// The global options that choose the database and tables, which a consumer-name lookup must
// repeat: every value option of eventctl itself except the output format it sets on its own.
std::vector<std::string> forwarded_option_names(const CompletionCommand& root);

// The command that lists consumers for the lookup, with its arguments, as words.
std::vector<std::string> consumer_lookup_words();

// engine with its @LOOKUP@ marker replaced by consumer_lookup_words().
std::string with_consumer_lookup(const std::string& engine);

// The opening comment every script starts with.
std::string generated_notice(const std::string& shell);

// One branch of a bash or zsh case statement: quoted patterns and the commands they run.
struct CaseBranch {
    std::vector<std::string> patterns;
    std::string body;
};

// A case statement over subject, ending in a branch for anything else, indented by four.
std::string case_statement(const std::string& subject, const std::vector<CaseBranch>& branches,
                           const std::string& otherwise);

// The case patterns of a command's options in scope: "'outbox purge|--status'".
std::vector<std::string> option_patterns(const ValueOption& value_option);

// The case patterns of a positional slot: "'log seek|0'", or "'outbox retry|'*" for a slot
// taking every word that follows; the guard is the test that keeps earlier slots out.
struct ArgumentPatterns {
    std::vector<std::string> patterns;
    std::string guard; // empty, or "(( $2 >= N )) || return 1"
};

// The patterns that select a positional slot in _eventctl_argument_value.
ArgumentPatterns argument_patterns(const ValueArgument& value_argument);

// bash and zsh alike: _eventctl_inherits PATH, whether a command passes unknown options up.
std::string sh_inherits_function(const CompletionCommand& root);

// bash and zsh alike: _eventctl_forwarded OPTION, whether a consumer lookup repeats it.
std::string sh_forwarded_function(const CompletionCommand& root);

} // namespace eventctl::cli
