#include "eventctl/session/secrets.h"

#include <algorithm>
#include <libpq-fe.h>
#include <memory>

namespace eventctl {

namespace {

bool is_uri(std::string_view conninfo) {
    return conninfo.rfind("postgresql://", 0) == 0 || conninfo.rfind("postgres://", 0) == 0;
}

// The password exactly as typed in a URI's user-info, which may still be percent-encoded
// while libpq's parse hands back the decoded form; both must be hidden.
std::string raw_uri_password(std::string_view uri) {
    auto start = uri.find("://");
    if (start == std::string_view::npos) {
        return {};
    }
    start += 3;
    auto end = uri.find_first_of("/?", start);
    auto authority = uri.substr(start, end == std::string_view::npos ? uri.npos : end - start);
    auto at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return {};
    }
    auto userinfo = authority.substr(0, at);
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
        return {};
    }
    return std::string(userinfo.substr(colon + 1));
}

// For a string libpq's parser rejects, whose error quotes the token it stumbled on: the text
// after "password =" up to the next "keyword=" (or the end), as one secret and word by word, so
// a password with an unquoted space is hidden too. Quoted values are taken as libpq reads them.
std::vector<std::string> scanned_passwords(std::string_view conninfo) {
    const std::string_view keyword = "password";
    auto pos = conninfo.find(keyword);
    while (pos != std::string_view::npos && pos > 0 && conninfo[pos - 1] != ' ' &&
           conninfo[pos - 1] != '\t') {
        pos = conninfo.find(keyword, pos + 1);
    }
    if (pos == std::string_view::npos) {
        return {};
    }
    auto at = conninfo.find_first_not_of(" \t", pos + keyword.size());
    if (at == std::string_view::npos || conninfo[at] != '=') {
        return {};
    }
    at = conninfo.find_first_not_of(" \t", at + 1);
    if (at == std::string_view::npos) {
        return {};
    }
    if (conninfo[at] == '\'') {
        std::string value;
        for (++at; at < conninfo.size() && conninfo[at] != '\''; ++at) {
            if (conninfo[at] == '\\' && at + 1 < conninfo.size()) {
                ++at;
            }
            value.push_back(conninfo[at]);
        }
        return {value};
    }
    std::vector<std::string> words;
    std::string whole;
    while (at < conninfo.size()) {
        auto end = std::min(conninfo.find_first_of(" \t", at), conninfo.size());
        auto word = conninfo.substr(at, end - at);
        if (!words.empty() && word.find('=') != std::string_view::npos) {
            break; // the next keyword=value
        }
        words.emplace_back(word);
        whole += (whole.empty() ? "" : " ") + std::string(word);
        at = conninfo.find_first_not_of(" \t", end);
    }
    words.insert(words.begin(), whole);
    return words;
}

std::string parsed_password(std::string_view conninfo) {
    std::string text(conninfo);
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(text.c_str(), &error), &PQconninfoFree);
    PQfreemem(error);
    if (!options) {
        return {};
    }
    for (auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) == "password" && option->val != nullptr) {
            return option->val;
        }
    }
    return {};
}

void add_secret(std::vector<std::string>& secrets, std::string secret) {
    if (!secret.empty() && std::find(secrets.begin(), secrets.end(), secret) == secrets.end()) {
        secrets.push_back(std::move(secret));
    }
}

// Masks the value after each "password=" (conninfo keyword or URI query parameter); a
// value may be single-quoted in conninfo syntax, with backslash escapes.
std::string mask_password_keywords(std::string text) {
    const std::string keyword = "password=";
    std::size_t pos = 0;
    while ((pos = text.find(keyword, pos)) != std::string::npos) {
        auto value_start = pos + keyword.size();
        auto value_end = value_start;
        if (value_end < text.size() && text[value_end] == '\'') {
            ++value_end;
            while (value_end < text.size() && text[value_end] != '\'') {
                value_end += (text[value_end] == '\\') ? 2 : 1;
            }
            value_end = std::min(value_end + 1, text.size());
        } else {
            value_end = text.find_first_of(" &\t\n", value_start);
            if (value_end == std::string::npos) {
                value_end = text.size();
            }
        }
        text.replace(value_start, value_end - value_start, "***");
        pos = value_start + 3;
    }
    return text;
}

} // namespace

std::vector<std::string> connection_secrets(std::string_view conninfo, const char* pgpassword) {
    std::vector<std::string> secrets;
    add_secret(secrets, parsed_password(conninfo));
    if (is_uri(conninfo)) {
        add_secret(secrets, raw_uri_password(conninfo));
    } else if (secrets.empty()) {
        for (auto& secret : scanned_passwords(conninfo)) {
            add_secret(secrets, std::move(secret));
        }
    }
    if (pgpassword != nullptr) {
        add_secret(secrets, pgpassword);
    }
    return secrets;
}

std::string mask_secrets(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        std::size_t pos = 0;
        while ((pos = text.find(secret, pos)) != std::string::npos) {
            text.replace(pos, secret.size(), "***");
            pos += 3;
        }
    }
    return text;
}

std::string masked_command_line(const std::vector<std::string>& args,
                                const std::vector<std::string>& secrets) {
    std::string line;
    bool next_is_db = false;
    for (const auto& arg : args) {
        std::string shown = arg;
        if (next_is_db) {
            shown = mask_conninfo(arg);
        } else if (arg.rfind("--db=", 0) == 0) {
            shown = "--db=" + mask_conninfo(arg.substr(5));
        } else if (arg.rfind("--read-db=", 0) == 0) {
            shown = "--read-db=" + mask_conninfo(arg.substr(10));
        }
        next_is_db = arg == "-d" || arg == "--db" || arg == "--read-db";
        line += (line.empty() ? "" : " ") + mask_secrets(shown, secrets);
    }
    return line;
}

std::string mask_conninfo(std::string_view conninfo) {
    std::string text(conninfo);
    if (is_uri(text)) {
        auto password = raw_uri_password(text);
        if (!password.empty()) {
            auto at = text.find(password + "@");
            text.replace(at, password.size(), "***");
        }
    }
    return mask_password_keywords(std::move(text));
}

} // namespace eventctl
