#include "roff_text.h"

#include <map>

namespace eventctl::test {

std::string roff_text(const std::string& roff) {
    static const std::map<std::string, std::string> glyphs = {
        {"aq", "'"}, {"dq", "\""}, {"lq", "\""}, {"rq", "\""},     {"oq", "'"},
        {"cq", "'"}, {"ti", "~"},  {"bu", "*"},  {"u2026", "..."}, {"em", "--"},
        {"en", "-"}, {"ha", "^"},  {"rs", "\\"}, {"at", "@"},      {"sl", "/"},
    };
    auto glyph = [](const std::string& name) {
        auto found = glyphs.find(name);
        return found == glyphs.end() ? std::string("?") : found->second;
    };
    std::string text;
    for (std::size_t i = 0; i < roff.size(); ++i) {
        if (roff[i] != '\\' || i + 1 == roff.size()) {
            text.push_back(roff[i]);
            continue;
        }
        char c = roff[++i];
        switch (c) {
        case '-':
            text.push_back('-');
            break;
        case 'e':
        case '\\':
            text.push_back('\\');
            break;
        case ' ':
        case '~':
            text.push_back(' ');
            break;
        case '(':
            text += glyph(roff.substr(i + 1, 2));
            i += 2;
            break;
        case '[': {
            auto end = roff.find(']', i);
            text += glyph(roff.substr(i + 1, end - i - 1));
            i = end;
            break;
        }
        case 'f':
        case '*':
            if (i + 1 < roff.size() && roff[i + 1] == '(') {
                i += 3;
            } else if (i + 1 < roff.size() && roff[i + 1] == '[') {
                i = roff.find(']', i);
            } else {
                i += 1;
            }
            break;
        default: // \& \% \: \| \^ \c and the like print nothing
            break;
        }
    }
    return text;
}

} // namespace eventctl::test
