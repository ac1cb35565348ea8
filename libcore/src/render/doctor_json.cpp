#include "eventctl/render/doctor.h"

namespace eventctl {

namespace {

nlohmann::json optional_text(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json();
}

nlohmann::json connection_json(const ConnectionFacts& facts) {
    return {{"server_version", facts.server_version},
            {"server_version_num", facts.server_version_num},
            {"database", facts.database},
            {"user", facts.user},
            {"superuser", facts.superuser},
            {"read_only", facts.read_only},
            {"in_recovery", facts.in_recovery},
            {"application_name", facts.application_name}};
}

nlohmann::json state_counts_json(const StateCounts& counts) {
    nlohmann::json by_state = nlohmann::json::object();
    for (auto status : all_statuses) {
        const auto& count = counts.by_state[static_cast<std::size_t>(status)];
        by_state[std::string(to_string(status))] =
            count ? nlohmann::json(*count) : nlohmann::json();
    }
    nlohmann::json overlaps = nlohmann::json::array();
    for (const auto& overlap : counts.overlaps) {
        overlaps.push_back(
            {{"states",
              {std::string(to_string(overlap.first)), std::string(to_string(overlap.second))}},
             {"rows", overlap.rows}});
    }
    return {{"table", counts.table.display()},
            {"rows", counts.rows},
            {"by_state", by_state},
            {"in_several_states", counts.in_several_states},
            {"in_no_state", counts.in_no_state},
            {"overlaps", overlaps},
            {"dead_letter_rows", counts.dead_letter_rows ? nlohmann::json(*counts.dead_letter_rows)
                                                         : nlohmann::json()}};
}

nlohmann::json layout_json(const LayoutCheck& layout) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& table : layout.tables) {
        tables.push_back(
            {{"role", table.role}, {"table", table.table.display()}, {"exists", table.exists}});
    }
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& column : layout.state_columns) {
        columns.push_back({{"table", column.table.display()},
                           {"column", column.column},
                           {"type", column.type},
                           {"enum_labels", column.is_enum ? nlohmann::json(column.enum_labels)
                                                          : nlohmann::json()}});
    }
    return {{"name", layout.name},
            {"origin", layout.origin},
            {"description", layout.description},
            {"fits", layout.fits()},
            {"tables", tables},
            {"problems", layout.problems},
            {"state_columns", columns},
            {"state_counts",
             layout.state_counts ? state_counts_json(*layout.state_counts) : nlohmann::json()}};
}

nlohmann::json commands_json(const std::vector<Capability>& commands) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& command : commands) {
        list.push_back(
            {{"command", command_name(command.command)},
             {"supported", command.supported},
             {"lacking", command.supported ? nlohmann::json() : nlohmann::json(command.lacking)}});
    }
    return list;
}

nlohmann::json index_json(const IndexCheck& check) {
    const auto& need = check.need;
    return {
        {"table", need.table.display()},
        {"purpose", need.purpose},
        {"commands", need.commands},
        {"columns", need.columns},
        {"unique", need.unique},
        {"partial_ok", need.partial_ok},
        {"required", need.required},
        {"exists", check.satisfied()},
        {"index", check.index ? nlohmann::json(check.index->name) : nlohmann::json()},
        {"definition", check.index ? nlohmann::json(check.index->definition) : nlohmann::json()},
        {"statement", optional_text(check.statement)},
        {"note", check.note.empty() ? nlohmann::json() : nlohmann::json(check.note)}};
}

nlohmann::json privileges_json(const CommandPrivileges& command) {
    nlohmann::json needs = nlohmann::json::array();
    for (const auto& check : command.privileges) {
        needs.push_back(
            {{"on", check.object_kind},
             {"object", check.object_display()},
             {"privilege", check.privilege},
             {"granted", check.granted ? nlohmann::json(*check.granted) : nlohmann::json()}});
    }
    return {{"command", command_name(command.command)},
            {"writes", command.writes},
            {"ok", command.ok()},
            {"missing", command.missing()},
            {"blocked_by_read_only", command.blocked_by_read_only},
            {"needs", needs}};
}

} // namespace

nlohmann::json doctor_json(const DoctorReport& report) {
    nlohmann::json indexes = nlohmann::json::array();
    for (const auto& check : report.indexes) {
        indexes.push_back(index_json(check));
    }
    nlohmann::json privileges = nlohmann::json::array();
    for (const auto& command : report.privileges) {
        privileges.push_back(privileges_json(command));
    }
    nlohmann::json partitions = nlohmann::json::array();
    for (const auto& table : report.partitions) {
        partitions.push_back({{"role", table.role},
                              {"table", table.table.display()},
                              {"key", table.key},
                              {"leaves", table.leaves},
                              {"depth", table.depth},
                              {"has_default", table.has_default},
                              {"drop_partitions", table.drop_partitions},
                              {"drop_note", table.drop_note},
                              {"partman", optional_text(table.partman)},
                              {"partman_warning", optional_text(table.partman_warning)}});
    }
    nlohmann::json vacuum = nlohmann::json::array();
    for (const auto& table : report.vacuum) {
        vacuum.push_back(vacuum_horizon_json(table));
    }
    return {{"connection", connection_json(report.connection)},
            {"layout", layout_json(report.layout)},
            {"commands", commands_json(report.commands)},
            {"indexes", indexes},
            {"privileges", privileges},
            {"partitions", partitions},
            {"vacuum", vacuum},
            {"warnings", report.warnings()},
            {"exit_status", to_int(report.exit_code())}};
}

} // namespace eventctl
