// Text from data and command lines as a terminal shows it: every character a terminal would act
// on is a visible escape, widths count what is shown, and a cut never splits an escape.

#include "eventctl/render/terminal_text.h"

#include <catch2/catch.hpp>
#include <string>

using namespace eventctl;

TEST_CASE("terminal text: controls, C1, line-breaking and reordering characters are escaped") {
    CHECK(terminal_safe("plain text, caf\xc3\xa9 \xe2\x82\xac \\ \"quoted\"") ==
          "plain text, caf\xc3\xa9 \xe2\x82\xac \\ \"quoted\"");
    CHECK(terminal_safe("a\nb\rc\td") == "a\\nb\\rc\\td");
    CHECK(terminal_safe("\x1b[2J\x1b]0;pwned\x07") == "\\x1b[2J\\x1b]0;pwned\\x07");
    CHECK(terminal_safe(std::string("id\0tail", 7)) == "id\\x00tail");
    CHECK(terminal_safe("\x7f") == "\\x7f");
    // U+009B is the one-character CSI of 8-bit terminals; U+0085 is NEL.
    CHECK(terminal_safe("\xc2\x9b"
                        "31m\xc2\x85") == "\\u009b31m\\u0085");
    // Bidirectional overrides (Trojan Source) and the Unicode line separator.
    CHECK(terminal_safe("abc\xe2\x80\xae"
                        "fed\xe2\x80\xa8") == "abc\\u202efed\\u2028");
}

TEST_CASE("terminal text: bytes that are not UTF-8 are escaped one by one") {
    // A lone continuation byte, a cut sequence, an overlong slash, a lone surrogate (WTF-8) and a
    // code point past U+10FFFF.
    CHECK(terminal_safe("a\x80z") == "a\\x80z");
    CHECK(terminal_safe("a\xe2\x82") == "a\\xe2\\x82");
    CHECK(terminal_safe("\xc0\xaf") == "\\xc0\\xaf");
    CHECK(terminal_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80");
    CHECK(terminal_safe("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");
    // A raw 8-bit CSI byte is not UTF-8 either.
    CHECK(terminal_safe("\x9b"
                        "2J") == "\\x9b2J");
}

TEST_CASE("terminal text: widths count columns, wide characters two, combining marks none") {
    CHECK(display_width("h\xc3\xa9llo") == 5);
    CHECK(display_width("\xe6\x97\xa5\xe6\x9c\xac") == 4); // 日本
    CHECK(display_width("e\xcc\x81") == 1);                // e + combining acute
    CHECK(display_width(terminal_safe("\x1b[31m")) == 8);  // \x1b[31m
}

TEST_CASE("terminal text: a cut keeps an escape whole or leaves it out") {
    auto text = std::string("ab\x1b[31mred");
    CHECK(terminal_safe(text) == "ab\\x1b[31mred");
    // Room for "ab" and the ellipsis, not for the four characters of \x1b.
    CHECK(terminal_safe_cut(text, 4) == "ab\u2026");
    CHECK(terminal_safe_cut(text, 6) == "ab\u2026");
    CHECK(terminal_safe_cut(text, 7) == "ab\\x1b\u2026");
    CHECK(terminal_safe_cut(text, 13) == "ab\\x1b[31mred");
    CHECK(terminal_safe_cut(text, 0).empty());
    CHECK(terminal_safe_cut("\xe6\x97\xa5\xe6\x9c\xac", 3) == "\xe6\x97\xa5\u2026");
}

TEST_CASE("terminal text: a quoted value ends where it seems to, NUL and all") {
    CHECK(in_quotes("failed") == "\"failed\"");
    CHECK(in_quotes("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    // A NUL would end the C string an exception carries: the id would look shorter, and valid.
    CHECK(in_quotes(std::string("0b9f2c1e\0; rm", 13)) == "\"0b9f2c1e\\x00; rm\"");
    CHECK(in_quotes("\x1b[2Jgone") == "\"\\x1b[2Jgone\"");
    CHECK(in_quotes(std::string(150, 'x'), 10) == "\"xxxxxxxxxx...\"");
}
