#include "shell_words.h"

namespace eventctl::test {

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

} // namespace eventctl::test
