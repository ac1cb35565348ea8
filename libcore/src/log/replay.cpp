#include "eventctl/log/replay.h"

#include "event_row.h"
#include "eventctl/log/binding.h"
#include "eventctl/session/transactions.h"
#include "replay_sql.h"
#include "sql/statement.h"

#include <algorithm>

namespace eventctl {

namespace {

// Rows fetched per round trip: large enough that the round trips vanish, small enough that
// memory stays flat whatever the range.
constexpr std::int64_t page_rows = 1000;

const std::string cursor_name = "eventctl_replay";
const std::string fetch_page =
    "FETCH FORWARD " + std::to_string(page_rows) + " FROM " + cursor_name;

} // namespace

ReplayResult replay_events(Session& session, const LogSource& layout_source,
                           const ReplayOptions& options, const EventSink& sink) {
    validate_replay_options(layout_source, options);
    auto source = open_log_source(session, layout_source);
    LogSnapshot snapshot(session, source, !options.stream);
    auto& tx = snapshot.tx();
    ReplayResult result;
    result.range = resolve_replay_range(session, snapshot, source, options);
    if (result.range.empty) {
        snapshot.commit();
        return result;
    }
    // A cursor over the position index, read a page ahead: the server reads the next page while
    // this one is written out, so a replay runs at the pace of the slower side, not of both.
    // One row past --limit tells whether more events follow (ranges::limit keeps it in range).
    SqlParams params;
    auto sql = fmt::format(
        R"(DECLARE {cursor} NO SCROLL CURSOR FOR
SELECT {columns}
FROM {log}
WHERE {where}
ORDER BY {position}{limit})",
        "cursor"_a = cursor_name, "columns"_a = event_select_list(source),
        "log"_a = source.table.sql(),
        "where"_a = replay_conditions(source, options, result.range, std::nullopt, params),
        "position"_a = replay_position_column(source, result.range),
        "limit"_a = options.limit > 0
                        ? "\nLIMIT " + params.bind(std::to_string(options.limit + 1)) + "::bigint"
                        : std::string());
    session.exec(tx, sql, params);
    {
        pqxx::pipeline pages(tx);
        pages.retain(0);
        auto next = pages.insert(fetch_page);
        while (true) {
            session.waiting();
            auto rows = pages.retrieve(next);
            bool last_page = static_cast<std::int64_t>(rows.size()) < page_rows;
            if (!last_page) {
                next = pages.insert(fetch_page);
            }
            for (const auto& row : rows) {
                if (options.limit > 0 && result.count == options.limit) {
                    result.more = true;
                    break;
                }
                auto event = read_event(row, source);
                result.last_position = result.range.by_stream ? event.stream_seq : event.seq_no;
                sink(event);
                ++result.count;
            }
            if (last_page || result.more) {
                break;
            }
        }
        pages.complete();
    }
    snapshot.commit();
    return result;
}

} // namespace eventctl
