#include "hostile_strings.h"

namespace eventctl::test {

const std::vector<std::string>& hostile_strings() {
    static const std::vector<std::string> strings = {
        "'; DROP TABLE public.outbox; --",
        "\" OR 1=1 --",
        "x' OR '1'='1",
        "'); DELETE FROM public.event_consumers; SELECT ('",
        "$$; TRUNCATE public.outbox; $$",
        "%",
        "_",
        "a%b_c",
        "\\",
        "\\'; SELECT pg_sleep(30); --",
        "E'\\x41'",
        "$1",
        "::jsonb",
        "/* comment */ --",
        "tab\there",
        "line\nbreak",
        "crlf\r\nnext",
        "   leading and trailing   ",
        "\xC3\xA9t\xC3\xA9 \xE2\x80\x94 \xCE\xA9\xE2\x89\x88\xC3\xA7\xE2\x88\x9A", // été — Ω≈ç√
        "\xF0\x9F\x9A\x80\xF0\x9F\x94\xA5",                                        // emoji
        "\xE2\x80\xAE"
        "evil\xE2\x80\xAC",                  // RTL override
        "zero\xE2\x80\x8Bwidth\xE2\x80\x8D", // ZWSP, ZWJ
        "e\xCC\x81\xCC\x81\xCC\x81",         // combining
        "\xEF\xBB\xBF"
        "bom",                                  // BOM
        "\xE4\xB8\xAD\xE6\x96\x87\xE5\x90\x8D", // 中文名
        "\xF4\x8F\xBF\xBF",                     // U+10FFFF
        "\x01\x1F\x7F controls",
    };
    return strings;
}

const std::vector<std::string>& invalid_utf8_strings() {
    static const std::vector<std::string> strings = {
        "\x80", "caf\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xFF\xFE", "ok\xF8\x88\x80\x80\x80",
    };
    return strings;
}

} // namespace eventctl::test
