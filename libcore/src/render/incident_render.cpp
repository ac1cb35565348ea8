#include "eventctl/render/csv.h"
#include "eventctl/render/incident.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/text_table.h"
#include "render/optional_text.h"

namespace eventctl {

namespace {

nlohmann::json time_json(const std::optional<TimePoint>& time) {
    return time ? nlohmann::json(format_rfc3339(*time)) : nlohmann::json();
}
nlohmann::json text_json(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json();
}

std::string joined(const std::vector<std::string>& words, const char* separator) {
    std::string text;
    for (const auto& word : words) {
        text += (text.empty() ? "" : separator) + word;
    }
    return text;
}

// The first line of a message, for a table cell.
std::string first_line(const std::optional<std::string>& text) {
    if (!text) {
        return "";
    }
    return text->substr(0, text->find_first_of("\r\n"));
}

void render_groups_table(std::ostream& out, const ErrorGroupsResult& result,
                         const Terminal& terminal) {
    TextTable table(
        {"FINGERPRINT", "ENTRIES", "FAILED", "DEAD", "LAST SEEN", "EVENT TYPES", "PATTERN"},
        {false, true, true, true, false, false, false});
    table.set_fitting({5, 6}, {5, 4});
    for (const auto& group : result.groups) {
        table.add_row({{group.fingerprint},
                       {std::to_string(group.entries)},
                       {std::to_string(group.failed), status_color(Status::failed)},
                       {std::to_string(group.dead), status_color(Status::dead)},
                       {time_text(group.last_seen).value_or("-")},
                       {joined(group.event_types, ",")},
                       {group.pattern.empty() ? "(no error recorded)" : group.pattern}});
    }
    table.write(out, terminal);
    out << '\n' << result.entries << " entries in " << result.groups_total << " groups";
    if (static_cast<std::int64_t>(result.groups.size()) < result.groups_total) {
        out << ", the largest " << result.groups.size() << " shown (--limit 0 shows all)";
    }
    out << "; table " << result.table << " (layout " << result.layout << ")\n";
    if (auto note = left_out_note(table); !note.empty()) {
        out << note << '\n';
    }
    if (!result.groups.empty()) {
        out << "retry one group: eventctl outbox retry --error-group "
            << result.groups.front().fingerprint << " --dry-run\n";
    }
}

void render_groups_csv(std::ostream& out, const ErrorGroupsResult& result) {
    write_csv_record(out, {"fingerprint", "entries", "failed", "dead", "first_seen", "last_seen",
                           "event_types", "sample_id", "pattern", "sample_error"});
    for (const auto& group : result.groups) {
        write_csv_record(out, {group.fingerprint, std::to_string(group.entries),
                               std::to_string(group.failed), std::to_string(group.dead),
                               time_text(group.first_seen), time_text(group.last_seen),
                               joined(group.event_types, " "), group.sample_id, group.pattern,
                               group.sample_error});
    }
}

void render_blocked_table(std::ostream& out, const BlockedResult& result,
                          const Terminal& terminal) {
    TextTable table({"AGGREGATE", "BLOCKING ENTRY", "STATUS", "WAITING", "WAITING SINCE",
                     "EVENT TYPE", "LAST ERROR"},
                    {false, false, false, true, false, false, false});
    table.set_fitting({0, 5, 6}, {6, 5});
    for (const auto& blocked : result.aggregates) {
        auto aggregate = blocked.aggregate_type
                             ? *blocked.aggregate_type + "/" + blocked.aggregate_id
                             : blocked.aggregate_id;
        table.add_row({{aggregate},
                       {blocked.blocking_id},
                       {std::string(to_string(blocked.blocking_status)),
                        status_color(blocked.blocking_status)},
                       {std::to_string(blocked.waiting)},
                       {time_text(blocked.waiting_since).value_or("-")},
                       {blocked.blocking_event_type},
                       {first_line(blocked.blocking_error)}});
    }
    table.write(out, terminal);
    out << '\n' << result.total << " blocked aggregates";
    if (static_cast<std::int64_t>(result.aggregates.size()) < result.total) {
        out << ", the " << result.aggregates.size() << " held longest shown (--limit 0 shows all)";
    }
    out << "; table " << result.table << " (layout " << result.layout << ")\n";
    if (auto note = left_out_note(table); !note.empty()) {
        out << note << '\n';
    }
    if (!result.aggregates.empty()) {
        out << "retry in order: eventctl outbox retry " << result.aggregates.front().blocking_id
            << " --in-order --dry-run\n";
    }
}

void render_blocked_csv(std::ostream& out, const BlockedResult& result) {
    write_csv_record(out, {"aggregate_type", "aggregate_id", "blocking_id", "blocking_status",
                           "blocking_event_type", "blocking_error", "blocking_since", "waiting",
                           "waiting_since"});
    for (const auto& blocked : result.aggregates) {
        write_csv_record(out, {blocked.aggregate_type, blocked.aggregate_id, blocked.blocking_id,
                               std::string(to_string(blocked.blocking_status)),
                               blocked.blocking_event_type, blocked.blocking_error,
                               time_text(blocked.blocking_since), std::to_string(blocked.waiting),
                               time_text(blocked.waiting_since)});
    }
}

} // namespace

nlohmann::json error_group_json(const ErrorGroup& group) {
    return {{"fingerprint", group.fingerprint},
            {"pattern", group.pattern},
            {"entries", group.entries},
            {"by_status", {{"failed", group.failed}, {"dead", group.dead}}},
            {"event_types", group.event_types},
            {"first_seen", time_json(group.first_seen)},
            {"last_seen", time_json(group.last_seen)},
            {"sample_id", group.sample_id},
            {"sample_error", text_json(group.sample_error)}};
}

nlohmann::json error_groups_json(const ErrorGroupsResult& result) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& group : result.groups) {
        groups.push_back(error_group_json(group));
    }
    return {{"layout", result.layout},       {"table", result.table},
            {"selection", result.selection}, {"groups_total", result.groups_total},
            {"entries", result.entries},     {"groups", groups}};
}

void render_error_groups(std::ostream& out, const ErrorGroupsResult& result, OutputFormat format,
                         const Terminal& terminal) {
    switch (format) {
    case OutputFormat::table:
        render_groups_table(out, result, terminal);
        break;
    case OutputFormat::json:
        out << json_text(error_groups_json(result), true) << '\n';
        break;
    case OutputFormat::ndjson:
        for (const auto& group : result.groups) {
            out << json_text(error_group_json(group), false) << '\n';
        }
        break;
    case OutputFormat::csv:
        render_groups_csv(out, result);
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "outbox errors");
    }
}

nlohmann::json blocked_aggregate_json(const BlockedAggregate& blocked) {
    return {{"aggregate_type", text_json(blocked.aggregate_type)},
            {"aggregate_id", blocked.aggregate_id},
            {"blocking_id", blocked.blocking_id},
            {"blocking_status", to_string(blocked.blocking_status)},
            {"blocking_event_type", blocked.blocking_event_type},
            {"blocking_error", text_json(blocked.blocking_error)},
            {"blocking_since", time_json(blocked.blocking_since)},
            {"waiting", blocked.waiting},
            {"waiting_since", time_json(blocked.waiting_since)}};
}

nlohmann::json blocked_json(const BlockedResult& result) {
    nlohmann::json aggregates = nlohmann::json::array();
    for (const auto& blocked : result.aggregates) {
        aggregates.push_back(blocked_aggregate_json(blocked));
    }
    return {{"layout", result.layout},
            {"table", result.table},
            {"selection", result.selection},
            {"total", result.total},
            {"aggregates", aggregates}};
}

void render_blocked(std::ostream& out, const BlockedResult& result, OutputFormat format,
                    const Terminal& terminal) {
    switch (format) {
    case OutputFormat::table:
        render_blocked_table(out, result, terminal);
        break;
    case OutputFormat::json:
        out << json_text(blocked_json(result), true) << '\n';
        break;
    case OutputFormat::ndjson:
        for (const auto& blocked : result.aggregates) {
            out << json_text(blocked_aggregate_json(blocked), false) << '\n';
        }
        break;
    case OutputFormat::csv:
        render_blocked_csv(out, result);
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "outbox blocked");
    }
}

} // namespace eventctl
