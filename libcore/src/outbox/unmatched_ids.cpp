#include "unmatched_ids.h"

#include "sql/field_values.h"
#include "sql/statement.h"

#include <algorithm>
#include <map>

namespace eventctl {

namespace {

// Ids looked up per statement, as a change's batches bind them.
constexpr std::size_t window_ids = 1000;

void count_window(Session& session, const OutboxTable& outbox, const Transition& transition,
                  const std::vector<std::string>& ids, UnmatchedIds& counts) {
    std::map<std::string, std::optional<std::string>> found; // id -> its status
    ReadTransaction tx(session.connection());
    for (const auto* part : outbox.parts()) {
        SqlParams params;
        auto sql = fmt::format("SELECT {id}::text, {status} FROM {table} WHERE {named}",
                               "id"_a = part->value(OutboxField::id, "text"),
                               "status"_a = outbox.status_expression(*part, params),
                               "table"_a = part->table().sql(),
                               "named"_a = outbox.id_in(*part, ids, params));
        auto rows = session.exec(tx, sql, params);
        for (const auto& row : rows) {
            found.emplace(row[0].as<std::string>(), optional_text(row[1]));
        }
    }
    tx.commit();
    for (const auto& id : ids) {
        auto entry = found.find(id);
        if (entry == found.end()) {
            ++counts.not_found;
            continue;
        }
        const auto& status = entry->second;
        auto is = [&status](Status state) { return status && *status == to_string(state); };
        if (is(transition.to)) {
            ++counts.already_done;
        } else if (std::any_of(transition.from.begin(), transition.from.end(), is)) {
            ++counts.left_out;
        } else {
            ++counts.wrong_state;
        }
    }
}

} // namespace

UnmatchedIds count_unmatched(Session& session, const OutboxTable& outbox,
                             const Transition& transition, const std::vector<std::string>& named,
                             const std::unordered_set<std::string>& matched) {
    UnmatchedIds counts;
    std::vector<std::string> window;
    for (const auto& id : named) {
        if (matched.count(id) != 0) {
            continue;
        }
        window.push_back(id);
        if (window.size() == window_ids) {
            count_window(session, outbox, transition, window, counts);
            window.clear();
        }
    }
    if (!window.empty()) {
        count_window(session, outbox, transition, window, counts);
    }
    return counts;
}

} // namespace eventctl
