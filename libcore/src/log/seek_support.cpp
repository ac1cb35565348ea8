#include "seek_support.h"

#include "event_row.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/sql/expressions.h"

#include <algorithm>

namespace eventctl {

std::string consumer_columns(const ConsumerTable& consumers) {
    return quote_identifier(consumers.name_column) + ", " + position_value(consumers) + ", " +
           epoch_micros(quote_identifier(consumers.updated_at_column));
}

// Byte order, as the server's COLLATE "C": the same plan whatever the database's locale.
std::string name_order(const ConsumerTable& consumers) {
    return quote_identifier(consumers.name_column) + " COLLATE \"C\"";
}

SeekTarget target_for(const SeekOptions& options, const std::string& consumer) {
    if (!options.saved) {
        return options.target;
    }
    for (const auto& move : *options.saved) {
        if (move.consumer == consumer) {
            return {SeekTargetKind::position, move.to, {}};
        }
    }
    return options.target;
}

std::string position_text(const std::optional<std::int64_t>& position) {
    return position ? std::to_string(*position) : "absent";
}

void count_changed(SeekPlan& plan) {
    plan.changed = std::count_if(plan.moves.begin(), plan.moves.end(), [](const SeekMove& move) {
        return !move.from || *move.from != move.to;
    });
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

std::string in_quotes_list(const std::vector<std::string>& names) {
    std::vector<std::string> shown;
    for (const auto& name : names) {
        shown.push_back(in_quotes(name));
    }
    return joined(shown);
}

} // namespace eventctl
