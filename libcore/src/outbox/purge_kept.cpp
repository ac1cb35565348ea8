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

std::optional<std::vector<Condition>>
purge_kept_rows(const OutboxTable& outbox, const OutboxPart& part,
                const std::vector<Status>& statuses, const std::string& cutoff, SqlParams& params) {
    const auto* status_column = outbox.simple_status_column();
    if (status_column == nullptr || part.is_dead_letters() || !part.row_filter().empty()) {
        return std::nullopt;
    }
    // The shape is settled before a value is bound: a refused one leaves params as it was.
    struct Aged {
        std::string value;
        std::vector<std::string> columns;
    };
    std::vector<Aged> states;
    std::vector<std::string> values;
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
        values.push_back(*value);
    }
    // The purge never deletes unfinished work whatever its states say; where an unfinished
    // state shares a value with one of them, this shape cannot tell them apart.
    for (auto unfinished : {Status::pending, Status::processing}) {
        auto value = outbox.status_value(unfinished);
        if (value && std::find(values.begin(), values.end(), *value) != values.end()) {
            return std::nullopt;
        }
    }
    if (values.size() > 3) {
        return std::nullopt;
    }

    auto status = part.ref(*status_column);
    std::vector<Condition> kept{Condition(status + " IS NULL")};
    auto others = outside(status, values, params);
    kept.insert(kept.end(), others.begin(), others.end());
    for (const auto& state : states) {
        auto in_state = Condition(status + " = " + params.bind(state.value));
        // The age is the first of the columns that is not NULL: not older than the cutoff when
        // that one is at or after it, or when all are NULL.
        std::vector<Condition> nulls_before;
        for (const auto& column : state.columns) {
            auto format = part.time_format(column);
            auto ref = part.ref(column);
            auto recent = Condition(time_comparable(ref, format) +
                                    " >= " + time_operand(params.bind(cutoff), format));
            kept.push_back(in_state && Condition::all(nulls_before) && recent);
            nulls_before.emplace_back(ref + " IS NULL");
        }
        kept.push_back(in_state && Condition::all(nulls_before));
    }
    return kept;
}

} // namespace eventctl
