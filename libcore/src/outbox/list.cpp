#include "eventctl/outbox/list.h"

#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/option_ranges.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"
#include "sql/statement.h"

#include <algorithm>

namespace eventctl {

namespace {

// Rows fetched per round trip: large enough that the round trips vanish, small enough that
// memory stays flat whatever --limit says.
constexpr std::int64_t page_rows = 1000;

std::string part_page(const OutboxTable& outbox, const OutboxPart& part, const ListOptions& options,
                      const std::optional<ListCursor>& cursor, std::int64_t rows, bool sort_columns,
                      SqlParams& params) {
    auto columns = outbox.entry_select_list(part, options.with_payload, params);
    if (sort_columns) {
        columns += ", " + outbox.created_at(part) + " AS sort_created, " +
                   part.value(OutboxField::id, "text") + " AS sort_id";
    }
    auto where = outbox.filter(part, options.filter, params) &&
                 (cursor ? outbox.after_cursor(part, *cursor, params) : Condition::always());
    return fmt::format(R"(SELECT {columns}
FROM {table}
WHERE {where}
ORDER BY {order}
LIMIT {rows}::bigint)",
                       "columns"_a = columns, "table"_a = part.table().sql(), "where"_a = where,
                       "order"_a = outbox.keyset_order(part, options.order),
                       "rows"_a = params.bind(std::to_string(rows)));
}

// One page in keyset order. With a dead-letter table both tables are read, each up to the page
// size through its own (created_at, id) order, and merged.
std::string page_query(const OutboxTable& outbox, const ListOptions& options,
                       const std::optional<ListCursor>& cursor, std::int64_t rows,
                       SqlParams& params) {
    auto parts = outbox.parts_for(options.filter.statuses);
    if (parts.size() == 1) {
        return part_page(outbox, *parts.front(), options, cursor, rows, false, params);
    }
    std::vector<std::string> pages;
    for (const auto* part : parts) {
        pages.push_back("(" + part_page(outbox, *part, options, cursor, rows, true, params) + ")");
    }
    auto direction = options.order == SortOrder::ascending ? "" : " DESC";
    return fmt::format(R"(SELECT * FROM ({pages}) AS entries
ORDER BY sort_created{direction}, sort_id{direction}
LIMIT {rows}::bigint)",
                       "pages"_a = fmt::join(pages, "\nUNION ALL\n"), "direction"_a = direction,
                       "rows"_a = params.bind(std::to_string(rows)));
}

// Which part a row of a merged page came from: with a dead-letter table, the dead rows are
// there and nowhere else.
const OutboxPart& part_of(const OutboxTable& outbox, const pqxx::row& row) {
    if (outbox.dead_letters() != nullptr && !row[2].is_null() &&
        row[2].as<std::string>() == "dead") {
        return *outbox.dead_letters();
    }
    return outbox.main();
}

} // namespace

std::string filter_key(const OutboxFilter& filter) {
    // FNV-1a of the selection as JSON (keys sorted, instants resolved): stable across runs and
    // versions that spell the selection alike, short enough for a cursor.
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : selection_json(filter).dump()) {
        hash = (hash ^ c) * 1099511628211ULL;
    }
    static const char* digits = "0123456789abcdef";
    std::string key;
    for (int shift = 60; shift >= 0; shift -= 4) {
        key.push_back(digits[(hash >> shift) & 0xF]);
    }
    return key;
}

void validate_list(const Layout& layout, const ListOptions& options) {
    require_capability(layout, Command::outbox_list);
    require_filter_support(layout, options.filter);
    require_in_range("--limit", options.limit, ranges::limit);
    if (options.after && !options.after->filter.empty() &&
        options.after->filter != filter_key(options.filter)) {
        throw UsageError("this cursor continues a listing with other filters: give --after the "
                         "same filters as the list that printed it, or start again without "
                         "--after");
    }
    if (options.after && options.after->order != options.order) {
        throw UsageError("this cursor continues a listing in --order " +
                         std::string(to_string(options.after->order)) + ", not " +
                         std::string(to_string(options.order)));
    }
}

ListResult list_entries(Session& session, const Layout& layout, const ListOptions& options,
                        const EntrySink& sink) {
    validate_list(layout, options);
    auto outbox = OutboxTable::open(session, layout);
    auto cursor = options.after;
    ListResult result;
    result.table = outbox.main().table().display();
    result.database = session.target();
    ReadTransaction tx(session.connection());
    bool unlimited = options.limit == 0;
    while (true) {
        auto wanted = unlimited ? page_rows : std::min(page_rows, options.limit - result.count);
        SqlParams params;
        // One row beyond the page tells whether anything follows, without a count.
        auto rows =
            session.exec(tx, page_query(outbox, options, cursor, wanted + 1, params), params);
        auto shown = std::min<std::int64_t>(wanted, static_cast<std::int64_t>(rows.size()));
        for (std::int64_t i = 0; i < shown; ++i) {
            const auto& row = rows[static_cast<pqxx::result::size_type>(i)];
            auto entry = read_entry(row, outbox, part_of(outbox, row), options.with_payload);
            cursor = ListCursor{options.order, to_epoch_micros(entry.created_at), entry.id,
                                filter_key(options.filter)};
            sink(entry);
        }
        result.count += shown;
        bool more = static_cast<std::int64_t>(rows.size()) > wanted;
        if (!more) {
            break;
        }
        if (!unlimited && result.count >= options.limit) {
            result.next_cursor = encode_cursor(*cursor);
            break;
        }
    }
    tx.commit();
    return result;
}

} // namespace eventctl
