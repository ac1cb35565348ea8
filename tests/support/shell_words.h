#pragma once

// Command lines shown in help and in the manuals, split as a shell would split them.

#include <string>
#include <vector>

namespace eventctl::test {

// The words of one simple command: blanks separate, single and double quotes keep, a backslash
// keeps the next character, a # that starts a word starts a comment.
std::vector<std::string> shell_words(const std::string& line);

// A command line cut at each |, ||, && and ; outside quotes: its simple commands.
std::vector<std::string> pipeline_stages(const std::string& line);

// An eventctl command a line shows: in a pipeline, a command substitution, a crontab line, a
// monitoring definition, after a prompt or environment assignments.
struct EventctlCommand {
    std::string text;               // the simple command, as shown
    std::vector<std::string> words; // after "eventctl", up to a redirection
};
std::vector<EventctlCommand> eventctl_commands(const std::string& line);

} // namespace eventctl::test
