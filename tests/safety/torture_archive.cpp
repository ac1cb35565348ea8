#include "torture_archive.h"

#include "polling.h"
#include "process.h"

#include <algorithm>
#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace eventctl::test {

namespace {

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The ids of the whole lines of text, in order; false when a line is not an archived row.
bool line_ids(const std::string& text, std::vector<std::string>& ids) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        auto row = nlohmann::json::parse(line, nullptr, false);
        if (row.is_discarded() || !row.contains("id")) {
            return false;
        }
        ids.push_back(row["id"].get<std::string>());
    }
    return true;
}

std::string sql_list(const std::vector<std::string>& ids) {
    std::string list;
    for (const auto& id : ids) {
        list += (list.empty() ? "'" : ",'") + id + "'";
    }
    return list;
}

} // namespace

ArchivedPurgeLoop::ArchivedPurgeLoop(const TestDatabase& db, std::string archive,
                                     std::string older_than, unsigned seed)
    : m_db(db), m_archive(std::move(archive)), m_older_than(std::move(older_than)), m_random(seed) {
}

void ArchivedPurgeLoop::run(const std::atomic<bool>& stop) {
    // How long a whole run took last: kills are spread over that span, most of which is
    // batches (archived, then deleted), so some land between a batch's flush and its commit.
    long whole_run_ms = 500;
    for (int round = 0; !stop; ++round) {
        // Every other run is killed; the others run to their end.
        bool kill = round % 2 == 1;
        std::uniform_int_distribution<long> delay_ms(20, std::max(100L, whole_run_ms));
        auto started = std::chrono::steady_clock::now();
        run_once(round, kill ? std::chrono::milliseconds(delay_ms(m_random))
                             : std::chrono::milliseconds(120000));
        if (!kill) {
            whole_run_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - started)
                               .count();
        }
        // Pacing, so the loops leave the two cores to the relays too; nothing is waited for.
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
}

void ArchivedPurgeLoop::run_once(int round, std::chrono::milliseconds kill_after) {
    auto before = contents(m_archive).size();
    BackgroundProcess purge({"outbox", "purge", "--older-than", m_older_than, "--force",
                             "--batch-size", round % 4 < 2 ? "7" : "50", "--archive-to", m_archive,
                             "--yes", "-o", "json", "-d", m_db.conninfo()});
    auto result = purge.wait_for(kill_after);
    ++m_runs;
    bool killed = result.exit_code == -1;
    if (killed) {
        ++m_killed;
        wait_for_purge_sessions_to_end();
        cut_partial_batch();
    } else {
        ++m_exits[result.exit_code];
        // 75: another purge still held the table's lock, as cron would see it too.
        if (result.exit_code != 0 && result.exit_code != 75) {
            m_failures.push_back("exit " + std::to_string(result.exit_code) + ": " + result.err);
            return;
        }
        if (result.exit_code == 0) {
            m_changed += nlohmann::json::parse(result.out)["changed"].get<long>();
        }
    }

    // What this run wrote, in order, and which of it is still in the table.
    std::vector<std::string> written;
    auto text = contents(m_archive);
    if (text.size() < before || !line_ids(text.substr(before), written)) {
        m_failures.push_back("round " + std::to_string(round) +
                             ": the archive lost bytes or holds a line that is not a row");
        return;
    }
    if (written.empty()) {
        return;
    }
    std::set<std::string> kept;
    for (const auto& row :
         m_db.exec("SELECT id::text FROM public.outbox WHERE id IN (" + sql_list(written) + ")")) {
        kept.insert(row[0].as<std::string>());
    }
    if (kept.empty()) {
        return;
    }
    if (!killed) {
        m_failures.push_back("round " + std::to_string(round) + ": a purge that ended archived " +
                             std::to_string(kept.size()) + " rows it did not delete");
        return;
    }
    // Kept rows must be the last ones written: only the batch the kill caught, flushed but not
    // committed. A deleted row after a kept one would mean a batch was skipped.
    auto first_kept = std::find_if(written.begin(), written.end(),
                                   [&kept](const std::string& id) { return kept.count(id) != 0; });
    for (auto row = first_kept; row != written.end(); ++row) {
        if (kept.count(*row) == 0) {
            m_failures.push_back("round " + std::to_string(round) +
                                 ": a row deleted after one that was archived but not deleted");
            break;
        }
    }
    ++m_killed_mid_batch;
    m_archived_not_deleted += static_cast<long>(kept.size());
    m_largest_tail = std::max(m_largest_tail, static_cast<long>(kept.size()));
}

void ArchivedPurgeLoop::cut_partial_batch() {
    auto text = contents(m_archive);
    auto whole = text.rfind('\n');
    auto keep = whole == std::string::npos ? 0 : whole + 1;
    if (keep < text.size()) {
        ++m_partial_batches_cut;
        if (truncate(m_archive.c_str(), static_cast<off_t>(keep)) != 0) {
            m_failures.push_back("cannot cut the partial batch off the archive");
        }
    }
}

void ArchivedPurgeLoop::wait_for_purge_sessions_to_end() {
    bool ended = poll_until(
        [this] {
            return m_db.scalar("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE "
                               "application_name = 'eventctl/outbox purge'") == "0";
        },
        std::chrono::seconds(30));
    if (!ended) {
        m_failures.push_back("a killed purge's session did not end within 30 s");
    }
}

std::vector<std::string> ArchivedPurgeLoop::check_against_ledger() const {
    std::vector<std::string> ids;
    if (!line_ids(contents(m_archive), ids)) {
        return {"the archive holds a line that is not a whole row"};
    }
    std::set<std::string> archived(ids.begin(), ids.end());
    long missing = 0;
    for (const auto& row :
         m_db.exec("SELECT id::text FROM public.torture_changes WHERE op = 'DELETE'")) {
        missing += archived.count(row[0].as<std::string>()) == 0 ? 1 : 0;
    }
    if (missing > 0) {
        return {std::to_string(missing) + " deleted rows are missing from the archive"};
    }
    return {};
}

nlohmann::json ArchivedPurgeLoop::figures() const {
    auto lines = contents(m_archive);
    return {{"archived_purge_runs", m_runs},
            {"archived_purges_killed", m_killed},
            {"archived_purges_killed_mid_batch", m_killed_mid_batch},
            {"archive_partial_batches_cut", m_partial_batches_cut},
            {"archived_rows", std::count(lines.begin(), lines.end(), '\n')},
            {"archived_rows_not_deleted", m_archived_not_deleted},
            {"archived_largest_batch_not_deleted", m_largest_tail}};
}

} // namespace eventctl::test
