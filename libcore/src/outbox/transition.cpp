#include "transition.h"

#include "entry_row.h"
#include "eventctl/error.h"

#include <algorithm>
#include <thread>

namespace eventctl {

namespace {

// Eligibility: the state the change expects plus its own condition. It is evaluated twice, once
// to find candidates and again on the locked rows, so a row that moved on is left alone.
std::string eligible(const Transition& transition, SqlParams& params) {
    std::string sql = "status = ANY(" + params.bind_text_array(status_names(transition.from)) + ")";
    if (transition.condition) {
        sql += " AND " + transition.condition(params);
    }
    return sql;
}

std::string candidates_query(const TableNames& tables, const OutboxSelection& selection,
                             const std::vector<std::string>& ids, const Transition& transition,
                             const std::optional<ListCursor>& after, std::int64_t rows,
                             SqlParams& params) {
    std::string sql = "SELECT id::text, " + epoch_micros("created_at") + " FROM " +
                      tables.outbox_table().sql() + " WHERE " +
                      filter_conditions(selection.filter, params) + " AND " +
                      eligible(transition, params);
    if (!ids.empty()) {
        sql += " AND id = ANY(" + params.bind_text_array(ids) + "::uuid[])";
    }
    if (after) {
        sql += " AND " + after_cursor(*after, params);
    }
    return sql + " ORDER BY " + keyset_order(SortOrder::ascending) + " LIMIT " +
           params.bind(std::to_string(rows)) + "::bigint";
}

std::string update_query(const TableNames& tables, const Transition& transition,
                         const std::vector<std::string>& ids, SqlParams& params) {
    auto table = tables.outbox_table().sql();
    auto id_list = params.bind_text_array(ids) + "::uuid[]";
    return "WITH locked AS (SELECT id FROM " + table + " WHERE id = ANY(" + id_list + ") AND " +
           eligible(transition, params) + " FOR UPDATE SKIP LOCKED) UPDATE " + table +
           " AS target SET " + transition.assignments(params) +
           " FROM locked WHERE target.id = locked.id AND target." + eligible(transition, params) +
           " RETURNING target.id::text";
}

// The ids of a selection, a window of them at a time; one empty window when it names none.
class IdWindows {
  public:
    IdWindows(const std::vector<std::string>& ids, std::size_t size) : m_all(ids), m_size(size) {
        fill();
    }
    const std::vector<std::string>& ids() const { return m_window; }
    // Moves to the next window, its keyset from the start; false after the last.
    bool next(std::optional<ListCursor>& after) {
        m_start += m_size;
        after.reset();
        fill();
        return m_start < m_all.size();
    }

  private:
    void fill() {
        auto end = std::min(m_all.size(), m_start + m_size);
        m_window.assign(m_all.begin() + static_cast<std::ptrdiff_t>(std::min(m_start, end)),
                        m_all.begin() + static_cast<std::ptrdiff_t>(end));
    }

    const std::vector<std::string>& m_all;
    std::size_t m_size;
    std::size_t m_start = 0;
    std::vector<std::string> m_window;
};

// Holds --rate: after each batch, waits until the entries so far fit the allowed rate.
void pace(double rate, std::int64_t done, std::chrono::steady_clock::time_point started) {
    if (rate <= 0) {
        return;
    }
    auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(static_cast<double>(done) / rate));
    std::this_thread::sleep_until(due);
}

} // namespace

std::string seconds_interval(SqlParams& params, std::chrono::seconds duration) {
    return params.bind(std::to_string(duration.count()) + " seconds") + "::interval";
}

AuditTrail open_audit(Session& session, const TableNames& tables, const MutationResult& result,
                      const std::string& command_line) {
    AuditRecord record;
    record.command = result.command;
    record.command_line = command_line;
    record.selection = result.selection;
    return AuditTrail(session, tables, record);
}

nlohmann::json audit_result(const MutationResult& result) {
    nlohmann::json json = {{"skipped_locked", result.skipped_locked}, {"batches", result.batches}};
    if (result.archived) {
        json["archived"] = *result.archived;
    }
    return json;
}

MutationResult run_transition(Session& session, const TableNames& tables,
                              const OutboxSelection& selection, const Transition& transition,
                              const MutationOptions& options) {
    validate_selection(selection);
    if (options.limit < 0 || options.batch_size <= 0) {
        throw UsageError("--limit must be 0 or more and the batch size positive");
    }
    MutationResult result;
    result.command = transition.command;
    result.dry_run = options.dry_run;
    result.selection = selection_json(selection);
    result.selection.update(transition.selection_extra);
    result.ids.emplace();
    std::optional<AuditTrail> audit;
    if (!options.dry_run) {
        audit.emplace(open_audit(session, tables, result, options.command_line));
    }

    auto batch = options.batch_size;
    if (options.rate > 0) {
        // Small batches keep a throttled redrive smooth instead of bursty.
        batch = std::clamp<std::int64_t>(static_cast<std::int64_t>(options.rate), 1, batch);
    }
    auto started = std::chrono::steady_clock::now();
    // Ids are looked up a batch's worth at a time: binding every id to every batch's query
    // would cost ids x batches on a large selection (a confirmed preview of every dead entry).
    IdWindows windows(selection.ids, static_cast<std::size_t>(batch));
    std::optional<ListCursor> after;
    while (options.limit == 0 || result.matched < options.limit) {
        auto wanted = options.limit == 0 ? batch : std::min(batch, options.limit - result.matched);
        WriteTransaction tx(session.connection());
        SqlParams params;
        auto rows = session.exec(
            tx,
            candidates_query(tables, selection, windows.ids(), transition, after, wanted, params),
            params);
        if (rows.empty()) {
            if (windows.next(after)) {
                continue;
            }
            break;
        }
        std::vector<std::string> ids;
        for (const auto& row : rows) {
            ids.push_back(row[0].as<std::string>());
        }
        after = ListCursor{SortOrder::ascending, rows.back()[1].as<std::int64_t>(), ids.back()};
        result.matched += static_cast<std::int64_t>(ids.size());
        if (options.dry_run) {
            result.changed += static_cast<std::int64_t>(ids.size());
            result.ids->insert(result.ids->end(), ids.begin(), ids.end());
        } else {
            SqlParams update_params;
            auto changed = session.exec(tx, update_query(tables, transition, ids, update_params),
                                        update_params);
            for (const auto& row : changed) {
                result.ids->push_back(row[0].as<std::string>());
            }
            result.changed += static_cast<std::int64_t>(changed.size());
            result.skipped_locked +=
                static_cast<std::int64_t>(ids.size()) - static_cast<std::int64_t>(changed.size());
            audit->add(tx, static_cast<std::int64_t>(ids.size()),
                       static_cast<std::int64_t>(changed.size()));
        }
        tx.commit();
        ++result.batches;
        if (options.progress) {
            options.progress(result);
        }
        if (static_cast<std::int64_t>(rows.size()) < wanted && !windows.next(after)) {
            break;
        }
        if (!options.dry_run) {
            pace(options.rate, result.matched, started);
        }
    }
    if (audit) {
        audit->finish(audit_result(result));
    }
    return result;
}

} // namespace eventctl
