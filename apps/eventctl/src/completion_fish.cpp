#include "completion_scripts.h"
#include "completion_text.h"

namespace eventctl::cli {

namespace {

// text in fish's single quotes, inside which a backslash escapes a quote or a backslash.
std::string fish_quoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'' || c == '\\') {
            quoted.push_back('\\');
        }
        quoted.push_back(c);
    }
    return quoted + "'";
}

// A condition naming a command path: paths hold no quotes or dollars, so double quotes do.
std::string condition(const std::string& function, const std::string& path,
                      const std::string& more = "") {
    return fish_quoted(function + " \"" + path + "\"" + (more.empty() ? "" : " " + more));
}

std::string
switch_statement(const std::string& subject,
                 const std::vector<std::pair<std::vector<std::string>, std::string>>& cases) {
    std::string text = "    switch " + subject + "\n";
    for (const auto& [patterns, body] : cases) {
        // One pattern a line: a switch over every option would otherwise be one long line.
        text += "        case " + join(patterns, " \\\n            ") + "\n";
        text += "            " + body + "\n";
    }
    return text + "    end\n";
}

std::string subcommands_function(const CompletionCommand& root) {
    std::vector<std::pair<std::vector<std::string>, std::string>> cases;
    for (const auto* command : all_commands(root)) {
        std::vector<std::string> names;
        for (const auto& sub : command->subcommands) {
            names.push_back(fish_quoted(sub.name));
        }
        if (!names.empty()) {
            cases.push_back({{fish_quoted(command->path)}, "printf '%s\\n' " + join(names, " ")});
        }
    }
    return "# The subcommands of command $argv[1].\n"
           "function __eventctl_subcommands\n" +
           switch_statement("\"$argv[1]\"", cases) + "end\n";
}

std::string options_function(const CompletionCommand& root) {
    std::vector<std::pair<std::vector<std::string>, std::string>> cases;
    for (const auto* command : all_commands(root)) {
        std::vector<std::string> names;
        for (const auto& option : command->options) {
            for (const auto& name : option.names) {
                names.push_back(fish_quoted(name));
            }
        }
        if (!names.empty()) {
            cases.push_back({{fish_quoted(command->path)}, "printf '%s\\n' " + join(names, " ")});
        }
    }
    return "# The options command $argv[1] declares itself.\n"
           "function __eventctl_options\n" +
           switch_statement("\"$argv[1]\"", cases) + "end\n";
}

std::string inherits_function(const CompletionCommand& root) {
    std::vector<std::string> paths;
    for (const auto* command : all_commands(root)) {
        if (command->inherits_options) {
            paths.push_back(fish_quoted(command->path));
        }
    }
    std::vector<std::pair<std::vector<std::string>, std::string>> cases;
    if (!paths.empty()) {
        cases.push_back({paths, "return 0"});
    }
    return "# Whether command $argv[1] passes the options it does not know up to its parent.\n"
           "function __eventctl_inherits\n" +
           switch_statement("\"$argv[1]\"", cases) + "    return 1\nend\n";
}

std::string takes_value_function(const CompletionCommand& root) {
    std::vector<std::string> patterns;
    for (const auto& value_option : value_options(root)) {
        for (const auto& name : value_option.option->names) {
            patterns.push_back(fish_quoted(value_option.command->path + "|" + name));
        }
    }
    std::vector<std::pair<std::vector<std::string>, std::string>> cases;
    if (!patterns.empty()) {
        cases.push_back({patterns, "return 0"});
    }
    return "# Whether option $argv[2] of command $argv[1] takes a value.\n"
           "function __eventctl_takes_value\n" +
           switch_statement("\"$argv[1]|$argv[2]\"", cases) + "    return 1\nend\n";
}

std::string forwarded_function(const CompletionCommand& root) {
    std::vector<std::string> names;
    for (const auto& name : forwarded_option_names(root)) {
        names.push_back(fish_quoted(name));
    }
    std::vector<std::pair<std::vector<std::string>, std::string>> cases;
    if (!names.empty()) {
        cases.push_back({names, "return 0"});
    }
    return "# Whether option $argv[1] chooses the database or its tables, so the consumer lookup "
           "repeats it.\n"
           "function __eventctl_forwarded\n" +
           switch_statement("\"$argv[1]\"", cases) + "    return 1\nend\n";
}

// The -a/-r/-F/-x flags of a complete rule for a value.
std::string value_flags(const CompletionValues& values, bool option) {
    std::string flags;
    if (option) {
        flags += values.files ? " -r -F" : " -x";
    } else {
        flags += values.files ? " -F" : " -f";
    }
    std::string arguments;
    if (!values.words.empty()) {
        if (values.delimiter != '\0') {
            std::vector<std::string> quoted;
            for (const auto& word : values.words) {
                quoted.push_back(fish_quoted(word));
            }
            arguments = "(__eventctl_list " + fish_quoted(std::string(1, values.delimiter)) + " " +
                        join(quoted, " ") + ")";
        } else {
            arguments = join(values.words, " ");
        }
    }
    if (values.consumers) {
        arguments += std::string(arguments.empty() ? "" : " ") + "(__eventctl_consumer_names)";
    }
    if (!arguments.empty()) {
        flags += " -a " + fish_quoted(arguments);
    }
    return flags;
}

std::string rules(const CompletionCommand& root) {
    std::string text = "# Files only where a FILE is expected.\ncomplete -c eventctl -f\n";
    for (const auto* command : all_commands(root)) {
        text += "\n# eventctl" + (command->path.empty() ? "" : " " + command->path) + "\n";
        for (const auto& sub : command->subcommands) {
            text += "complete -c eventctl -n " + condition("__eventctl_at", command->path) +
                    " -a " + fish_quoted(sub.name) + " -d " +
                    fish_quoted(summary(sub.description)) + "\n";
        }
        for (const auto& option : command->options) {
            text += "complete -c eventctl -n " + condition("__eventctl_in", command->path);
            for (const auto& name : option.names) {
                bool is_long = name.rfind("--", 0) == 0;
                text += (is_long ? " -l " : " -s ") + name.substr(is_long ? 2 : 1);
            }
            if (option.takes_value) {
                text += value_flags(option.values, true);
            }
            text += " -d " + fish_quoted(summary(option.description)) + "\n";
        }
    }
    text += "\n# Positional arguments\n";
    for (const auto& value_argument : value_arguments(root)) {
        const auto& argument = *value_argument.argument;
        auto more =
            std::to_string(value_argument.first_index) + " " + std::to_string(argument.max_count);
        text += "complete -c eventctl -n " +
                condition("__eventctl_argument", value_argument.command->path, more) +
                value_flags(argument.values, false) + "\n";
    }
    return text;
}

// The part that does not depend on the tree: walking the tokens, the conditions, the lookups.
const char* const fish_engine = R"FISH(
# Finds option $argv[1] among the commands in scope; fails for a flag or an unknown option.
function __eventctl_find_option
    for scope in $__eventctl_scopes
        if __eventctl_takes_value $scope $argv[1]
            return 0
        end
    end
    return 1
end

# Reads the tokens before the cursor into globals: the command, the commands whose options
# apply, how many arguments it has, and the options a consumer lookup repeats.
function __eventctl_walk
    set -l tokens (commandline -opc)
    set -l key (string join \n -- $tokens)
    if set -q __eventctl_walked; and test "$__eventctl_walked" = "$key"
        return 0
    end
    set -g __eventctl_walked $key
    set -g __eventctl_path ''
    set -g __eventctl_scopes ''
    set -g __eventctl_positionals 0
    set -g __eventctl_forward
    set -l options_ended 0
    set -l i 2
    while test $i -le (count $tokens)
        set -l token $tokens[$i]
        set i (math $i + 1)
        if test $options_ended = 0
            switch $token
                case --
                    set options_ended 1
                    continue
                case -
                    # standard input: an argument
                case '-*=*'
                    set -l parts (string split -m 1 = -- $token)
                    if __eventctl_forwarded $parts[1]
                        set -a __eventctl_forward $parts[1] $parts[2]
                    end
                    continue
                case '-*'
                    if __eventctl_find_option $token; and test $i -le (count $tokens)
                        if __eventctl_forwarded $token
                            set -a __eventctl_forward $token $tokens[$i]
                        end
                        set i (math $i + 1)
                    end
                    continue
            end
        end
        if test $options_ended = 0; and contains -- $token (__eventctl_subcommands $__eventctl_path)
            set -g __eventctl_path (string trim -- "$__eventctl_path $token")
            if __eventctl_inherits $__eventctl_path
                set -g __eventctl_scopes $__eventctl_path $__eventctl_scopes
            else
                set -g __eventctl_scopes $__eventctl_path
            end
            set -g __eventctl_positionals 0
        else
            set -g __eventctl_positionals (math $__eventctl_positionals + 1)
        end
    end
end

# Whether the command line is at command $argv[1], where its subcommands may follow.
function __eventctl_at
    __eventctl_walk
    test "$__eventctl_path" = "$argv[1]"
end

# Whether the options of command $argv[1] apply here: it is in scope and, for a word that
# starts with -, no option of a nearer command completes it, so "outbox purge --st" means
# purge's --status, and global options come when nothing nearer fits.
function __eventctl_in
    __eventctl_walk
    contains -- "$argv[1]" $__eventctl_scopes; or return 1
    set -l token (commandline -ct)
    string match -q -- '-*' $token; or return 0
    set -l length (string length -- $token)
    for scope in $__eventctl_scopes
        if test "$scope" = "$argv[1]"
            return 0
        end
        for name in (__eventctl_options $scope)
            if test (string sub -l $length -- $name) = $token
                return 1
            end
        end
    end
    return 0
end

# Whether the cursor is in the positional slot of command $argv[1] that starts at argument
# $argv[2] and takes $argv[3] words (0: all that follow).
function __eventctl_argument
    __eventctl_walk
    test "$__eventctl_path" = "$argv[1]"; or return 1
    test $__eventctl_positionals -ge $argv[2]; or return 1
    test $argv[3] -eq 0; or test $__eventctl_positionals -lt (math $argv[2] + $argv[3])
end

# Each of the values $argv[2..] after those typed before the last separator $argv[1].
function __eventctl_list
    set -l token (string replace -r -- '^-[^=]*=' '' (commandline -ct))
    set -l typed (string match -r -- '.*'(string escape --style=regex -- $argv[1]) $token)
    if not set -q typed[1]
        set typed ''
    end
    printf '%s\n' $typed$argv[2..-1]
end

# Prints the consumers of the database the command line points at, one a line: quickly, and
# nothing at all when there is no database or it does not answer.
function __eventctl_consumer_names
    __eventctl_walk
    set -l program (string replace -r -- '^~/' "$HOME/" (commandline -opc)[1])
    set -l run $program $__eventctl_forward @LOOKUP@
    if command -q timeout
        set run timeout 2 $run
    end
    set -l lines (env PGCONNECT_TIMEOUT=2 $run 2>/dev/null </dev/null)
    if set -q lines[1]
        set -e lines[1]
    end
    for line in $lines
        string replace -r -- ',.*' '' $line | string trim -c '"'
    end
end

)FISH";

} // namespace

std::string fish_completion_script(const CompletionCommand& root) {
    return generated_notice("fish") +
           "# Install as share/fish/vendor_completions.d/eventctl.fish, or: eventctl completion "
           "fish | source\n\n" +
           subcommands_function(root) + "\n" + options_function(root) + "\n" +
           inherits_function(root) + "\n" + takes_value_function(root) + "\n" +
           forwarded_function(root) + with_consumer_lookup(fish_engine) + rules(root);
}

} // namespace eventctl::cli
