#include "purge_kept.h"

#include <algorithm>

namespace eventctl {

std::vector<std::string> age_columns(const OutboxTable& outbox, const OutboxPart& part,
                                     Status status) {
    if (const auto* rule = outbox.layout().state(status); rule != nullptr && rule->age_column) {
        return {*rule->age_column};
    }
    std::vector<std::string> columns;
    for (auto field : {OutboxField::processed_at, OutboxField::created_at}) {
        if (const auto* column = part.field(field)) {
            columns.push_back(column->name);
        }
    }
    return columns;
}

namespace {

// The status column's one value for the state, when its rule is nothing else.
std::optional<std::string> sole_value(const OutboxTable& outbox, Status status) {
    const auto* rule = outbox.layout().state(status);
    if (rule == nullptr || rule->in_dead_letters || rule->when.size() != 1 ||
        rule->when[0].kind != LayoutCondition::Kind::equals || rule->when[0].values.size() != 1) {
        return std::nullopt;
    }
    return rule->when[0].values.front();
}

// Every value outside values, as ranges: for each way of being below or above each value, the
// rows that are (2^n ranges, some empty). Order among the values is the server's, so none is
// assumed: a range that cannot hold a row costs one index descent.
std::vector<Condition> outside(const std::string& column, const std::vector<std::string>& values,
                               SqlParams& params) {
    std::vector<std::string> bound;
    for (const auto& value : values) {
        bound.push_back(params.bind(value));
    }
    std::vector<Condition> ranges;
    for (unsigned sides = 0; sides < (1U << values.size()); ++sides) {
        std::vector<Condition> range;
        for (std::size_t i = 0; i < values.size(); ++i) {
            range.emplace_back(column + ((sides >> i) & 1U ? " > " : " < ") + bound[i]);
        }
        ranges.push_back(Condition::all(range));
    }
    return ranges;
}

} // namespace

namespace {

// A purged state of a simple status column: its one value, and the columns it ages from.
struct AgedState {
    std::string value;
    std::vector<std::string> columns;
};

// The purged states the part holds, read from the layout without binding anything; empty for
// a shape whose rows cannot be told apart by the status value and the age columns alone.
std::optional<std::vector<AgedState>> aged_states(const OutboxTable& outbox, const OutboxPart& part,
                                                  const std::vector<Status>& statuses) {
    if (outbox.simple_status_column() == nullptr || part.is_dead_letters() ||
        !part.row_filter().empty()) {
        return std::nullopt;
    }
    std::vector<AgedState> states;
    for (auto state : statuses) {
        auto columns = age_columns(outbox, part, state);
        if (!outbox.holds(part, state) || columns.empty()) {
            continue; // as the purge: its entries are not here, or have no age to be purged by
        }
        auto value = sole_value(outbox, state);
        if (!value) {
            return std::nullopt;
        }
        for (const auto& column : columns) {
            if (part.time_format(column) == TimeFormat::rfc3339_text) {
                return std::nullopt;
            }
        }
        states.push_back({*value, columns});
    }
    // The purge never deletes unfinished work whatever its states say; where an unfinished
    // state shares a value with one of them, this shape cannot tell them apart.
    for (auto unfinished : {Status::pending, Status::processing}) {
        auto value = outbox.status_value(unfinished);
        if (value && std::any_of(states.begin(), states.end(),
                                 [&](const AgedState& state) { return state.value == *value; })) {
            return std::nullopt;
        }
    }
    if (states.size() > 3) {
        return std::nullopt;
    }
    return states;
}

// For each of the state's age columns in turn, the rows whose age is that column: the ones
// before it NULL, and that one compared with the cutoff (op: "<" or ">=").
std::vector<Condition> by_age(const OutboxPart& part, const Condition& in_state,
                              const AgedState& state, const std::string& op,
                              const std::string& cutoff, SqlParams& params) {
    std::vector<Condition> arms;
    std::vector<Condition> nulls_before;
    for (const auto& column : state.columns) {
        auto format = part.time_format(column);
        auto ref = part.ref(column);
        arms.push_back(in_state && Condition::all(nulls_before) &&
                       Condition(time_comparable(ref, format) + " " + op + " " +
                                 time_operand(params.bind(cutoff), format)));
        nulls_before.emplace_back(ref + " IS NULL");
    }
    if (op == ">=") {
        // No age at all: never old enough.
        arms.push_back(in_state && Condition::all(nulls_before));
    }
    return arms;
}

} // namespace

std::optional<std::vector<Condition>>
purge_kept_rows(const OutboxTable& outbox, const OutboxPart& part,
                const std::vector<Status>& statuses, const std::string& cutoff, SqlParams& params) {
    auto states = aged_states(outbox, part, statuses);
    if (!states) {
        return std::nullopt;
    }
    std::vector<std::string> values;
    for (const auto& state : *states) {
        values.push_back(state.value);
    }
    auto status = part.ref(*outbox.simple_status_column());
    std::vector<Condition> kept{Condition(status + " IS NULL")};
    auto others = outside(status, values, params);
    kept.insert(kept.end(), others.begin(), others.end());
    for (const auto& state : *states) {
        auto in_state = Condition(status + " = " + params.bind(state.value));
        auto recent = by_age(part, in_state, state, ">=", cutoff, params);
        kept.insert(kept.end(), recent.begin(), recent.end());
    }
    return kept;
}

std::optional<std::vector<Condition>> purge_eligible_rows(const OutboxTable& outbox,
                                                          const OutboxPart& part,
                                                          const std::vector<Status>& statuses,
                                                          const std::string& cutoff,
                                                          SqlParams& params) {
    auto states = aged_states(outbox, part, statuses);
    if (!states) {
        return std::nullopt;
    }
    auto status = part.ref(*outbox.simple_status_column());
    std::vector<Condition> eligible;
    for (const auto& state : *states) {
        auto in_state = Condition(status + " = " + params.bind(state.value));
        auto old = by_age(part, in_state, state, "<", cutoff, params);
        eligible.insert(eligible.end(), old.begin(), old.end());
    }
    return eligible;
}

} // namespace eventctl
