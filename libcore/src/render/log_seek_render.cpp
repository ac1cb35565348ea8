#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/run_record.h"
#include "eventctl/render/text_table.h"
#include "render/optional_text.h"

namespace eventctl {

namespace {

nlohmann::json optional_number(const std::optional<std::int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

std::optional<std::int64_t> lag_before(const SeekPlan& plan, const SeekMove& move) {
    if (!move.from) {
        return std::nullopt;
    }
    return consumer_lag(plan.horizon.head, *move.from);
}

nlohmann::json move_json(const SeekPlan& plan, const SeekMove& move) {
    return {{"consumer", move.consumer},
            {"from", optional_number(move.from)},
            {"to", move.to},
            {"lag_before", optional_number(lag_before(plan, move))},
            {"lag_after", consumer_lag(plan.horizon.head, move.to)}};
}
} // namespace

nlohmann::json seek_json(const SeekPlan& plan) {
    nlohmann::json moves = nlohmann::json::array();
    for (const auto& move : plan.moves) {
        moves.push_back(move_json(plan, move));
    }
    nlohmann::json json = {{"dry_run", plan.dry_run}, {"plan", moves}};
    add_run_record(json, plan.run);
    return json;
}

void render_seek(std::ostream& out, const SeekPlan& plan, OutputFormat format,
                 const Terminal& terminal) {
    switch (format) {
    case OutputFormat::json:
        out << json_text(seek_json(plan), true) << '\n';
        return;
    case OutputFormat::ndjson:
        for (const auto& move : plan.moves) {
            auto line = move_json(plan, move);
            line["dry_run"] = plan.dry_run;
            out << json_text(line, false) << '\n';
        }
        return;
    case OutputFormat::csv:
        write_csv_record(out, {"consumer", "from", "to", "lag_before", "lag_after"});
        for (const auto& move : plan.moves) {
            write_csv_record(out, {move.consumer, number_text(move.from), std::to_string(move.to),
                                   number_text(lag_before(plan, move)),
                                   std::to_string(consumer_lag(plan.horizon.head, move.to))});
        }
        return;
    case OutputFormat::table:
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "log seek");
    }
    if (plan.moves.empty()) {
        out << "no consumers to move\n";
        return;
    }
    TextTable table({"CONSUMER", "FROM", "TO", "LAG BEFORE", "LAG AFTER"},
                    {false, true, true, true, true});
    for (const auto& move : plan.moves) {
        table.add_row({{move.consumer},
                       {number_text(move.from).value_or("(new)")},
                       {std::to_string(move.to), move.from != move.to ? "36" : nullptr},
                       {number_text(lag_before(plan, move)).value_or("-")},
                       {std::to_string(consumer_lag(plan.horizon.head, move.to))}});
    }
    table.write(out, terminal);
    auto noun = plan.changed == 1 ? " consumer" : " consumers";
    out << '\n';
    if (plan.dry_run) {
        out << "dry run: " << plan.changed << noun << " would move; nothing was changed";
    } else {
        out << "moved " << plan.changed << noun;
    }
    out << "; head " << plan.horizon.head << '\n';
}

} // namespace eventctl
