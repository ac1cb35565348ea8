// doctor's reasoning without a database: which indexes a layout's commands need and which
// existing index serves each, the statements it prints, the privileges per command, the exit
// status and the documents it renders.

#include "eventctl/doctor/doctor.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/render/doctor.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

using namespace eventctl;

namespace {

CatalogColumn column(std::string name, ColumnKind kind, std::vector<std::string> labels = {}) {
    CatalogColumn column;
    column.name = std::move(name);
    column.kind = kind;
    column.type = kind == ColumnKind::enumeration ? "public.status" : "some type";
    column.not_null = true;
    column.has_default = true;
    column.enum_labels = std::move(labels);
    return column;
}

CatalogTable table(std::string name, std::vector<CatalogColumn> columns) {
    return {{"public", std::move(name)}, true, std::move(columns), {}};
}

std::vector<CatalogTable> oxide_catalog() {
    return {table("outbox_events",
                  {column("id", ColumnKind::uuid), column("idempotency_token", ColumnKind::text),
                   column("event_type", ColumnKind::text), column("payload", ColumnKind::jsonb),
                   column("created_at", ColumnKind::timestamptz),
                   column("locked_until", ColumnKind::timestamptz),
                   column("status", ColumnKind::enumeration, {"Pending", "Processing", "Sent"})}),
            table("outbox_dead_letters",
                  {column("id", ColumnKind::uuid), column("idempotency_token", ColumnKind::text),
                   column("event_type", ColumnKind::text), column("payload", ColumnKind::jsonb),
                   column("original_status", ColumnKind::enumeration,
                          {"Pending", "Processing", "Sent"}),
                   column("created_at", ColumnKind::timestamptz),
                   column("locked_until", ColumnKind::timestamptz),
                   column("failure_count", ColumnKind::integer),
                   column("quarantined_at", ColumnKind::timestamptz),
                   column("last_error", ColumnKind::text)})};
}

const IndexNeed& need_for(const std::vector<IndexNeed>& needs, const std::string& table,
                          const std::vector<std::string>& columns) {
    for (const auto& need : needs) {
        if (need.table.name == table && need.columns == columns) {
            return need;
        }
    }
    FAIL("no need for " << table);
    return needs.front();
}

ExistingIndex index(std::string name, std::vector<std::optional<std::string>> keys) {
    ExistingIndex index;
    index.name = std::move(name);
    index.keys = std::move(keys);
    index.definition = "CREATE INDEX " + index.name + " ...";
    return index;
}

const CommandPrivileges& privileges_for(const std::vector<CommandPrivileges>& commands,
                                        const std::string& command) {
    for (const auto& entry : commands) {
        if (command_name(entry.command) == command) {
            return entry;
        }
    }
    FAIL("no privileges for " << command);
    return commands.front();
}

std::set<std::string> needed(const CommandPrivileges& command) {
    std::set<std::string> privileges;
    for (const auto& check : command.privileges) {
        privileges.insert(check.privilege + " " + check.object_display());
    }
    return privileges;
}

} // namespace

TEST_CASE("doctor: an index serves a need by its leading key columns") {
    IndexNeed paging;
    paging.columns = {"created_at", "id"};
    CHECK(serving_index(paging, {index("exact", {"created_at", "id"})}) != nullptr);
    CHECK(serving_index(paging, {index("longer", {"created_at", "id", "status"})}) != nullptr);
    CHECK(serving_index(paging, {index("short", {"created_at"})}) == nullptr);
    CHECK(serving_index(paging, {index("reversed", {"id", "created_at"})}) == nullptr);
    CHECK(serving_index(paging, {index("expression", {std::nullopt, "id"})}) == nullptr);
    auto partial = index("partial", {"created_at", "id"});
    partial.partial = true;
    CHECK(serving_index(paging, {partial}) == nullptr);
    auto invalid = index("invalid", {"created_at", "id"});
    invalid.valid = false;
    CHECK(serving_index(paging, {invalid}) == nullptr);
    auto gist = index("gist", {"created_at", "id"});
    gist.btree = false;
    CHECK(serving_index(paging, {gist}) == nullptr);

    // Where a partial index is allowed, it is preferred: it is the recommendation.
    IndexNeed by_status;
    by_status.columns = {"status"};
    by_status.partial_ok = true;
    auto actionable = index("actionable", {"status", "created_at", "id"});
    actionable.partial = true;
    std::vector<ExistingIndex> indexes{index("plain", {"status"}), actionable};
    auto found = serving_index(by_status, indexes); // points into indexes
    REQUIRE(found != nullptr);
    CHECK(found->name == "actionable");
}

TEST_CASE("doctor: a unique need takes a unique, immediate, whole index on exactly its columns") {
    IndexNeed key;
    key.columns = {"idempotency_key"};
    key.unique = true;
    auto unique = index("unique", {"idempotency_key"});
    unique.unique = true;
    CHECK(serving_index(key, {unique}) != nullptr);
    CHECK(serving_index(key, {index("not_unique", {"idempotency_key"})}) == nullptr);
    auto wider = index("wider", {"idempotency_key", "id"});
    wider.unique = true;
    CHECK(serving_index(key, {wider}) == nullptr); // ON CONFLICT (idempotency_key) cannot use it
    auto partial = unique;
    partial.partial = true;
    CHECK(serving_index(key, {partial}) == nullptr);
    auto deferrable = unique;
    deferrable.immediate = false;
    CHECK(serving_index(key, {deferrable}) == nullptr);

    IndexNeed stream;
    stream.columns = {"stream_id", "stream_seq"};
    stream.unique = true;
    auto swapped = index("swapped", {"stream_seq", "stream_id"});
    swapped.unique = true;
    CHECK(serving_index(stream, {swapped}) != nullptr); // uniqueness has no column order
}

TEST_CASE("doctor: the statements quote every identifier") {
    IndexNeed need;
    need.table = {"my schema", "Out\"box"};
    need.create_columns = {"Created At", "id"};
    CHECK(create_index_statement(need, "Out\"box_created_idx") ==
          "CREATE INDEX CONCURRENTLY \"Out\"\"box_created_idx\" ON \"my schema\".\"Out\"\"box\" "
          "(\"Created At\", \"id\");");
    need.unique = true;
    need.predicate = "\"id\" IS NOT NULL";
    CHECK(create_index_statement(need, "k") ==
          "CREATE UNIQUE INDEX CONCURRENTLY \"k\" ON \"my schema\".\"Out\"\"box\" "
          "(\"Created At\", \"id\") WHERE \"id\" IS NOT NULL;");
}

TEST_CASE("doctor: the oxide-outbox layout needs a partial status index over its own labels") {
    auto layout = load_layout("oxide-outbox");
    auto needs = index_needs(layout, oxide_catalog());
    REQUIRE(needs.size() == 5);
    const auto& by_status = need_for(needs, "outbox_events", {"status"});
    CHECK(by_status.partial_ok);
    CHECK(by_status.create_columns == std::vector<std::string>{"status", "created_at", "id"});
    REQUIRE(by_status.predicate);
    CHECK(*by_status.predicate == "\"status\" IN ('Pending', 'Processing')");
    CHECK(by_status.commands == std::vector<std::string>{"outbox stats", "outbox list --status",
                                                         "outbox retry", "outbox mark-dead",
                                                         "outbox unlock-stale"});
    CHECK(need_for(needs, "outbox_dead_letters", {"created_at", "id"}).commands ==
          std::vector<std::string>{"outbox list"});
    CHECK(need_for(needs, "outbox_dead_letters", {"id"}).commands ==
          std::vector<std::string>{"outbox show", "outbox retry"});
    // No log, so no replay into the outbox: its idempotency index is nobody's need.
    for (const auto& need : needs) {
        CHECK_FALSE(need.unique);
    }

    // An outbox that does not fit is not examined for indexes: the needs name its columns.
    auto broken = oxide_catalog();
    broken[0].columns.pop_back();
    CHECK(index_needs(layout, broken).empty());
}

TEST_CASE("doctor: status values reach the predicate as literals, and text times need none") {
    auto layout = parse_layout(R"({"name": "quoted", "outbox": {"table": "jobs",
        "columns": {"id": "id", "event_type": "kind", "created_at": "at"},
        "status_column": "state",
        "states": {"pending": "it's", "processing": "a\\b", "completed": "done"}}})",
                               "test");
    std::vector<CatalogTable> catalog{
        table("jobs", {column("id", ColumnKind::uuid), column("kind", ColumnKind::text),
                       column("at", ColumnKind::timestamptz), column("state", ColumnKind::text)})};
    auto needs = index_needs(layout, catalog);
    const auto& by_status = need_for(needs, "jobs", {"state"});
    REQUIRE(by_status.predicate);
    CHECK(*by_status.predicate == "\"state\" IN ('it''s', E'a\\\\b')");
    CHECK(by_status.name_suffix == "actionable_idx");

    catalog[0].columns[2].kind = ColumnKind::text; // RFC 3339 text
    auto text_needs = index_needs(layout, catalog);
    const auto& paging = need_for(text_needs, "jobs", {"at", "id"});
    REQUIRE(paging.unindexable);
    CHECK(paging.unindexable->find("RFC 3339 text") != std::string::npos);
    CHECK(need_for(text_needs, "jobs", {"state"}).create_columns ==
          std::vector<std::string>{"state"});
}

TEST_CASE("doctor: an outbox --drop-partitions can act on needs the index it decides from") {
    auto layout = parse_layout(R"({"name": "jobs", "outbox": {"table": "jobs",
        "columns": {"id": "id", "event_type": "kind", "created_at": "at", "processed_at": "done_at"},
        "status_column": "state",
        "states": {"pending": "new", "processing": "taken", "completed": "done"}}})",
                               "test");
    std::vector<CatalogTable> catalog{table(
        "jobs", {column("id", ColumnKind::uuid), column("kind", ColumnKind::text),
                 column("at", ColumnKind::timestamptz), column("done_at", ColumnKind::timestamptz),
                 column("state", ColumnKind::text)})};
    auto is_purge_need = [](const IndexNeed& need) { return need.name_suffix == "purge_idx"; };
    auto plain = index_needs(layout, catalog);
    CHECK(std::none_of(plain.begin(), plain.end(), is_purge_need));

    auto droppable = index_needs(layout, catalog, {catalog[0].name});
    const auto& by_age = need_for(droppable, "jobs", {"state", "done_at"});
    CHECK(by_age.name_suffix == "purge_idx");
    CHECK_FALSE(by_age.partial_ok);
    CHECK(by_age.commands == std::vector<std::string>{"outbox purge --drop-partitions"});
}

TEST_CASE("doctor: each command's privileges follow what its statements do to each table") {
    auto oxide = privilege_needs(load_layout("oxide-outbox"));
    std::vector<std::string> commands;
    for (const auto& command : oxide) {
        commands.emplace_back(command_name(command.command));
    }
    // No aggregate_id, no audit table: neither outbox blocked nor audit list.
    CHECK(commands == std::vector<std::string>{
                          "outbox stats", "outbox list", "outbox show", "outbox errors",
                          "outbox retry", "outbox retry --include-completed", "outbox mark-dead",
                          "outbox unlock-stale", "outbox purge", "metrics", "check"});
    CHECK(needed(privileges_for(oxide, "check")) ==
          std::set<std::string>{"USAGE public", "SELECT public.outbox_events",
                                "SELECT public.outbox_dead_letters"});
    CHECK(needed(privileges_for(oxide, "outbox stats")) ==
          std::set<std::string>{"USAGE public", "SELECT public.outbox_events",
                                "SELECT public.outbox_dead_letters"});
    CHECK_FALSE(privileges_for(oxide, "outbox stats").writes);
    // Retry moves dead letters back: out of one table, into the other.
    CHECK(needed(privileges_for(oxide, "outbox retry")) ==
          std::set<std::string>{"USAGE public", "SELECT public.outbox_dead_letters",
                                "UPDATE public.outbox_dead_letters",
                                "DELETE public.outbox_dead_letters", "SELECT public.outbox_events",
                                "INSERT public.outbox_events"});
    CHECK(needed(privileges_for(oxide, "outbox purge")) ==
          std::set<std::string>{
              "USAGE public", "SELECT public.outbox_events", "UPDATE public.outbox_events",
              "DELETE public.outbox_events", "SELECT public.outbox_dead_letters",
              "UPDATE public.outbox_dead_letters", "DELETE public.outbox_dead_letters"});

    auto canonical = privilege_needs(load_layout("canonical"));
    CHECK(needed(privileges_for(canonical, "outbox unlock-stale")) ==
          std::set<std::string>{"USAGE public", "SELECT public.outbox", "UPDATE public.outbox",
                                "SELECT public.eventctl_audit", "INSERT public.eventctl_audit",
                                "UPDATE public.eventctl_audit"});
    CHECK(needed(privileges_for(canonical, "log seek --create")) ==
          std::set<std::string>{"USAGE public", "SELECT public.event_log",
                                "SELECT public.event_consumers", "UPDATE public.event_consumers",
                                "INSERT public.event_consumers", "SELECT public.eventctl_audit",
                                "INSERT public.eventctl_audit"});
    CHECK(needed(privileges_for(canonical, "log replay --consumer")) ==
          std::set<std::string>{"USAGE public", "SELECT public.event_log",
                                "SELECT public.event_consumers"});
    CHECK(privileges_for(canonical, "log replay --into-outbox").writes);

    auto store = privilege_needs(load_layout("execution-store"));
    REQUIRE(store.size() == 1);
    CHECK(command_name(store[0].command) == "log replay --stream");
}

TEST_CASE("doctor: the exit status puts a misfit before missing privileges, warnings after") {
    DoctorReport report;
    report.layout.name = "canonical";
    report.connection.user = "ops";
    CommandPrivileges purge;
    purge.command = Command::outbox_purge;
    purge.writes = true;
    purge.privileges = {{"table", {"public", "outbox"}, "DELETE", true}};
    report.privileges = {purge};
    CHECK(report.exit_code() == ExitCode::ok);
    CHECK(report.summary() ==
          "layout canonical fits the tables; role ops may run every supported command");

    IndexCheck missing;
    missing.need.table = {"public", "outbox"};
    missing.need.purpose = "keyset paging in creation order";
    missing.need.columns = {"created_at", "id"};
    missing.need.commands = {"outbox list"};
    missing.statement = "CREATE INDEX CONCURRENTLY ...;";
    report.indexes = {missing};
    CHECK(report.exit_code() == ExitCode::ok);
    REQUIRE(report.warnings().size() == 1);
    CHECK(report.warnings()[0] ==
          "no index on public.outbox (created_at, id) for keyset paging in creation order "
          "(outbox list); create one with: CREATE INDEX CONCURRENTLY ...;");

    report.privileges[0].privileges[0].granted = false;
    CHECK(report.exit_code() == ExitCode::no_permission);
    CHECK(report.privileges[0].missing() ==
          std::vector<std::string>{"DELETE on table public.outbox"});
    report.layout.problems = {"table public.outbox has no column \"status\" (state pending)"};
    CHECK(report.exit_code() == ExitCode::usage);
    CHECK(report.summary() == "layout canonical does not fit the tables: 1 problem; role ops "
                              "cannot run 1 command: outbox purge; 1 warning");

    report.layout.problems.clear();
    report.privileges[0].privileges[0].granted = true;
    report.privileges[0].blocked_by_read_only = true;
    CHECK(report.exit_code() == ExitCode::no_permission);
}

TEST_CASE("doctor: every format renders the same report") {
    DoctorReport report;
    report.connection = {"15.4", 150004, "app", "ops", false, false, false, "eventctl/doctor"};
    report.layout.name = "canonical";
    report.layout.origin = "built-in";
    report.layout.tables = {{"outbox", {"public", "outbox"}, true}};
    report.commands = {{Command::outbox_stats, true, ""},
                       {Command::log_seek, false, "a consumers table"}};
    report.privileges = {
        {Command::outbox_stats, false, {{"table", {"public", "outbox"}, "SELECT", true}}, false}};

    auto document = doctor_json(report);
    CHECK(document["exit_status"] == 0);
    CHECK(document["commands"][1]["lacking"] == "a consumers table");
    CHECK(document["commands"][0]["lacking"].is_null());
    CHECK(document["layout"]["fits"] == true);
    CHECK(document["layout"]["state_counts"].is_null());

    auto findings = doctor_findings(report);
    REQUIRE_FALSE(findings.empty());
    CHECK(findings.front().section == "connection");
    CHECK(findings.back().section == "summary");
    CHECK(findings.back().message ==
          "0: layout canonical fits the tables; role ops may run every supported command");

    std::ostringstream table;
    render_doctor(table, report, OutputFormat::table, Terminal{});
    for (const char* section : {"CONNECTION\n", "LAYOUT canonical (built-in)\n", "COMMANDS\n",
                                "INDEXES\n", "PRIVILEGES of role ops\n", "RESULT\n"}) {
        INFO(section);
        CHECK(table.str().find(section) != std::string::npos);
    }
    std::ostringstream csv;
    render_doctor(csv, report, OutputFormat::csv, Terminal{});
    CHECK(csv.str().rfind("section,subject,severity,message,statement\r\n"
                          "connection,server_version,info,15.4 (150004),\r\n",
                          0) == 0);
}
