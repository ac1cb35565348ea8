#include "eventctl/outbox/purge.h"

#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/option_ranges.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "eventctl/sql/partitions.h"
#include "mutation_audit.h"
#include "outbox_table.h"
#include "purge_kept.h"
#include "retention/partition_drop.h"
#include "retention/purge_run.h"
#include "sql/statement.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace eventctl {

namespace {

// Used until the planner has statistics: about what a page of outbox rows holds.
constexpr double default_rows_per_page = 40.0;

// The states asked for on the part, old enough. Age counts from the state's own column where the
// layout gives one, else from the final state when the row records one, else from creation
// (DESIGN 2.5). Unfinished work is excluded on top, whatever the states' conditions say, so a
// layout whose conditions overlap cannot lose a pending or processing entry.
Condition eligible(const OutboxTable& outbox, const OutboxPart& part, const PurgeOptions& options,
                   const std::string& cutoff, SqlParams& params) {
    // States aged alike share one condition, so the common shape stays one index condition.
    std::vector<std::pair<std::string, std::vector<Status>>> by_age;
    for (auto status : options.statuses) {
        auto age = outbox.age_reference(part, status);
        if (!age || !outbox.holds(part, status)) {
            continue; // plan_purge refuses a state without a time; this part holds none of it
        }
        auto same = std::find_if(by_age.begin(), by_age.end(),
                                 [&](const auto& known) { return known.first == *age; });
        if (same == by_age.end()) {
            by_age.emplace_back(*age, std::vector<Status>{status});
        } else {
            same->second.push_back(status);
        }
    }
    std::vector<Condition> aged;
    for (const auto& [age, statuses] : by_age) {
        aged.push_back(outbox.any_state_condition(part, statuses, params) &&
                       Condition(age + " < " + params.bind(cutoff) + "::timestamptz"));
    }
    auto condition = Condition::any(aged);
    if (!part.is_dead_letters()) {
        for (auto unfinished : {Status::pending, Status::processing}) {
            condition = condition && outbox.state_condition(part, unfinished, params).negated();
        }
    }
    return condition;
}

Condition block_range(std::int64_t first, std::int64_t end, SqlParams& params) {
    return Condition(fmt::format("(ctid >= {first}::tid AND ctid < {end}::tid)",
                                 "first"_a = params.bind("(" + std::to_string(first) + ",0)"),
                                 "end"_a = params.bind("(" + std::to_string(end) + ",0)")));
}

struct TableGeometry {
    std::int64_t first_block = 0; // the walk's blocks: first_block up to pages
    std::int64_t pages = 0;
    double rows_per_page = default_rows_per_page;
};

TableGeometry table_geometry(Session& session, const QualifiedName& table) {
    ReadTransaction tx(session.connection());
    SqlParams params;
    auto sql = fmt::format(R"(SELECT pg_catalog.pg_relation_size(c.oid)
         / pg_catalog.current_setting('block_size')::bigint,
       c.reltuples, c.relpages
FROM pg_catalog.pg_class c
WHERE c.oid = pg_catalog.to_regclass({table}))",
                           "table"_a = params.bind(table.sql()));
    auto row = session.exec(tx, sql, params);
    tx.commit();
    TableGeometry geometry;
    if (row.empty()) {
        return geometry;
    }
    geometry.pages = row[0][0].as<std::int64_t>();
    auto tuples = row[0][1].as<double>();
    auto pages = row[0][2].as<double>();
    if (tuples > 0 && pages > 0) {
        geometry.rows_per_page = tuples / pages;
    }
    return geometry;
}

TimePoint server_cutoff(Session& session, std::chrono::seconds older_than) {
    pqxx::nontransaction tx(session.connection());
    SqlParams params;
    auto sql =
        "SELECT " + epoch_micros("pg_catalog.now() - " + seconds_interval(params, older_than));
    auto micros = session.exec(tx, sql, params)[0][0].as<std::int64_t>();
    return from_epoch_micros(micros);
}

MutationResult count_only(Session& session, const OutboxTable& outbox,
                          const std::vector<const OutboxPart*>& parts, const PurgeOptions& options,
                          const std::string& cutoff, MutationResult result) {
    ReadTransaction tx(session.connection());
    std::int64_t count = 0;
    for (const auto* part : parts) {
        SqlParams params;
        auto sql = fmt::format("SELECT pg_catalog.count(*) FROM {table} WHERE {eligible}",
                               "table"_a = part->table().sql(),
                               "eligible"_a = eligible(outbox, *part, options, cutoff, params));
        count += session.exec(tx, sql, params)[0][0].as<std::int64_t>();
    }
    tx.commit();
    result.matched = count;
    result.changed = options.max_rows > 0 ? std::min(count, options.max_rows) : count;
    return result;
}

struct BatchOutcome {
    std::int64_t eligible = 0;
    std::int64_t locked = 0;  // taken: locked by this purge, within the cap
    std::int64_t skipped = 0; // eligible, but held by another session
    std::int64_t deleted = 0;
};

// How long a batch's plain DELETE may wait for a row lock before the batch takes the locking
// path instead. Old finished rows are almost never locked, so this is rarely spent.
constexpr const char* unlocked_delete_wait = "20ms";

// The fast path of a batch: one DELETE of the range, in a transaction of its own, which waits at
// most unlocked_delete_wait for a row lock. Measured on 5 M rows in 10,000-row batches,
// counting, locking with FOR UPDATE SKIP LOCKED and deleting took 8.2-8.7 s per 950,000 rows, a
// plain DELETE 3.4-4.5 s: the lock step writes every row once more. A held row makes the DELETE
// fail with lock_not_available (nullopt) and the caller drop the transaction, so nothing changed;
// the range then takes the locking path in a new one (after a savepoint's rollback instead,
// SKIP LOCKED would take the rows the undone DELETE had marked for locked ones).
std::optional<std::int64_t> delete_unless_locked(Session& session, pqxx::transaction_base& tx,
                                                 const OutboxTable& outbox, const OutboxPart& part,
                                                 const QualifiedName& relation,
                                                 const PurgeOptions& options,
                                                 const std::string& cutoff, std::int64_t first,
                                                 std::int64_t end) {
    try {
        session.exec(tx, std::string("SELECT pg_catalog.set_config('lock_timeout', '") +
                             unlocked_delete_wait + "', true)");
        SqlParams params;
        auto sql = fmt::format("DELETE FROM {table} WHERE {where}", "table"_a = relation.sql(),
                               "where"_a = block_range(first, end, params) &&
                                           eligible(outbox, part, options, cutoff, params));
        auto deleted = session.exec(tx, sql, params);
        return static_cast<std::int64_t>(deleted.affected_rows());
    } catch (const pqxx::sql_error& error) {
        if (error.sqlstate() != "55P03") {
            throw;
        }
    }
    return std::nullopt;
}

// One block range of one relation: the part's table, or one of its leaf partitions (a
// partitioned table's ctid ranges mean nothing; each leaf has its own).
BatchOutcome purge_block_range(Session& session, const OutboxTable& outbox, const OutboxPart& part,
                               const QualifiedName& relation, const PurgeOptions& options,
                               const std::string& cutoff, std::int64_t first, std::int64_t end,
                               std::int64_t row_cap, ArchiveWriter* archive, AuditTrail& audit) {
    auto table = relation.sql();
    BatchOutcome outcome;
    // A row cap needs the rows counted before any goes, an archive the rows themselves: both
    // take the locking path.
    if (row_cap == 0 && archive == nullptr) {
        WriteTransaction fast(session.connection());
        if (auto deleted = delete_unless_locked(session, fast, outbox, part, relation, options,
                                                cutoff, first, end)) {
            outcome.eligible = outcome.locked = outcome.deleted = *deleted;
            if (*deleted > 0) {
                audit.add(fast, *deleted, *deleted);
            }
            fast.commit();
            return outcome;
        }
    } // a failed attempt is rolled back here
    WriteTransaction tx(session.connection());

    SqlParams count_params;
    auto count_sql =
        fmt::format("SELECT pg_catalog.count(*) FROM {table} WHERE {where}", "table"_a = table,
                    "where"_a = block_range(first, end, count_params) &&
                                eligible(outbox, part, options, cutoff, count_params));
    outcome.eligible = session.exec(tx, count_sql, count_params)[0][0].as<std::int64_t>();
    if (outcome.eligible == 0) {
        tx.commit();
        return outcome;
    }

    // The whole range is locked and the cap applied afterwards: a LIMIT in the query would leave
    // rows out without saying whether another session held them or the cap did, and only the
    // held ones are skipped_locked.
    SqlParams lock_params;
    // An archived row is its id and the whole row as JSON, read in the statement that locks it.
    auto archived =
        ", " + part.value(OutboxField::id, "text", "o") + "::text, pg_catalog.row_to_json(o)::text";
    auto lock_sql =
        fmt::format(R"(SELECT o.ctid::text{archived}
FROM {table} AS o
WHERE {where}
FOR UPDATE SKIP LOCKED)",
                    "archived"_a = archive ? archived : std::string(), "table"_a = table,
                    "where"_a = block_range(first, end, lock_params) &&
                                eligible(outbox, part, options, cutoff, lock_params));
    auto locked = session.exec(tx, lock_sql, lock_params);
    auto lockable = static_cast<std::int64_t>(locked.size());
    outcome.skipped = std::max<std::int64_t>(0, outcome.eligible - lockable);
    outcome.locked = row_cap > 0 ? std::min(row_cap, lockable) : lockable;
    if (outcome.locked == 0) {
        audit.add(tx, outcome.eligible, 0);
        tx.commit();
        return outcome;
    }
    std::vector<std::string> ctids;
    std::vector<ArchiveRow> rows;
    for (const auto& row : locked) {
        if (static_cast<std::int64_t>(ctids.size()) == outcome.locked) {
            break;
        }
        ctids.push_back(row[0].as<std::string>());
        if (archive) {
            rows.push_back({row[1].as<std::string>(), row[2].as<std::string>()});
        }
    }
    // On disk before the DELETE; a batch the archive could not take is not deleted.
    if (archive) {
        archive->append(rows);
    }
    SqlParams delete_params;
    auto delete_sql =
        fmt::format("DELETE FROM {table} WHERE ctid = ANY({ctids}::tid[]) AND {eligible}",
                    "table"_a = table, "ctids"_a = delete_params.bind_text_array(ctids),
                    "eligible"_a = eligible(outbox, part, options, cutoff, delete_params));
    auto deleted = session.exec(tx, delete_sql, delete_params);
    outcome.deleted = static_cast<std::int64_t>(deleted.affected_rows());
    audit.add(tx, outcome.eligible, outcome.deleted);
    tx.commit();
    return outcome;
}

// Narrows the walk of a leaf whose rows old enough are few to the blocks that hold them, found
// from the indexes (the status column's, with the age columns): nothing when none is, and the
// whole leaf where the layout's states cannot be read so. Rows that come to be old enough later
// are the next run's, as rows appended after the walk's size was read are.
void narrow_to_eligible(Session& session, const OutboxTable& outbox, const OutboxPart& part,
                        const QualifiedName& relation, const PurgeOptions& options,
                        const std::string& cutoff, TableGeometry& geometry) {
    SqlParams params;
    auto eligible_rows = purge_eligible_rows(outbox, part, options.statuses, cutoff, params);
    if (!eligible_rows) {
        return;
    }
    ReadTransaction tx(session.connection());
    auto sql = fmt::format(R"(SELECT (pg_catalog.min(ctid)::text::point)[0]::bigint,
       (pg_catalog.max(ctid)::text::point)[0]::bigint + 1
FROM {relation}
WHERE {eligible})",
                           "relation"_a = relation.sql(),
                           "eligible"_a = Condition::any(*eligible_rows).sql());
    auto span = session.exec(tx, sql, params)[0];
    tx.commit();
    if (span[0].is_null()) {
        geometry.first_block = geometry.pages = 0;
        return;
    }
    geometry.first_block = std::min(geometry.pages, span[0].as<std::int64_t>());
    geometry.pages = std::min(geometry.pages, span[1].as<std::int64_t>());
}

// Walks the relations in physical order, a block range per batch; false when a bound (rows,
// duration) or a stop request ended it. The relations are the leaves of a partitioned table
// (the parent's size is 0), or the table itself: the batching follows each one's own size.
bool purge_relations(Session& session, const OutboxTable& outbox, const OutboxPart& part,
                     const std::vector<LeafToPurge>& leaves, const PurgeOptions& options,
                     const std::string& cutoff, ArchiveWriter* archive, AuditTrail& audit,
                     std::chrono::steady_clock::time_point started, const RunControl& control,
                     MutationResult& result) {
    std::vector<QualifiedName> relations;
    std::vector<TableGeometry> geometries;
    std::int64_t total_pages = 0;
    for (const auto& leaf : leaves) {
        relations.push_back(leaf.table);
        geometries.push_back(table_geometry(session, leaf.table));
        if (leaf.few) {
            narrow_to_eligible(session, outbox, part, leaf.table, options, cutoff,
                               geometries.back());
        }
        total_pages += geometries.back().pages - geometries.back().first_block;
    }
    std::int64_t pages_before = 0;
    for (std::size_t r = 0; r < relations.size(); ++r) {
        const auto& geometry = geometries[r];
        auto blocks_per_batch = std::max<std::int64_t>(
            1, static_cast<std::int64_t>(static_cast<double>(options.batch_size) /
                                         geometry.rows_per_page));
        bool last_relation = r + 1 == relations.size();
        for (std::int64_t first = geometry.first_block; first < geometry.pages;
             first += blocks_per_batch) {
            auto end = std::min(geometry.pages, first + blocks_per_batch);
            auto cap = options.max_rows > 0 ? options.max_rows - result.changed : 0;
            auto outcome = purge_block_range(session, outbox, part, relations[r], options, cutoff,
                                             first, end, cap, archive, audit);
            result.matched += outcome.eligible;
            result.changed += outcome.deleted;
            result.skipped_locked += outcome.skipped;
            if (archive) {
                *result.archived += outcome.locked;
            }
            if (outcome.eligible > 0) {
                ++result.batches;
            }
            control.report(
                result.progress(static_cast<double>(pages_before + end - geometry.first_block) /
                                static_cast<double>(std::max<std::int64_t>(1, total_pages))));
            bool last = last_relation && end == geometry.pages;
            if (options.max_rows > 0 && result.changed >= options.max_rows) {
                if (!last) {
                    result.run.stop("max-rows");
                }
                return false;
            }
            if (last) {
                break;
            }
            if (options.max_duration &&
                std::chrono::steady_clock::now() - started >= *options.max_duration) {
                result.run.stop("max-duration");
                return false;
            }
            if (auto stop = control.stop.reason()) {
                result.run.stop(*stop);
                return false;
            }
            // No pause after the last batch (the loop ended above), and none a stop has to
            // outlast.
            if (options.sleep.count() > 0 && outcome.deleted > 0 &&
                !control.stop.wait_until(std::chrono::steady_clock::now() + options.sleep)) {
                result.run.stop(*control.stop.reason());
                return false;
            }
        }
        pages_before += geometry.pages - geometry.first_block;
    }
    return true;
}

// What decides the fate of a partition of the part: the purge's own condition, and the cutoff
// its range is compared with, on created_at or on the column the age counts from.
DropRules drop_rules(const OutboxTable& outbox, const OutboxPart& part, PartitionTree tree,
                     const PurgeOptions& options, const std::string& cutoff) {
    DropRules rules;
    rules.tree = std::move(tree);
    rules.pause = options.sleep;
    for (auto field : {OutboxField::processed_at, OutboxField::created_at}) {
        if (const auto* column = part.field(field)) {
            auto kind = column->kind == ColumnKind::text ? ColumnKind::other : column->kind;
            rules.limits.push_back({column->name, kind, cutoff, "the cutoff " + cutoff});
        }
    }
    rules.eligible = [&outbox, &part, options, cutoff](SqlParams& params) {
        return eligible(outbox, part, options, cutoff, params);
    };
    rules.kept = [&outbox, &part, options, cutoff](SqlParams& params) {
        if (auto kept = purge_kept_rows(outbox, part, options.statuses, cutoff, params)) {
            return Condition::any(*kept);
        }
        return eligible(outbox, part, options, cutoff, params).negated();
    };
    rules.holds_kept = [&outbox, &part, options, cutoff](SqlParams& params,
                                                         const std::string& partition) {
        auto kept = purge_kept_rows(outbox, part, options.statuses, cutoff, params);
        return exists_any(partition,
                          kept ? *kept
                               : std::vector<Condition>{
                                     eligible(outbox, part, options, cutoff, params).negated()});
    };
    rules.label = [&outbox, &part](SqlParams& params) {
        return outbox.status_expression(part, params);
    };
    rules.unit = "rows";
    rules.id_text = part.value(OutboxField::id, "text");
    return rules;
}

// The sharp edges of purge go through only with --force, each refused with what it would do.
void require_purge_force(const PurgeOptions& options) {
    bool young = options.older_than < ranges::force_below;
    bool failed = std::find(options.statuses.begin(), options.statuses.end(), Status::failed) !=
                  options.statuses.end();
    if (options.force) {
        if (!young && !failed) {
            // Echoed in the result and the audit record, it would read as a forced purge.
            throw UsageError("--force lets through an --older-than under " +
                                 format_duration(ranges::force_below) +
                                 " or --status failed, and this purge has neither",
                             "leave --force out");
        }
        return;
    }
    if (young) {
        throw UsageError("--older-than " + format_duration(options.older_than) +
                             " would delete entries that finished a moment ago (under " +
                             format_duration(ranges::force_below) +
                             "), and with them the idempotency keys that keep 'log replay "
                             "--into-outbox' from enqueueing an event twice",
                         "give a longer --older-than (e.g. 7d), or --force if that is meant");
    }
    if (failed) {
        throw UsageError("--status failed would delete entries the relay still retries: events "
                         "that were never delivered",
                         "mark them dead first ('eventctl outbox mark-dead --status failed ...'), "
                         "or give --force if they are meant to go undelivered");
    }
}

} // namespace

bool purge_age_known(const Layout& layout, Status status) {
    const auto& outbox = *layout.outbox;
    const auto* rule = outbox.state(status);
    if (rule != nullptr && rule->age_column) {
        return true;
    }
    if (rule != nullptr && rule->in_dead_letters && outbox.dead_letters) {
        const auto& columns = outbox.dead_letters->columns;
        return columns.count(OutboxField::processed_at) > 0 ||
               columns.count(OutboxField::created_at) > 0;
    }
    return outbox.column(OutboxField::processed_at) != nullptr ||
           outbox.column(OutboxField::created_at) != nullptr;
}

PurgeChange plan_purge(const Layout& layout, PurgeOptions options) {
    for (auto status : options.statuses) {
        if (status == Status::pending || status == Status::processing) {
            throw UsageError("purge never deletes " + std::string(to_string(status)) +
                             " entries: they are unfinished work; --status takes completed, "
                             "failed or dead");
        }
    }
    if (options.statuses.empty()) {
        throw UsageError("purge needs at least one --status");
    }
    require_in_range("--batch-size", options.batch_size, ranges::purge_batch_size);
    require_in_range("--max-rows", options.max_rows, ranges::max_rows);
    require_in_range("--sleep", options.sleep, ranges::sleep);
    if (options.max_duration) {
        require_in_range("--max-duration", *options.max_duration, ranges::max_duration);
    }
    if (options.drop_partitions && options.max_rows > 0) {
        throw UsageError("--drop-partitions takes a partition's rows all at once, which --max-rows "
                         "cannot cap; give one or the other");
    }
    require_capability(layout, Command::outbox_purge);
    for (auto status : options.statuses) {
        auto what = "outbox purge --status " + std::string(to_string(status));
        require_outbox_state(layout, status, what);
        if (!purge_age_known(layout, status)) {
            throw UsageError("layout " + layout.name + " records no time to age " +
                                 std::string(to_string(status)) + " entries from (age_from, " +
                                 "processed_at or created_at), which " + what + " needs",
                             "give the state an \"age_from\" column (eventctl-layout(5))");
        }
    }
    require_purge_force(options);
    PurgeChange change(layout, options);
    if (options.archive) {
        change.m_archive = check_archive_target(*options.archive);
    }
    return change;
}

PurgeChange::PurgeChange(Layout layout, PurgeOptions options)
    : m_layout(std::move(layout)), m_options(std::move(options)) {}

namespace {

// How the age is measured: one description, or one per state when they differ.
std::string age_from(const OutboxTable& outbox, const std::vector<Status>& statuses) {
    std::vector<std::string> described;
    for (auto status : statuses) {
        described.push_back(outbox.age_description(status));
    }
    if (std::all_of(described.begin(), described.end(),
                    [&](const std::string& text) { return text == described.front(); })) {
        return described.front();
    }
    std::string text;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        text += (i == 0 ? "" : "; ") + std::string(to_string(statuses[i])) + ": " + described[i];
    }
    return text;
}

nlohmann::json purge_selection(const OutboxTable& outbox, const PurgeOptions& options,
                               TimePoint cutoff) {
    nlohmann::json selection = {{"status", status_names(options.statuses)},
                                {"older_than", format_duration(options.older_than)},
                                {"cutoff", format_rfc3339(cutoff)},
                                {"age_from", age_from(outbox, options.statuses)}};
    if (options.force) {
        selection["force"] = true;
    }
    return selection;
}

} // namespace

namespace {

// The partitions of each part that --drop-partitions acts on, decided now. Every table the purge
// deletes from must be partitioned by range on created_at or the column the age counts from, or
// the purge is refused before anything changes; only a dead-letter table purged beside another
// table is purged by rows when it is not (the man page says so).
std::vector<PartitionFate> decide_drops(Session& session, const OutboxTable& outbox,
                                        const std::vector<const OutboxPart*>& parts,
                                        const PurgeOptions& options, const std::string& cutoff,
                                        bool count) {
    bool beside_another = std::any_of(parts.begin(), parts.end(),
                                      [](const auto* part) { return !part->is_dead_letters(); });
    std::vector<PartitionFate> fates;
    for (const auto* part : parts) {
        auto rules =
            drop_rules(outbox, *part, read_partition_tree(session, part->table()), options, cutoff);
        if (part->is_dead_letters() && beside_another) {
            try {
                require_droppable(rules.tree, rules.limits, "--drop-partitions");
            } catch (const UsageError&) {
                continue;
            }
        } else {
            require_droppable(rules.tree, rules.limits, "--drop-partitions");
        }
        auto decided = decide_partitions(session, rules, count);
        fates.insert(fates.end(), decided.begin(), decided.end());
    }
    return fates;
}

} // namespace

PurgePreview PurgeChange::preview(Session& session, bool count) const {
    auto outbox = OutboxTable::open(session, m_layout);
    PurgePreview preview;
    preview.counted = count;
    preview.cutoff = server_cutoff(session, m_options.older_than);
    auto& result = preview.result;
    result.command = Command::outbox_purge;
    result.dry_run = true;
    result.run = start_record(session.target());
    result.selection = purge_selection(outbox, m_options, preview.cutoff);
    auto cutoff = format_rfc3339(preview.cutoff);
    auto parts = outbox.parts_for(m_options.statuses);
    if (m_options.drop_partitions) {
        result.partitions = decide_drops(session, outbox, parts, m_options, cutoff, count);
    }
    if (count) {
        result = count_only(session, outbox, parts, m_options, cutoff, result);
        // A dry run says the rows would be archived, as it says they would be deleted.
        if (m_archive) {
            result.archived = result.changed;
        }
    }
    add_partman_warning(session, outbox.main().table(), result);
    result.vacuum = read_vacuum_horizon(session, outbox.main().table());
    finish_record(result.run);
    return preview;
}

ChangeSummary PurgeChange::summary(const PurgePreview& preview) const {
    return {Command::outbox_purge, preview.result.changed, "entries", m_layout.outbox->table,
            preview.result.selection};
}

MutationResult PurgeChange::apply(Session& session, const PurgePreview& preview,
                                  const RunControl& control) const {
    auto options = m_options;
    // A confirmed purge deletes what the prompt counted: rows older than the cutoff it showed
    // (not one recomputed after the wait at the prompt), and no more of them than it counted.
    if (preview.counted) {
        options.max_rows = options.max_rows > 0 ? std::min(options.max_rows, preview.result.changed)
                                                : preview.result.changed;
        if (options.max_rows == 0) {
            auto nothing = preview.result;
            nothing.dry_run = false;
            return nothing;
        }
    }
    auto outbox = OutboxTable::open(session, m_layout);
    auto parts = outbox.parts_for(options.statuses);
    auto cutoff = format_rfc3339(preview.cutoff);
    MutationResult result;
    result.command = Command::outbox_purge;
    result.run = start_record(session.target());
    result.selection = purge_selection(outbox, options, preview.cutoff);

    lock_out_other_purges(session, Command::outbox_purge, outbox.main().table());
    std::unique_ptr<ArchiveWriter> archive;
    if (m_archive) {
        archive = std::make_unique<ArchiveWriter>(*m_archive);
        result.archived = 0;
    }
    // Only a purge that can run is audited: an archive that cannot be written refuses it first,
    // as OutboxTable::open did a table that does not exist.
    auto audit = open_audit(session, m_layout, result, options.command_line);
    const nlohmann::json bounds = {{"cutoff", cutoff}};
    auto started = std::chrono::steady_clock::now();
    auto out_of_time = [&] {
        return options.max_duration &&
               std::chrono::steady_clock::now() - started >= *options.max_duration;
    };
    bool going = true;
    try {
        for (const auto* part : parts) {
            auto tree = read_partition_tree(session, part->table());
            const std::vector<PartitionFate>* fates = nullptr;
            if (preview.result.partitions) {
                // Exactly the partitions the preview decided to drop, each checked again.
                result.partitions = result.partitions.value_or(std::vector<PartitionFate>{});
                std::vector<PartitionFate> mine;
                for (const auto& fate : *preview.result.partitions) {
                    if (fate.detached_from ? fate.detached_from->sql() == tree.root().table.sql()
                                           : !tree.leaves_under(fate.table).empty() ||
                                                 !tree.children(fate.table).empty()) {
                        mine.push_back(fate);
                    }
                }
                if (!mine.empty()) {
                    auto rules = drop_rules(outbox, *part, tree, options, cutoff);
                    auto dropped = drop_partitions(session, rules, mine, archive.get(), audit,
                                                   control, out_of_time);
                    result.matched += dropped.rows;
                    result.changed += dropped.rows;
                    result.batches += dropped.dropped;
                    if (archive) {
                        *result.archived += dropped.rows;
                    }
                    // The count a person confirmed covers these rows too: result.changed holds
                    // them, so the row phase's cap is what is left of it.
                    result.partitions->insert(result.partitions->end(), mine.begin(), mine.end());
                    tree = read_partition_tree(session, part->table());
                    fates = &result.partitions.value();
                    if (dropped.stopped) {
                        if (auto stop = control.stop.reason()) {
                            result.run.stop(*stop);
                        } else {
                            result.run.stop("max-duration");
                        }
                        going = false;
                    }
                }
            }
            if (!going) {
                break;
            }
            auto leaves = leaves_to_purge(tree, fates);
            if (options.max_rows > 0 && result.changed >= options.max_rows) {
                break;
            }
            if (!purge_relations(session, outbox, *part, leaves, options, cutoff, archive.get(),
                                 audit, started, control, result)) {
                break;
            }
        }
    } catch (const std::exception& error) {
        audit.fail(audit_result(result), std::current_exception());
        // The batches before the failure are archived and deleted: the manifest says so.
        if (archive) {
            write_failed_manifest(*archive, result, outbox.main().table(), bounds, error, session);
        }
        throw;
    }
    // Stopping at the count a person confirmed is the purge they asked for, not one cut short.
    bool capped_by_user = m_options.max_rows > 0 && m_options.max_rows == options.max_rows;
    if (result.run.stopped_by == "max-rows" && !capped_by_user) {
        result.run.complete = true;
        result.run.stopped_by.reset();
    }
    add_partman_warning(session, outbox.main().table(), result);
    add_vacuum_horizon(session, outbox.main().table(), started, result);
    finish_record(result.run);
    audit.finish(audit_result(result), result.run);
    if (archive) {
        archive->write_manifest(manifest_facts(result, outbox.main().table(), bounds));
    }
    return result;
}

} // namespace eventctl
