#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eventctl {

// The direction a listing walks created_at (then id, to break ties).
enum class SortOrder { ascending, descending };

// Where a page ended: the last entry's sort key. Opaque to users, who pass it to --after.
struct ListCursor {
    SortOrder order = SortOrder::ascending;
    std::int64_t created_at_micros = 0;
    std::string id;
    // The filters of the listing it continues (filter_key); empty in a cursor printed before
    // cursors were bound to their filters, which is taken as it is.
    std::string filter = {};
};

// Encodes a cursor as URL- and shell-safe text.
std::string encode_cursor(const ListCursor& cursor);

// Decodes --after text; throws UsageError when it is not a cursor this tool printed.
ListCursor decode_cursor(std::string_view text);

// The --order spelling: "asc" or "desc".
std::string_view to_string(SortOrder order);

// Parses an --order value; throws UsageError naming the accepted values.
SortOrder parse_sort_order(std::string_view text);

} // namespace eventctl
