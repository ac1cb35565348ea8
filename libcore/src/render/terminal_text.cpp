#include "eventctl/render/terminal_text.h"

#include <cstdint>
#include <cstdio>
#include <optional>

namespace eventctl {

namespace {

constexpr char32_t replacement = 0xFFFFFFFF; // not a code point: marks a byte that is not UTF-8

// One character of the input: the bytes it spans and the code point they encode (replacement
// for a byte that does not start valid UTF-8, which then spans that byte alone).
struct Unit {
    std::size_t size = 1;
    char32_t code_point = replacement;
};

// Decodes the UTF-8 sequence at pos as RFC 3629 defines it: no overlong forms, no surrogates
// (U+D800..U+DFFF, which WTF-8 and CESU-8 let through), nothing past U+10FFFF.
Unit decode(std::string_view text, std::size_t pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    unsigned char first = byte(0);
    if (first < 0x80) {
        return {1, first};
    }
    std::size_t size = 0;
    char32_t value = 0;
    char32_t lowest = 0;
    if ((first & 0xE0) == 0xC0) {
        size = 2;
        value = first & 0x1F;
        lowest = 0x80;
    } else if ((first & 0xF0) == 0xE0) {
        size = 3;
        value = first & 0x0F;
        lowest = 0x800;
    } else if ((first & 0xF8) == 0xF0) {
        size = 4;
        value = first & 0x07;
        lowest = 0x10000;
    } else {
        return {};
    }
    if (pos + size > text.size()) {
        return {};
    }
    for (std::size_t i = 1; i < size; ++i) {
        if ((byte(i) & 0xC0) != 0x80) {
            return {};
        }
        value = (value << 6) | (byte(i) & 0x3F);
    }
    if (value < lowest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return {};
    }
    return {size, value};
}

// Invisible characters that change how the rest of a line is shown: the bidirectional
// embeddings, overrides and isolates ("Trojan Source") and the Unicode line and paragraph
// separators.
bool reorders_or_breaks_lines(char32_t c) {
    return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0x061C;
}

std::string hex_escape(const char* format, unsigned value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

// How one unit is shown: an escape, or nothing when the bytes are fine as they are.
std::optional<std::string> escape_of(std::string_view text, std::size_t pos, const Unit& unit) {
    if (unit.code_point == replacement) {
        return hex_escape("\\x%02x", static_cast<unsigned char>(text[pos]));
    }
    switch (unit.code_point) {
    case '\n':
        return std::string("\\n");
    case '\r':
        return std::string("\\r");
    case '\t':
        return std::string("\\t");
    default:
        break;
    }
    if (unit.code_point < 0x20 || unit.code_point == 0x7F) {
        return hex_escape("\\x%02x", static_cast<unsigned>(unit.code_point));
    }
    if ((unit.code_point >= 0x80 && unit.code_point <= 0x9F) ||
        reorders_or_breaks_lines(unit.code_point)) {
        return hex_escape("\\u%04x", static_cast<unsigned>(unit.code_point));
    }
    return std::nullopt;
}

// Calls shown(piece, columns) for each character of text as it is shown on a terminal.
template <typename Visit> void for_each_shown(std::string_view text, Visit shown) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto unit = decode(text, pos);
        if (auto escape = escape_of(text, pos, unit)) {
            shown(std::string_view(*escape), escape->size());
        } else {
            auto piece = text.substr(pos, unit.size);
            shown(piece, display_width(piece));
        }
        pos += unit.size;
    }
}

// Wide characters take two columns: East Asian Wide and Fullwidth blocks and the emoji planes.
bool is_wide(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Combining marks and zero-width characters are drawn over or between their neighbours.
bool is_zero_width(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200C || c == 0x200D ||
           (c >= 0xFE00 && c <= 0xFE0F);
}

} // namespace

std::string terminal_safe(std::string_view text) {
    std::string shown;
    shown.reserve(text.size());
    for_each_shown(text, [&shown](std::string_view piece, std::size_t) { shown += piece; });
    return shown;
}

std::string terminal_safe_cut(std::string_view text, std::size_t width) {
    std::string whole;
    std::size_t whole_width = 0;
    std::string cut;
    std::size_t cut_width = 0;
    bool cut_full = false;
    for_each_shown(text, [&](std::string_view piece, std::size_t columns) {
        whole += piece;
        whole_width += columns;
        // The ellipsis takes the last column of a cut text.
        if (!cut_full && cut_width + columns + 1 <= width) {
            cut += piece;
            cut_width += columns;
        } else {
            cut_full = true;
        }
    });
    if (whole_width <= width) {
        return whole;
    }
    return width == 0 ? std::string() : cut + "\u2026";
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto unit = decode(text, pos);
        if (unit.code_point == replacement) {
            width += 1;
        } else if (is_wide(unit.code_point)) {
            width += 2;
        } else if (!is_zero_width(unit.code_point)) {
            width += 1;
        }
        pos += unit.size;
    }
    return width;
}

std::string in_quotes(std::string_view text, std::size_t max_chars) {
    std::string shown = "\"";
    std::size_t chars = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (chars == max_chars) {
            return shown + "...\"";
        }
        auto unit = decode(text, pos);
        if (auto escape = escape_of(text, pos, unit)) {
            shown += *escape;
        } else if (text[pos] == '"' || text[pos] == '\\') {
            shown += '\\';
            shown += text[pos];
        } else {
            shown += text.substr(pos, unit.size);
        }
        pos += unit.size;
        ++chars;
    }
    return shown + "\"";
}

} // namespace eventctl
