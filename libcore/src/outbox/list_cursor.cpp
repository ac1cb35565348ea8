#include "eventctl/outbox/list_cursor.h"

#include "eventctl/error.h"
#include "eventctl/render/terminal_text.h"

#include <array>
#include <charconv>

namespace eventctl {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// A cursor key is never long: the filters' key is 16 hex digits and an entry id is a number,
// a UUID or a short text. Bounding the fields, not only the text, keeps every cursor decode
// accepts within what decode accepts once encoded again (a v1 cursor comes back as v2, longer).
constexpr std::size_t max_filter_length = 64;
constexpr std::size_t max_id_length = 256;
// Bounds the work a hostile --after can cause; well above the longest cursor the fields allow.
constexpr std::size_t max_cursor_length = 512;

std::string base64url_encode(std::string_view bytes) {
    std::string text;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            text.push_back(alphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) {
        text.push_back(alphabet[(buffer << (6 - bits)) & 0x3F]);
    }
    return text;
}

bool base64url_decode(std::string_view text, std::string& bytes) {
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        auto index = alphabet.find(c);
        if (index == std::string_view::npos) {
            return false;
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(index);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return true;
}

[[noreturn]] void invalid_cursor(std::string_view text) {
    throw UsageError("invalid cursor " + in_quotes(text, 40) +
                     ": pass the next_cursor value printed by a previous outbox list");
}

} // namespace

std::string_view to_string(SortOrder order) {
    return order == SortOrder::ascending ? "asc" : "desc";
}

SortOrder parse_sort_order(std::string_view text) {
    if (text == "asc") {
        return SortOrder::ascending;
    }
    if (text == "desc") {
        return SortOrder::descending;
    }
    throw UsageError("invalid --order " + in_quotes(text) + ": expected asc or desc");
}

std::string encode_cursor(const ListCursor& cursor) {
    // v2 adds the filters' key to v1 (order, created_at, id), so a cursor is refused with
    // other filters instead of silently paging through a different listing.
    std::string plain = "v2:" + std::string(to_string(cursor.order)) + ":" + cursor.filter + ":" +
                        std::to_string(cursor.created_at_micros) + ":" + cursor.id;
    return base64url_encode(plain);
}

ListCursor decode_cursor(std::string_view text) {
    std::string plain;
    if (text.empty() || text.size() > max_cursor_length || !base64url_decode(text, plain)) {
        invalid_cursor(text);
    }
    std::array<std::string_view, 5> parts;
    std::string_view rest = plain;
    bool v2 = plain.rfind("v2:", 0) == 0;
    // v1: version, order, created_at, id; v2 has the filters' key after the order.
    std::size_t fields = v2 ? 4 : 3;
    for (std::size_t i = 0; i < fields; ++i) {
        auto colon = rest.find(':');
        if (colon == std::string_view::npos) {
            invalid_cursor(text);
        }
        parts[i] = rest.substr(0, colon);
        rest.remove_prefix(colon + 1);
    }
    parts[fields] = rest;
    ListCursor cursor;
    if (v2) {
        cursor.filter = std::string(parts[2]);
        parts[2] = parts[3];
        parts[3] = parts[4];
    }
    if ((parts[0] != "v1" && parts[0] != "v2") || (parts[1] != "asc" && parts[1] != "desc") ||
        parts[3].empty() || parts[3].size() > max_id_length ||
        cursor.filter.size() > max_filter_length || parts[3].find('\0') != std::string_view::npos) {
        invalid_cursor(text);
    }
    cursor.order = parse_sort_order(parts[1]);
    auto [end, error] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(),
                                        cursor.created_at_micros);
    if (error != std::errc() || end != parts[2].data() + parts[2].size() || parts[2].empty()) {
        invalid_cursor(text);
    }
    cursor.id = std::string(parts[3]);
    return cursor;
}

} // namespace eventctl
