#include "eventctl/log/log_purge.h"

#include "eventctl/archive/archive.h"
#include "eventctl/audit/audit.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/log/binding.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/retention/vacuum_horizon.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "eventctl/sql/partitions.h"
#include "log/consumer_sql.h"
#include "retention/partition_drop.h"
#include "retention/purge_run.h"
#include "seek_support.h"
#include "sql/field_values.h"
#include "sql/statement.h"

#include <algorithm>
#include <limits>
#include <memory>

namespace eventctl {

LogPurgeChange plan_log_purge(const Layout& layout, LogPurgeOptions options) {
    require_capability(layout, Command::log_purge);
    const auto& log = *layout.log;
    if (!options.older_than && !options.before_seq) {
        throw UsageError("log purge needs --older-than DURATION, --before-seq N or both");
    }
    if (options.older_than && options.older_than->count() < 0) {
        throw UsageError("--older-than must not be negative");
    }
    if (options.before_seq && *options.before_seq <= 0) {
        throw UsageError("--before-seq must be positive");
    }
    if (options.batch_size <= 0) {
        throw UsageError("--batch-size must be positive");
    }
    if (options.stalled_after.count() <= 0) {
        throw UsageError("--stalled-after must be positive");
    }
    if (log.consumers) {
        if (options.no_consumers) {
            throw UsageError("layout " + layout.name + " keeps consumer positions in " +
                                 log.consumers->table.display() +
                                 ": --no-consumers is for layouts without any",
                             "leave a stalled consumer out with --ignore-consumer NAME");
        }
    } else {
        if (!options.no_consumers) {
            throw UsageError("layout " + layout.name +
                                 " keeps no consumer positions: nothing tells which events are "
                                 "still needed",
                             "give --no-consumers to purge by age or position alone");
        }
        if (!options.ignore_consumers.empty()) {
            throw UsageError("--ignore-consumer: layout " + layout.name + " has no consumers");
        }
    }
    for (const auto& name : options.ignore_consumers) {
        if (name.empty()) {
            throw UsageError("--ignore-consumer needs a consumer name");
        }
    }
    LogPurgeChange change(layout, std::move(options));
    if (change.m_options.archive) {
        change.m_archive = check_archive_target(*change.m_options.archive);
    }
    return change;
}

LogPurgeChange::LogPurgeChange(Layout layout, LogPurgeOptions options)
    : m_layout(std::move(layout)), m_options(std::move(options)) {}

namespace {

constexpr std::int64_t no_bound = std::numeric_limits<std::int64_t>::max();

std::string seq_of(const LogSource& source) {
    return quote_identifier(*source.seq_column);
}

// The consumers' floor as it is when a statement runs: a consumer moved back since the
// preview holds it back at once.
std::string live_floor(const LogSource& source, const LogPurgeOptions& options, SqlParams& params) {
    const auto& consumers = *source.consumers;
    return fmt::format("COALESCE((SELECT pg_catalog.min({position}) FROM {table} WHERE {name} <> "
                       "ALL({ignored})), {none}::bigint)",
                       "position"_a = position_value(consumers), "table"_a = consumers.table.sql(),
                       "name"_a = quote_identifier(consumers.name_column),
                       "ignored"_a = params.bind_text_array(options.ignore_consumers),
                       "none"_a = params.bind(std::to_string(no_bound)));
}

// The events the purge deletes: below the frozen bound, older than the frozen cutoff, and below
// the floor of the consumers as they are now.
Condition purgeable(const LogSource& source, const LogPurgeOptions& options,
                    const LogPurgePreview& preview, SqlParams& params) {
    auto seq = seq_of(source);
    std::vector<Condition> conditions;
    if (preview.below) {
        conditions.emplace_back(seq + " < " + params.bind(std::to_string(*preview.below)) +
                                "::bigint");
    }
    if (preview.cutoff) {
        conditions.emplace_back(
            time_comparable(quote_identifier(source.created_at_column), source.created_at_format) +
            " < " +
            time_operand(params.bind(format_rfc3339(*preview.cutoff)), source.created_at_format));
    }
    if (source.consumers && !options.no_consumers) {
        conditions.emplace_back(seq + " < " + live_floor(source, options, params));
    }
    return Condition::all(conditions);
}
// The events the purge keeps, exactly those purgeable does not take in: each comparison of
// purgeable turned around, those on a bound value apart from the one on the consumers' floor,
// which is known only as the statement runs.
struct KeptEvents {
    std::vector<Condition> bounded; // on values bound now: an index answers each
    std::string floor;              // the live floor; empty without consumers
};

KeptEvents kept_events(const LogSource& source, const LogPurgeOptions& options,
                       const LogPurgePreview& preview, SqlParams& params) {
    auto seq = seq_of(source);
    KeptEvents kept;
    kept.bounded.emplace_back(seq + " IS NULL");
    if (preview.below) {
        kept.bounded.emplace_back(seq + " >= " + params.bind(std::to_string(*preview.below)) +
                                  "::bigint");
    }
    if (preview.cutoff) {
        auto created =
            time_comparable(quote_identifier(source.created_at_column), source.created_at_format);
        kept.bounded.emplace_back(
            created + " >= " +
            time_operand(params.bind(format_rfc3339(*preview.cutoff)), source.created_at_format));
        kept.bounded.emplace_back(created + " IS NULL");
    }
    if (source.consumers && !options.no_consumers) {
        kept.floor = live_floor(source, options, params);
    }
    return kept;
}

Condition kept(const LogSource& source, const LogPurgeOptions& options,
               const LogPurgePreview& preview, SqlParams& params) {
    auto events = kept_events(source, options, preview, params);
    if (!events.floor.empty()) {
        events.bounded.emplace_back(seq_of(source) + " >= " + events.floor);
    }
    return Condition::any(events.bounded);
}

// Whether a partition holds an event the purge keeps: one index probe for each bounded
// comparison, and the partition's highest seq_no against the floor (a comparison with a value
// the planner cannot see would read the partition through).
std::string holds_kept(const LogSource& source, const LogPurgeOptions& options,
                       const LogPurgePreview& preview, const std::string& partition,
                       SqlParams& params) {
    auto events = kept_events(source, options, preview, params);
    auto sql = exists_any(partition, events.bounded);
    if (!events.floor.empty()) {
        sql += fmt::format(
            " OR COALESCE((SELECT pg_catalog.max({seq}) FROM {partition}) >= {floor}, FALSE)",
            "seq"_a = seq_of(source), "partition"_a = partition, "floor"_a = events.floor);
    }
    return sql;
}

// One past the newest event older than the cutoff (through the created_at index): how far an
// age alone would purge.
std::int64_t age_reach(Session& session, pqxx::transaction_base& tx, const LogSource& source,
                       TimePoint cutoff) {
    SqlParams params;
    auto created = quote_identifier(source.created_at_column);
    auto sql = fmt::format(
        R"(SELECT {seq} FROM {log}
WHERE {created} < {cutoff}
ORDER BY {created} DESC, {seq} DESC
LIMIT 1)",
        "seq"_a = seq_of(source), "log"_a = source.table.sql(),
        "created"_a = time_comparable(created, source.created_at_format),
        "cutoff"_a = time_operand(params.bind(format_rfc3339(cutoff)), source.created_at_format));
    auto rows = session.exec(tx, sql, params);
    return rows.empty() ? 0 : rows[0][0].as<std::int64_t>() + 1;
}

std::vector<FloorConsumer> read_floor_consumers(Session& session, pqxx::transaction_base& tx,
                                                const LogSource& source,
                                                const LogPurgeOptions& options) {
    const auto& consumers = *source.consumers;
    SqlParams params;
    auto sql = select_consumers(consumers, params);
    std::vector<FloorConsumer> found;
    for (const auto& row : session.exec(tx, sql, params)) {
        FloorConsumer consumer;
        consumer.consumer = row[0].as<std::string>();
        auto read = read_consumer_row(row);
        consumer.position = read.position;
        // Without an update time nothing says a consumer stopped: it holds the floor like any
        // other, and is never named as stalled.
        if (read.updated_micros) {
            consumer.idle_seconds = (row[3].as<std::int64_t>() - *read.updated_micros) / 1'000'000;
            consumer.stalled = *consumer.idle_seconds >= options.stalled_after.count();
        }
        consumer.ignored =
            std::find(options.ignore_consumers.begin(), options.ignore_consumers.end(),
                      consumer.consumer) != options.ignore_consumers.end();
        found.push_back(std::move(consumer));
    }
    std::vector<std::string> unknown;
    for (const auto& name : options.ignore_consumers) {
        bool known = std::any_of(found.begin(), found.end(),
                                 [&](const FloorConsumer& c) { return c.consumer == name; });
        if (!known) {
            unknown.push_back(name);
        }
    }
    if (!unknown.empty()) {
        throw DataError("--ignore-consumer: no consumer named " + joined(unknown) + " in " +
                            consumers.table.display(),
                        "check the name with 'eventctl log consumers'");
    }
    return found;
}

nlohmann::json log_purge_selection(const LogPurgeOptions& options, const LogPurgePreview& preview) {
    nlohmann::json selection = nlohmann::json::object();
    if (options.older_than) {
        selection["older_than"] = format_duration(*options.older_than);
        selection["cutoff"] = format_rfc3339(*preview.cutoff);
    }
    if (options.before_seq) {
        selection["before_seq"] = *options.before_seq;
    }
    if (options.no_consumers) {
        selection["consumers"] = "none (--no-consumers)";
    } else {
        selection["floor"] = preview.floor ? nlohmann::json(*preview.floor) : nlohmann::json();
        selection["floor_consumer"] =
            preview.floor_consumer ? nlohmann::json(*preview.floor_consumer) : nlohmann::json();
        selection["ignored_consumers"] = options.ignore_consumers;
        selection["stalled_after"] = format_duration(options.stalled_after);
    }
    return selection;
}

DropRules log_drop_rules(const LogSource& source, const LogPurgeOptions& options,
                         const LogPurgePreview& preview, PartitionTree tree) {
    DropRules rules;
    rules.tree = std::move(tree);
    if (preview.below) {
        rules.limits.push_back({*source.seq_column, ColumnKind::integer,
                                std::to_string(*preview.below),
                                "seq_no " + std::to_string(*preview.below)});
    }
    if (preview.cutoff) {
        auto kind = source.created_at_format == TimeFormat::timestamptz ? ColumnKind::timestamptz
                    : source.created_at_format == TimeFormat::timestamp ? ColumnKind::timestamp
                                                                        : ColumnKind::other;
        rules.limits.push_back({source.created_at_column, kind, format_rfc3339(*preview.cutoff),
                                "the cutoff " + format_rfc3339(*preview.cutoff)});
    }
    rules.eligible = [&source, options, preview](SqlParams& params) {
        return purgeable(source, options, preview, params);
    };
    rules.kept = [&source, options, preview](SqlParams& params) {
        return kept(source, options, preview, params);
    };
    rules.holds_kept = [&source, options, preview](SqlParams& params,
                                                   const std::string& partition) {
        return holds_kept(source, options, preview, partition, params);
    };
    rules.unit = "events";
    rules.id_text = seq_of(source) + "::text";
    return rules;
}

} // namespace

LogPurgePreview LogPurgeChange::preview(Session& session, bool count) const {
    auto source = open_log_source(session, *m_layout.log);
    LogPurgePreview preview;
    preview.counted = count;
    auto& result = preview.result;
    result.command = Command::log_purge;
    result.dry_run = true;
    result.run = start_record(session.target());

    ReadTransaction tx(session.connection());
    if (m_options.older_than) {
        SqlParams params;
        auto sql = "SELECT " + epoch_micros("pg_catalog.now() - " +
                                            seconds_interval(params, *m_options.older_than));
        preview.cutoff = from_epoch_micros(session.exec(tx, sql, params)[0][0].as<std::int64_t>());
    }
    std::int64_t reach = m_options.before_seq.value_or(no_bound);
    if (preview.cutoff) {
        reach = std::min(reach, age_reach(session, tx, source, *preview.cutoff));
    }
    std::optional<std::int64_t> floor;
    if (source.consumers && !m_options.no_consumers) {
        preview.consumers = read_floor_consumers(session, tx, source, m_options);
        std::vector<std::string> stalled;
        for (const auto& consumer : preview.consumers) {
            if (consumer.ignored) {
                continue;
            }
            if (!floor || consumer.position < *floor) {
                floor = consumer.position;
                preview.floor_consumer = consumer.consumer;
            }
            // A consumer below what the purge would reach holds it back; a stalled one may
            // never come back, and the operator must say whether to wait for it.
            if (consumer.stalled && consumer.position < reach - 1) {
                stalled.push_back(in_quotes(consumer.consumer) + " (at seq_no " +
                                  std::to_string(consumer.position) + ", idle " +
                                  short_age(consumer.idle_seconds.value_or(0)) + ")");
            }
            if (!consumer.stalled && consumer.position < reach - 1) {
                result.warnings.push_back("consumer " + in_quotes(consumer.consumer) +
                                          " at seq_no " + std::to_string(consumer.position) +
                                          " holds the floor: the events from there on stay");
            }
        }
        if (!stalled.empty()) {
            bool one = stalled.size() == 1;
            throw RefusedError(
                "log purge: " + std::string(one ? "consumer " : "consumers ") + joined(stalled) +
                    (one ? " has" : " have") + " not moved for --stalled-after " +
                    format_duration(m_options.stalled_after) + (one ? " and holds" : " and hold") +
                    " back events this purge would delete",
                "leave a stalled consumer out with --ignore-consumer NAME (recorded in the "
                "audit), or move it with 'eventctl log seek'");
        }
    }
    preview.floor = floor;
    if (floor || m_options.before_seq) {
        preview.below = std::min(floor.value_or(no_bound), m_options.before_seq.value_or(no_bound));
    }
    tx.commit();
    result.selection = log_purge_selection(m_options, preview);
    if (m_options.drop_partitions) {
        auto rules =
            log_drop_rules(source, m_options, preview, read_partition_tree(session, source.table));
        result.partitions = decide_partitions(session, rules, count);
    }
    if (count) {
        ReadTransaction count_tx(session.connection());
        SqlParams params;
        auto sql = fmt::format("SELECT pg_catalog.count(*) FROM {log} WHERE {purgeable}",
                               "log"_a = source.table.sql(),
                               "purgeable"_a = purgeable(source, m_options, preview, params));
        result.matched = result.changed =
            session.exec(count_tx, sql, params)[0][0].as<std::int64_t>();
        count_tx.commit();
        if (m_archive) {
            result.archived = result.changed;
        }
    }
    add_partman_warning(session, source.table, result);
    result.vacuum = read_vacuum_horizon(session, source.table);
    finish_record(result.run);
    return preview;
}

ChangeSummary LogPurgeChange::summary(const LogPurgePreview& preview) const {
    return {Command::log_purge, preview.result.changed, "events", m_layout.log->table,
            preview.result.selection};
}

namespace {

// The first event at or after seq, if any (one step of the seq_no index): batches skip gaps.
std::optional<std::int64_t> next_event(Session& session, const LogSource& source,
                                       std::int64_t seq) {
    ReadTransaction tx(session.connection());
    SqlParams params;
    auto sql = fmt::format("SELECT {seq} FROM {log} WHERE {seq} >= {from}::bigint ORDER BY {seq} "
                           "LIMIT 1",
                           "seq"_a = seq_of(source), "log"_a = source.table.sql(),
                           "from"_a = params.bind(std::to_string(seq)));
    auto rows = session.exec(tx, sql, params);
    tx.commit();
    return rows.empty() ? std::nullopt : optional_int(rows[0][0]);
}

nlohmann::json purge_audit_result(const MutationResult& result) {
    nlohmann::json json = {{"batches", result.batches}};
    if (result.archived) {
        json["archived"] = *result.archived;
    }
    if (!result.run.complete) {
        json["stopped_by"] = *result.run.stopped_by;
    }
    return json;
}

} // namespace

MutationResult LogPurgeChange::apply(Session& session, const LogPurgePreview& preview,
                                     const RunControl& control) const {
    auto source = open_log_source(session, *m_layout.log);
    MutationResult result;
    result.command = Command::log_purge;
    result.run = start_record(session.target());
    result.selection = preview.result.selection;

    lock_out_other_purges(session, Command::log_purge, source.table);
    std::unique_ptr<ArchiveWriter> archive;
    if (m_archive) {
        archive = std::make_unique<ArchiveWriter>(*m_archive);
        result.archived = 0;
    }
    AuditRecord record;
    record.command = Command::log_purge;
    record.command_line = m_options.command_line;
    record.selection = result.selection;
    AuditTrail audit(session, m_layout.audit, record);
    const nlohmann::json bounds = {
        {"cutoff",
         preview.cutoff ? nlohmann::json(format_rfc3339(*preview.cutoff)) : nlohmann::json()},
        {"below_seq", preview.below ? nlohmann::json(*preview.below) : nlohmann::json()}};

    auto started = std::chrono::steady_clock::now();
    auto out_of_time = [&] {
        return m_options.max_duration &&
               std::chrono::steady_clock::now() - started >= *m_options.max_duration;
    };
    try {
        bool going = true;
        if (preview.result.partitions) {
            auto fates = *preview.result.partitions;
            auto rules = log_drop_rules(source, m_options, preview,
                                        read_partition_tree(session, source.table));
            auto dropped =
                drop_partitions(session, rules, fates, archive.get(), audit, control, out_of_time);
            result.matched += dropped.rows;
            result.changed += dropped.rows;
            result.batches += dropped.dropped;
            if (archive) {
                *result.archived += dropped.rows;
            }
            result.partitions = fates;
            if (dropped.stopped) {
                auto stop = control.stop.reason();
                result.run.stop(stop ? *stop : "max-duration");
                going = false;
            }
        }

        // The rest in seq_no order, a range of batch_size positions per transaction, up to the
        // frozen bound (or what the cutoff reaches, read now: events only get newer above it).
        std::int64_t end = preview.below.value_or(no_bound);
        if (preview.cutoff) {
            ReadTransaction tx(session.connection());
            end = std::min(end, age_reach(session, tx, source, *preview.cutoff));
            tx.commit();
        }
        auto start = going ? next_event(session, source, std::numeric_limits<std::int64_t>::min())
                           : std::nullopt;
        for (auto first = start; going && first && *first < end;) {
            std::int64_t last = 0;
            if (__builtin_add_overflow(*first, m_options.batch_size, &last)) {
                last = no_bound;
            }
            last = std::min(end, last);
            WriteTransaction tx(session.connection());
            SqlParams params;
            auto sql =
                fmt::format(R"(DELETE FROM {log} AS e
WHERE {seq} >= {first}::bigint AND {seq} < {last}::bigint AND {purgeable}{returning})",
                            "log"_a = source.table.sql(), "seq"_a = seq_of(source),
                            "first"_a = params.bind(std::to_string(*first)),
                            "last"_a = params.bind(std::to_string(last)),
                            "purgeable"_a = purgeable(source, m_options, preview, params),
                            "returning"_a = archive ? "\nRETURNING " + seq_of(source) +
                                                          "::text, pg_catalog.row_to_json(e)::text"
                                                    : std::string());
            auto deleted = session.exec(tx, sql, params);
            auto count = static_cast<std::int64_t>(deleted.affected_rows());
            if (archive && count > 0) {
                // On disk before the deletion commits: killed in between, the events are still in
                // the log and the next run archives them again.
                std::vector<ArchiveRow> rows;
                for (const auto& row : deleted) {
                    rows.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
                }
                archive->append(rows);
                *result.archived += count;
            }
            if (count > 0) {
                audit.add(tx, count, count);
                ++result.batches;
            }
            tx.commit();
            result.matched += count;
            result.changed += count;
            auto span = static_cast<double>(end - *start);
            control.report(
                result.progress(span > 0 ? static_cast<double>(last - *start) / span : 1.0));
            if (last >= end) {
                break;
            }
            if (out_of_time()) {
                result.run.stop("max-duration");
                break;
            }
            if (auto stop = control.stop.reason()) {
                result.run.stop(*stop);
                break;
            }
            first = next_event(session, source, last);
        }
    } catch (const std::exception& error) {
        audit.fail(purge_audit_result(result), std::current_exception());
        // The batches before the failure are archived and deleted: the manifest says so.
        if (archive) {
            write_failed_manifest(*archive, result, source.table, bounds, error, session);
        }
        throw;
    }
    add_partman_warning(session, source.table, result);
    add_vacuum_horizon(session, source.table, started, result);
    finish_record(result.run);
    audit.finish(purge_audit_result(result), result.run);
    if (archive) {
        archive->write_manifest(manifest_facts(result, source.table, bounds));
    }
    return result;
}

} // namespace eventctl
