#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/outbox_list.h"

#include <algorithm>

namespace eventctl {

namespace {

// Rows fetched per round trip: large enough that the round trips vanish, small enough that
// memory stays flat whatever --limit says.
constexpr std::int64_t page_rows = 1000;

std::string page_query(const TableNames& tables, const ListOptions& options,
                       const std::optional<ListCursor>& cursor, std::int64_t rows,
                       SqlParams& params) {
    std::string sql = "SELECT " + entry_select_list(options.with_payload) + " FROM " +
                      tables.outbox_table().sql() + " WHERE " +
                      filter_conditions(options.filter, params);
    if (cursor) {
        sql += " AND " + after_cursor(*cursor, params);
    }
    sql += " ORDER BY " + keyset_order(options.order) + " LIMIT " +
           params.bind(std::to_string(rows)) + "::bigint";
    return sql;
}

} // namespace

void validate_list_options(const ListOptions& options) {
    if (options.limit < 0) {
        throw UsageError("invalid --limit " + std::to_string(options.limit) +
                         ": expected 0 (everything) or a positive number");
    }
    if (options.after && options.after->order != options.order) {
        throw UsageError("this cursor continues a listing in --order " +
                         std::string(to_string(options.after->order)) + ", not " +
                         std::string(to_string(options.order)));
    }
}

ListResult list_entries(Session& session, const TableNames& tables, const ListOptions& options,
                        const EntrySink& sink) {
    validate_list_options(options);
    auto cursor = options.after;
    ListResult result;
    ReadTransaction tx(session.connection());
    bool unlimited = options.limit == 0;
    while (true) {
        auto wanted = unlimited ? page_rows : std::min(page_rows, options.limit - result.count);
        SqlParams params;
        // One row beyond the page tells whether anything follows, without a count.
        auto rows =
            session.exec(tx, page_query(tables, options, cursor, wanted + 1, params), params);
        auto shown = std::min<std::int64_t>(wanted, static_cast<std::int64_t>(rows.size()));
        for (std::int64_t i = 0; i < shown; ++i) {
            auto entry =
                read_entry(rows[static_cast<pqxx::result::size_type>(i)], options.with_payload);
            cursor = ListCursor{options.order, to_epoch_micros(entry.created_at), entry.id};
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
