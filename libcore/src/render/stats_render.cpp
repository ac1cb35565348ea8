#include "eventctl/render/csv.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/text_table.h"
#include "render/optional_text.h"

#include <cctype>

namespace eventctl {

namespace {

nlohmann::json optional_json(const std::optional<std::int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json counts_json(const StatusCounts& counts) {
    nlohmann::json json = nlohmann::json::object();
    for (auto status : all_statuses) {
        json[std::string(to_string(status))] = optional_json(counts.of(status));
    }
    return json;
}

std::optional<std::int64_t> count_of(const StatusCounts& counts, Status status) {
    return counts.of(status);
}
std::string upper_case(std::string_view text) {
    std::string upper(text);
    for (auto& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return upper;
}

// 1h12m ago, as an operator reads a relay's lag.
std::string age_text(std::int64_t seconds) {
    return short_age(std::chrono::seconds(seconds)) + " ago";
}

void render_stats_table(std::ostream& out, const StatsResult& stats, const Terminal& terminal) {
    TextTable table({"STATUS", "COUNT"}, {false, true});
    for (auto status : all_statuses) {
        auto count = count_of(stats.by_status, status);
        std::string text = count ? grouped(*count) : "-";
        if (status == Status::completed && stats.estimated) {
            text = "~" + text;
        }
        table.add_row({{std::string(to_string(status)), status_color(status)}, {text}});
    }
    table.add_row({{"total"}, {(stats.estimated ? "~" : "") + grouped(stats.total)}});
    table.write(out, terminal);
    out << "\nstale locks:     "
        << (stats.stale_locks ? std::to_string(*stats.stale_locks) : "- (layout cannot tell)")
        << '\n';
    out << "oldest pending:  ";
    if (stats.oldest_pending_created_at) {
        out << format_rfc3339(*stats.oldest_pending_created_at) << " ("
            << age_text(*stats.oldest_pending_age_seconds) << ")\n";
    } else {
        out << "none\n";
    }
    out << "table:           " << target_words(stats.table, stats.database) << " (layout "
        << stats.layout << ")\n";
    if (stats.estimated) {
        out << "~ estimated from planner statistics; --exact counts every row\n";
    }
    if (stats.grouping != StatsGrouping::none) {
        out << '\n';
        TextTable groups({upper_case(to_string(stats.grouping)), "PENDING", "PROCESSING",
                          "COMPLETED", "FAILED", "DEAD", "TOTAL"},
                         {false, true, true, true, true, true, true});
        for (const auto& group : stats.groups) {
            std::vector<Cell> row{{group.key.value_or("(none)")}};
            for (auto status : all_statuses) {
                row.push_back({number_text(count_of(group.by_status, status)).value_or("-")});
            }
            row.push_back({number_text(group.by_status.total()).value_or("-")});
            groups.add_row(std::move(row));
        }
        groups.write(out, terminal);
    }
}

void render_stats_csv(std::ostream& out, const StatsResult& stats) {
    if (!stats.groups.empty()) {
        write_csv_record(out,
                         {"key", "pending", "processing", "completed", "failed", "dead", "total"});
        for (const auto& group : stats.groups) {
            std::vector<std::optional<std::string>> record{group.key};
            for (auto status : all_statuses) {
                record.push_back(number_text(count_of(group.by_status, status)));
            }
            record.push_back(number_text(group.by_status.total()));
            write_csv_record(out, record);
        }
        return;
    }
    write_csv_record(out, {"table", "total", "pending", "processing", "completed", "failed", "dead",
                           "stale_locks", "oldest_pending_created_at", "oldest_pending_age_seconds",
                           "estimated"});
    std::vector<std::optional<std::string>> record{stats.table, std::to_string(stats.total)};
    for (auto status : all_statuses) {
        record.push_back(number_text(count_of(stats.by_status, status)));
    }
    record.push_back(number_text(stats.stale_locks));
    record.push_back(stats.oldest_pending_created_at ? std::optional<std::string>(format_rfc3339(
                                                           *stats.oldest_pending_created_at))
                                                     : std::nullopt);
    record.push_back(number_text(stats.oldest_pending_age_seconds));
    record.push_back(stats.estimated ? "true" : "false");
    write_csv_record(out, record);
}

} // namespace

nlohmann::json stats_json(const StatsResult& stats) {
    nlohmann::json json = {
        {"layout", stats.layout},
        {"table", stats.table},
        {"total", stats.total},
        {"by_status", counts_json(stats.by_status)},
        {"stale_locks", optional_json(stats.stale_locks)},
        {"oldest_pending_created_at",
         stats.oldest_pending_created_at
             ? nlohmann::json(format_rfc3339(*stats.oldest_pending_created_at))
             : nlohmann::json()},
        {"oldest_pending_age_seconds", stats.oldest_pending_age_seconds
                                           ? nlohmann::json(*stats.oldest_pending_age_seconds)
                                           : nlohmann::json()},
        {"estimated", stats.estimated},
    };
    if (stats.grouping != StatsGrouping::none) {
        json["by"] = to_string(stats.grouping);
        json["groups"] = nlohmann::json::array();
        for (const auto& group : stats.groups) {
            auto total = group.by_status.total();
            json["groups"].push_back(
                {{"key", group.key ? nlohmann::json(*group.key) : nlohmann::json()},
                 {"by_status", counts_json(group.by_status)},
                 {"total", total ? nlohmann::json(*total) : nlohmann::json()}});
        }
    }
    return json;
}

void render_stats(std::ostream& out, const StatsResult& stats, OutputFormat format,
                  const Terminal& terminal) {
    switch (format) {
    case OutputFormat::table:
        render_stats_table(out, stats, terminal);
        break;
    case OutputFormat::json:
        out << json_text(stats_json(stats), true) << '\n';
        break;
    case OutputFormat::ndjson:
        out << json_text(stats_json(stats), false) << '\n';
        break;
    case OutputFormat::csv:
        render_stats_csv(out, stats);
        break;
    case OutputFormat::prometheus:
        // A scrape times itself and says whether it worked (the app's scrape).
        refuse_format(format, "outbox stats' renderer");
    }
}

} // namespace eventctl
