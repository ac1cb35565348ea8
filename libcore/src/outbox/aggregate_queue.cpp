#include "aggregate_queue.h"

#include "aggregate_order.h"
#include "sql/statement.h"

namespace eventctl {

namespace {

// The id as the keyset orders it (its own type, not text), so the order of the ids returned is
// the order a change walks them in.
std::string id_key(const OutboxPart& part) {
    return part.value(OutboxField::id, "text");
}

// Changes walk the outbox first, then its dead-letter table.
int part_place(const OutboxPart& part) {
    return part.is_dead_letters() ? 1 : 0;
}

// Each part's rows of the given ids, with their aggregate columns and the part's place.
std::string rows_of_ids(const OutboxTable& outbox, const std::vector<std::string>& ids,
                        SqlParams& params) {
    std::vector<std::string> parts;
    for (const auto* part : outbox.parts()) {
        parts.push_back(fmt::format(
            R"(SELECT {aggregate}, {key} AS id_key, {place} AS part FROM {table} WHERE {where})",
            "aggregate"_a = aggregate_columns(*part, outbox), "key"_a = id_key(*part),
            "place"_a = part_place(*part), "table"_a = part->table().sql(),
            "where"_a = outbox.id_in(*part, ids, params)));
    }
    return fmt::format("{}", fmt::join(parts, "\n    UNION ALL\n    "));
}

// Each part's rows in the states, of the aggregates of the rows of the CTE "named".
std::string rows_of_aggregates(const OutboxTable& outbox, const std::vector<Status>& states,
                               SqlParams& params) {
    std::vector<std::string> parts;
    for (const auto* part : outbox.parts_for(states)) {
        auto aggregate_id = part->value(OutboxField::aggregate_id, "text") + "::text";
        parts.push_back(
            fmt::format(R"(SELECT {aggregate}, {key} AS id_key, {place} AS part FROM {table}
    WHERE {states} AND {aggregate_id} IN (SELECT aggregate_id FROM named))",
                        "aggregate"_a = aggregate_columns(*part, outbox), "key"_a = id_key(*part),
                        "place"_a = part_place(*part), "table"_a = part->table().sql(),
                        "states"_a = outbox.any_state_condition(*part, states, params),
                        "aggregate_id"_a = aggregate_id));
    }
    return fmt::format("{}", fmt::join(parts, "\n    UNION ALL\n    "));
}

// Past the floor, in the walk order of the candidates (part, then keyset).
std::string after_floor(const std::optional<RedriveFloor>& floor, SqlParams& params) {
    if (!floor) {
        return "TRUE";
    }
    return fmt::format("(candidates.part, candidates.created, candidates.id_key) > "
                       "({part}, {created}::bigint, {id})",
                       "part"_a = floor->part,
                       "created"_a = params.bind(std::to_string(floor->created_at_micros)),
                       "id"_a = params.bind(floor->id));
}

} // namespace

std::vector<QueuedEntry> with_earlier_entries(Session& session, pqxx::transaction_base& tx,
                                              const OutboxTable& outbox,
                                              const std::vector<std::string>& ids,
                                              const std::vector<Status>& states,
                                              const std::optional<RedriveFloor>& floor) {
    if (ids.empty()) {
        return {};
    }
    SqlParams params;
    auto selected = rows_of_ids(outbox, ids, params);
    auto candidates = rows_of_aggregates(outbox, states, params);
    auto sql = fmt::format(R"(WITH named AS (
    {selected}
),
candidates AS (
    {candidates}
),
earlier AS (
    SELECT candidates.* FROM candidates
    WHERE NOT candidates.id = ANY({ids}) AND {after_floor}
    AND EXISTS (SELECT FROM named WHERE named.aggregate_id IS NOT NULL
        AND {same} AND {earlier})
)
SELECT id, false AS taken_along, part, created, id_key FROM named
UNION ALL
SELECT id, true, part, created, id_key FROM earlier
ORDER BY part, created, id_key)",
                           "selected"_a = selected, "candidates"_a = candidates,
                           "ids"_a = params.bind_text_array(ids),
                           "after_floor"_a = after_floor(floor, params),
                           "same"_a = same_aggregate("candidates", "named"),
                           "earlier"_a = earlier_in_aggregate("candidates", "named"));
    std::vector<QueuedEntry> queued;
    for (const auto& row : session.exec(tx, sql, params)) {
        queued.push_back({row[0].as<std::string>(), row[1].as<bool>()});
    }
    return queued;
}

AggregateWait waiting_behind(Session& session, pqxx::transaction_base& tx,
                             const OutboxTable& outbox, const std::vector<std::string>& ids) {
    if (ids.empty()) {
        return {};
    }
    SqlParams params;
    auto named = rows_of_ids(outbox, ids, params);
    auto candidates = rows_of_aggregates(outbox, unfinished_states(outbox.layout()), params);
    auto sql = fmt::format(R"(WITH named AS (
    {named}
),
candidates AS (
    {candidates}
)
SELECT count(DISTINCT (candidates.aggregate_type, candidates.aggregate_id)), count(*)
FROM candidates
WHERE NOT candidates.id = ANY({ids})
AND EXISTS (SELECT FROM named WHERE named.aggregate_id IS NOT NULL AND {same} AND {earlier}))",
                           "named"_a = named, "candidates"_a = candidates,
                           "ids"_a = params.bind_text_array(ids),
                           "same"_a = same_aggregate("candidates", "named"),
                           "earlier"_a = earlier_in_aggregate("named", "candidates"));
    auto row = session.exec(tx, sql, params)[0];
    return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
}

} // namespace eventctl
