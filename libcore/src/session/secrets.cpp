#include "eventctl/session/secrets.h"

#include "eventctl/error.h"

#include <algorithm>
#include <cctype>
#include <libpq-fe.h>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

namespace eventctl {

namespace {

bool is_uri(std::string_view conninfo) {
    return conninfo.rfind("postgresql://", 0) == 0 || conninfo.rfind("postgres://", 0) == 0;
}

// Where a URI's user-info ends as its writer meant it: at the last '@' before the query that
// follows the first '@'. libpq ends it at the first '@' or '/', so a password holding an
// unencoded '/' or '@' is read there as part of the host, port or database; this reading
// finds the whole password all the same.
std::string_view intended_userinfo(std::string_view uri) {
    auto start = uri.find("://");
    if (start == std::string_view::npos) {
        return {};
    }
    auto rest = uri.substr(start + 3);
    auto first_at = rest.find('@');
    if (first_at == std::string_view::npos) {
        return {};
    }
    auto query = rest.find('?', first_at);
    return rest.substr(0, rest.substr(0, query).rfind('@'));
}

// The password exactly as typed in a URI's user-info, which may still be percent-encoded
// while libpq's parse hands back the decoded form; both must be hidden.
std::string raw_uri_password(std::string_view uri) {
    auto userinfo = intended_userinfo(uri);
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
        return {};
    }
    return std::string(userinfo.substr(colon + 1));
}

// %XX decoded as libpq decodes a URI; empty when an escape is malformed.
std::optional<std::string> percent_decoded(const std::string& text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            return std::nullopt;
        }
        decoded.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
        i += 2;
    }
    return decoded;
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

// The values libpq's parser reads from a connection string, by keyword; empty when it cannot
// parse it.
std::optional<std::map<std::string, std::string>> parsed_options(std::string_view conninfo) {
    std::string text(conninfo);
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(text.c_str(), &error), &PQconninfoFree);
    PQfreemem(error);
    if (!options) {
        return std::nullopt;
    }
    std::map<std::string, std::string> values;
    for (auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val != nullptr) {
            values[option->keyword] = option->val;
        }
    }
    return values;
}

std::string parsed_password(std::string_view conninfo) {
    auto options = parsed_options(conninfo);
    if (!options || options->count("password") == 0) {
        return {};
    }
    return options->at("password");
}

// Whether libpq reads a URI's user-info differently from its writer: cut at an unencoded '/' or
// at the first of two '@'s, the rest of it lands in the host, port or database, where an '@'
// never belongs. For a URI libpq cannot parse at all, the same is read off the text: an '@'
// after a '/', or two of them, before the query.
bool userinfo_misread(std::string_view uri) {
    if (auto options = parsed_options(uri)) {
        for (const char* keyword : {"host", "hostaddr", "port", "dbname"}) {
            auto value = options->find(keyword);
            if (value != options->end() && value->second.find('@') != std::string::npos) {
                return true;
            }
        }
        return false;
    }
    auto rest = uri.substr(uri.find("://") + 3);
    rest = rest.substr(0, rest.find('?'));
    auto last_at = rest.rfind('@');
    return last_at != std::string_view::npos &&
           (rest.find('@') != last_at || rest.find('/') < last_at);
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
        auto raw = raw_uri_password(conninfo);
        add_secret(secrets, percent_decoded(raw).value_or(std::string()));
        add_secret(secrets, std::move(raw));
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
    // Longest first, so a part of a password never leaves the rest of it in view.
    auto ordered = secrets;
    std::stable_sort(
        ordered.begin(), ordered.end(),
        [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& secret : ordered) {
        std::size_t pos = 0;
        while ((pos = text.find(secret, pos)) != std::string::npos) {
            text.replace(pos, secret.size(), "***");
            pos += 3;
        }
    }
    return text;
}

namespace {

// An argument as a POSIX shell reads it back: bare when it holds only characters no shell
// treats specially, else in single quotes (a quote inside as '\''), so the audit record's
// command line can be pasted to run again.
std::string shell_quoted(const std::string& arg) {
    bool bare = !arg.empty();
    for (unsigned char c : arg) {
        bool plain =
            std::isalnum(c) != 0 ||
            std::string_view("_@%+=:,./-").find(static_cast<char>(c)) != std::string_view::npos;
        bare = bare && plain;
    }
    if (bare) {
        return arg;
    }
    std::string quoted = "'";
    for (char c : arg) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

} // namespace

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
        line += (line.empty() ? "" : " ") + shell_quoted(mask_secrets(shown, secrets));
    }
    return line;
}

std::string mask_conninfo(std::string_view conninfo) {
    std::string text(conninfo);
    if (is_uri(text)) {
        auto userinfo = intended_userinfo(text);
        auto colon = userinfo.find(':');
        if (colon != std::string_view::npos) {
            auto from = static_cast<std::size_t>(userinfo.data() - text.data()) + colon + 1;
            text.replace(from, userinfo.size() - colon - 1, "***");
        }
    }
    return mask_password_keywords(std::move(text));
}

void check_uri_password(std::string_view conninfo, const std::string& source) {
    if (is_uri(conninfo) && userinfo_misread(conninfo)) {
        throw UsageError("the URI in " + source +
                             " has an unencoded '/' or '@' in its user name or password: libpq "
                             "would read part of them as the host, port or database",
                         "percent-encode them ('/' as %2F, '@' as %40), or keep the password out "
                         "of the URI: PGPASSWORD, ~/.pgpass or a service file");
    }
}

} // namespace eventctl
