#include "error_fingerprint.h"

#include "sql/statement.h"

#include <utility>
#include <vector>

namespace eventctl {

namespace {

// One rewrite of the message: every match of the regular expression becomes the replacement.
struct Rewrite {
    const char* pattern;
    const char* replacement;
};

// Glued to a number that must be kept, so the number no longer starts a word and the rewrite
// of numbers passes it by; removed afterwards. PostgreSQL's lookbehind would say "not after
// HTTP" directly, but costs time in the square of the line's length.
constexpr const char* kept_mark = "_eventctl_kept_";

// The order matters: a timestamp or a UUID is made of numbers and hex digits, and must be
// recognised whole before those are. Character classes are spelled out ([0-9], not \d) so the
// database's locale cannot change what they match.
const std::vector<Rewrite>& rewrites() {
    static const std::vector<Rewrite> all = {
        {R"([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?|\m[0-9]{2}:[0-9]{2}:[0-9]{2}([.,][0-9]+)?)",
         "<time>"},
        {"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>"},
        // A quoted value: its quote opens a word (not an apostrophe, as in "can't", nor the
        // closing quote of a JSON key), and it is not a JSON key itself (followed by a colon).
        {R"((^|[^A-Za-z0-9_])('[^']*'|"[^"]*")(?![ ]*:))", R"(\1<str>)"},
        // 0x..., or a word of 8 or more hex digits with at least one letter (digits alone are
        // a number).
        {R"(\m(0[xX][0-9a-fA-F]+|(?=[0-9]*[a-fA-F])[0-9a-fA-F]{8,})\M)", "<hex>"},
        {R"(\m([Hh][Tt][Tt][Pp](/[0-9.]+)?|[Ss][Tt][Aa][Tt][Uu][Ss]|[Cc][Oo][Dd][Ee]|[Ss][Qq][Ll][Ss][Tt][Aa][Tt][Ee])([ :=]{1,3})([0-9]+)\M)",
         nullptr}, // replaced below: keeps the number, marked
        {R"(\m[0-9]+(\.[0-9]+)?)", "<n>"},
        {"[ \t]+", " "},
    };
    return all;
}

} // namespace

std::string error_pattern(const std::string& message, SqlParams& params) {
    // The first line: up to the first CR or LF.
    auto text = fmt::format(
        "pg_catalog.left(pg_catalog.split_part(pg_catalog.replace(COALESCE({message}, ''), "
        "pg_catalog.chr(13), pg_catalog.chr(10)), pg_catalog.chr(10), 1), 500)",
        "message"_a = message);
    for (const auto& rewrite : rewrites()) {
        std::string replacement = rewrite.replacement != nullptr
                                      ? rewrite.replacement
                                      : std::string(R"(\1\3)") + kept_mark + R"(\4)";
        text = fmt::format("pg_catalog.regexp_replace({text}, {pattern}, {replacement}, 'g')",
                           "text"_a = text, "pattern"_a = params.bind(rewrite.pattern),
                           "replacement"_a = params.bind(replacement));
    }
    return fmt::format("pg_catalog.btrim(pg_catalog.replace({text}, {mark}, ''))", "text"_a = text,
                       "mark"_a = params.bind(kept_mark));
}

std::string error_fingerprint(const std::string& pattern) {
    return fmt::format("pg_catalog.left(pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_"
                       "to({pattern}, 'UTF8')), 'hex'), 12)",
                       "pattern"_a = pattern);
}

} // namespace eventctl
