#include "shell_words.h"

#include <regex>

namespace eventctl::test {

namespace {

// What runs eventctl in a stage, before its own name: environment assignments, a crontab
// schedule, a monitoring definition's keyword, a shell's prompt.
const std::regex before_command(
    R"(^\s*(\$ )?(([0-9*/,\-]+\s+){5})?(command_line\s+)?([A-Za-z_][A-Za-z0-9_]*=\S*\s+)*)");

bool is_eventctl(const std::string& word) {
    return word == "eventctl" ||
           (word.size() > 9 && word.compare(word.size() - 9, 9, "/eventctl") == 0);
}

// A command substitution's text replaced by a word, so that its outer command splits; the
// commands substituted are returned to be checked too.
std::string without_substitutions(std::string text, std::vector<std::string>& inner) {
    for (auto start = text.find("$("); start != std::string::npos; start = text.find("$(")) {
        int depth = 0;
        auto end = start + 1;
        for (; end < text.size(); ++end) {
            depth += text[end] == '(' ? 1 : text[end] == ')' ? -1 : 0;
            if (depth == 0) {
                break;
            }
        }
        inner.push_back(text.substr(start + 2, end - start - 2));
        text.replace(start, end - start + 1, "SUBSTITUTED");
    }
    return text;
}

std::vector<std::string> up_to_redirection(std::vector<std::string> words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& word = words[i];
        if (word[0] == '>' || word[0] == '<' || word.rfind("2>", 0) == 0 ||
            word.rfind("&>", 0) == 0) {
            words.resize(i);
            break;
        }
    }
    return words;
}

} // namespace

std::vector<std::string> shell_words(const std::string& line) {
    std::vector<std::string> words;
    std::string word;
    char quote = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
                word.push_back(line[++i]);
            } else {
                word.push_back(c);
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '#' && !in_word) {
            break; // a comment
        } else if (c == '\\' && i + 1 < line.size()) {
            word.push_back(line[++i]);
            in_word = true;
        } else if (c == ' ' || c == '\t') {
            if (in_word) {
                words.push_back(word);
            }
            word.clear();
            in_word = false;
        } else {
            word.push_back(c);
            in_word = true;
        }
    }
    if (in_word) {
        words.push_back(word);
    }
    return words;
}

std::vector<std::string> pipeline_stages(const std::string& line) {
    std::vector<std::string> stages;
    std::string stage;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '|' || c == ';' ||
                   (c == '&' && i + 1 < line.size() && line[i + 1] == '&')) {
            stages.push_back(stage);
            stage.clear();
            if (i + 1 < line.size() && (line[i + 1] == '|' || line[i + 1] == '&')) {
                ++i;
            }
            continue;
        }
        stage.push_back(c);
    }
    stages.push_back(stage);
    return stages;
}

std::vector<EventctlCommand> eventctl_commands(const std::string& line) {
    std::vector<EventctlCommand> found;
    std::vector<std::string> inner;
    auto outer = without_substitutions(line, inner);
    inner.push_back(outer);
    for (const auto& text : inner) {
        for (const auto& stage : pipeline_stages(text)) {
            auto command = std::regex_replace(stage, before_command, "",
                                              std::regex_constants::format_first_only);
            auto words = up_to_redirection(shell_words(command));
            if (words.empty() || !is_eventctl(words[0])) {
                continue;
            }
            words.erase(words.begin());
            found.push_back({stage, words});
        }
    }
    return found;
}

} // namespace eventctl::test
