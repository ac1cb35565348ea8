#include "eventctl/secrets.h"

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
        }
        next_is_db = arg == "-d" || arg == "--db";
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
