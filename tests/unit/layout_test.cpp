// Layout documents read without a database: the built-in presets, the shapes a user may write,
// what eventctl derives from them, and the refusals that name where a file went wrong.

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout_file.h"

#include <catch2/catch.hpp>

using namespace eventctl;

namespace {

std::string refusal(const std::string& document) {
    try {
        parse_layout(document, "test.json");
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

const std::string minimal_outbox = R"("outbox": {"table": "t", "columns": {"id": "id",
    "event_type": "type", "created_at": "at"}, "states": {"pending": {"when": [{"column": "done",
    "equals": 0}]}}})";

// A format 2 outbox with one state whose "table" is the given JSON.
std::string v2_outbox_named(const std::string& table, const std::string& extra = "") {
    return R"({"version": 2, "name": "x", "outbox": {"table": )" + table +
           R"(, "columns": {"id": "id"}, "states": {"pending": {"when": [{"column": "s",
           "equals": 0}]}, "completed": {"in_archive": true}})" +
           (extra.empty() ? R"(, "archive": {"table": "a", "columns": {"id": "id"}})"
                          : ", " + extra) +
           "}}";
}

bool supports(const Layout& layout, const std::string& command) {
    for (const auto& capability : layout_capabilities(layout)) {
        if (command_name(capability.command) == command) {
            return capability.supported;
        }
    }
    FAIL("no capability " << command);
    return false;
}

} // namespace

TEST_CASE("layouts: every built-in layout parses under its own name, canonical first") {
    auto names = preset_names();
    REQUIRE(names.size() == 14);
    CHECK(names.front() == "canonical");
    for (const auto& name : names) {
        auto layout = load_layout(name);
        CHECK(layout.name == name);
        CHECK(layout.origin == "built-in");
        CHECK_FALSE(layout.description.empty());
        CHECK(parse_layout(preset_document(name), name).name == name);
    }
    CHECK_THROWS_AS(preset_document("nope"), UsageError);
}

TEST_CASE("layouts: the presets support what their tables can express") {
    auto canonical = load_layout("canonical");
    for (const auto& capability : layout_capabilities(canonical)) {
        INFO(command_name(capability.command) << ": " << capability.lacking);
        CHECK(capability.supported);
    }
    auto oxide = load_layout("oxide-outbox");
    CHECK(supports(oxide, "outbox retry"));
    CHECK(supports(oxide, "outbox mark-dead"));
    CHECK(supports(oxide, "outbox unlock-stale"));
    CHECK(supports(oxide, "log replay --into-outbox") == false);
    REQUIRE(oxide.outbox->dead_letters);
    CHECK(oxide.outbox->dead_letters->table.name == "outbox_dead_letters");
    CHECK(oxide.outbox->unlocked_until.text == "-infinity");

    auto klauthed = load_layout("klauthed");
    CHECK_FALSE(supports(klauthed, "outbox retry"));
    CHECK(supports(klauthed, "outbox retry --include-completed"));
    CHECK_FALSE(supports(klauthed, "outbox mark-dead"));
    CHECK_FALSE(supports(klauthed, "outbox unlock-stale"));
    CHECK(supports(klauthed, "outbox purge"));
    CHECK(klauthed.outbox->id_type == "text");

    auto openctem = load_layout("openctem");
    CHECK(openctem.outbox->stale_after == std::chrono::seconds(15 * 60));
    CHECK(*openctem.outbox->column(OutboxField::attempts) == "retry_count");

    auto store = load_layout("execution-store");
    CHECK(supports(store, "log replay --stream"));
    CHECK_FALSE(supports(store, "log replay"));
    CHECK_FALSE(supports(store, "log consumers"));
    CHECK_FALSE(supports(store, "outbox stats"));
}

TEST_CASE("layouts: a state written as conditions gets its way in derived from them") {
    auto layout = parse_layout(R"({"name": "x", "outbox": {"table": "t",
        "columns": {"id": "id", "event_type": "type", "created_at": "at",
                    "locked_until": "lease"},
        "unlocked_until": "-infinity",
        "states": {
          "pending": {"when": [{"column": "done_at", "is_null": true},
                               {"column": "lease", "in_future": false}]},
          "processing": {"when": [{"column": "lease", "in_future": true}]},
          "completed": {"when": [{"column": "done_at", "is_null": false}]},
          "dead": {"when": [{"column": "tries", "at_least_column": "max_tries"}]}
        }}})",
                               "x.json");
    const auto& outbox = *layout.outbox;
    REQUIRE(outbox.state(Status::pending)->set);
    const auto& pending = *outbox.state(Status::pending)->set;
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].first == "done_at");
    CHECK(pending[0].second.kind == LayoutValue::Kind::null);
    CHECK(pending[1].first == "lease");
    CHECK(pending[1].second == LayoutValue{LayoutValue::Kind::constant, "-infinity"});
    // A lease in the future is nothing eventctl writes: processing cannot be entered.
    CHECK_FALSE(outbox.can_enter(Status::processing));
    CHECK(outbox.state(Status::completed)->set->front().second.kind == LayoutValue::Kind::now);
    CHECK(outbox.state(Status::dead)->set->front().second ==
          LayoutValue{LayoutValue::Kind::column, "max_tries"});
    CHECK_FALSE(outbox.state(Status::failed));
}

TEST_CASE("layouts: values of every JSON kind become bound text") {
    auto layout = parse_layout(R"({"name": "x", "outbox": {"table": "t",
        "columns": {"id": "id", "event_type": "type", "created_at": "at"},
        "states": {"pending": {"when": [{"column": "flag", "equals": false}]},
                   "completed": {"when": [{"column": "flag", "equals": true}],
                                 "set": {"flag": true, "tries": 3, "done": {"now": true},
                                         "copied": {"column": "other"}, "gone": null}},
                   "dead": {"when": [{"column": "state", "in": ["x", "y"]}]}}}})",
                               "x.json");
    const auto& completed = *layout.outbox->state(Status::completed)->set;
    std::map<std::string, LayoutValue> set(completed.begin(), completed.end());
    CHECK(set["flag"] == LayoutValue{LayoutValue::Kind::constant, "true"});
    CHECK(set["tries"] == LayoutValue{LayoutValue::Kind::constant, "3"});
    CHECK(set["done"].kind == LayoutValue::Kind::now);
    CHECK(set["copied"] == LayoutValue{LayoutValue::Kind::column, "other"});
    CHECK(set["gone"].kind == LayoutValue::Kind::null);
    CHECK(layout.outbox->state(Status::pending)->when[0].values.front() == "false");
    const auto& dead = layout.outbox->state(Status::dead)->when[0];
    CHECK(dead.kind == LayoutCondition::Kind::one_of);
    CHECK(dead.values == std::vector<std::string>{"x", "y"});
}

TEST_CASE("layouts: table overrides apply on top of the layout") {
    TableOverrides overrides;
    overrides.schema = "ops";
    overrides.dead_letters = "graveyard";
    auto oxide = apply_overrides(load_layout("oxide-outbox"), overrides);
    CHECK(oxide.outbox->table.sql() == "\"ops\".\"outbox_events\"");
    CHECK(oxide.outbox->dead_letters->table.sql() == "\"ops\".\"graveyard\"");
    CHECK_FALSE(oxide.audit);
    TableOverrides audit;
    audit.schema = "ops";
    audit.audit = "ops_audit";
    CHECK(apply_overrides(load_layout("klauthed"), audit).audit->sql() == "\"ops\".\"ops_audit\"");
    // A table option for a table the layout does not have is refused, not ignored.
    CHECK_THROWS_WITH(apply_overrides(load_layout("canonical"), overrides),
                      Catch::Contains("layout canonical has no dead-letter table, which "
                                      "--dead-letter-table would rename"));
    TableOverrides log_only;
    log_only.event_log = "events";
    CHECK_THROWS_AS(apply_overrides(load_layout("klauthed"), log_only), UsageError);
    CHECK(apply_overrides(load_layout("execution-store"), log_only).log->table.name == "events");
    log_only.consumers = "positions";
    CHECK_THROWS_AS(apply_overrides(load_layout("execution-store"), log_only), UsageError);
}

TEST_CASE("layouts: a table named per queue takes its queue from --outbox-table") {
    TableOverrides overrides;
    CHECK_THROWS_WITH(apply_overrides(load_layout("pgmq"), overrides),
                      Catch::Contains("layout pgmq names its tables by queue (q_QUEUE), and no "
                                      "--outbox-table says which queue"));
    for (const auto* wrong : {"orders", "q_", "a_orders"}) {
        overrides.outbox = wrong;
        CHECK_THROWS_WITH(apply_overrides(load_layout("pgmq"), overrides),
                          Catch::Contains("its names start with \"q_\""));
    }
    overrides.outbox = "q_orders";
    auto orders = apply_overrides(load_layout("pgmq"), overrides);
    CHECK(orders.outbox->table.sql() == "\"pgmq\".\"q_orders\"");
    CHECK(orders.outbox->dead_letters->table.sql() == "\"pgmq\".\"a_orders\"");
    overrides.dead_letters = "a_kept";
    overrides.schema = "queues";
    auto kept = apply_overrides(load_layout("pgmq"), overrides);
    CHECK(kept.outbox->dead_letters->table.sql() == "\"queues\".\"a_kept\"");

    // Only the outbox names the queue; format 2 only.
    CHECK_THROWS_WITH(
        parse_layout(v2_outbox_named(R"("t")", R"("archive": {"table": {"prefix": "a_"},
            "columns": {"id": "id"}})"),
                     "test.json"),
        Catch::Contains("give the outbox's \"table\" a \"prefix\" too"));
    CHECK_THROWS_WITH(parse_layout(R"({"name": "x", "outbox": {"table": {"prefix": "q_"},
        "columns": {"id": "id", "event_type": "e", "created_at": "c"},
        "states": {"pending": {"when": [{"column": "s", "equals": 0}]}}}})",
                                   "test.json"),
                      Catch::Contains("version"));
    CHECK_THROWS_WITH(parse_layout(v2_outbox_named(R"({"prefix": ""})"), "test.json"),
                      Catch::Contains("outbox.table.prefix: expected a non-empty string"));
}

TEST_CASE("layouts: refusals name the file, the place and what was expected") {
    CHECK_THAT(refusal("[1, 2"), Catch::Contains("layout test.json is not JSON"));
    // A number too large for a double is JSON's out-of-range error, not a parse error.
    CHECK_THAT(refusal(R"({"name": 1e99999})"), Catch::Contains("layout test.json is not JSON"));
    CHECK_THAT(refusal("[]"), Catch::Contains("layout test.json: expected an object"));
    CHECK_THAT(refusal(R"({"outbox": {}})"), Catch::Contains("\"name\" is missing"));
    CHECK_THAT(refusal(R"({"name": "x", "extra": 1, )" + minimal_outbox + "}"),
               Catch::Contains("unknown key \"extra\""));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type"}, "states": {}}})"),
               Catch::Contains("outbox.columns: the created_at column is required"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at", "colour": "c"}, "states": {}}})"),
               Catch::Contains("outbox.columns.colour: not a canonical outbox field"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "states": {"dead": "d"}}})"),
               Catch::Contains("outbox.states.dead: a value alone needs \"status_column\""));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "status_column": "s", "states": {"dead": "d"}}})"),
               Catch::Contains("outbox.states: the pending state is required"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "states": {"pending": {"when": [
        {"column": "a", "equals": 1, "is_null": true}]}}}})"),
               Catch::Contains("exactly one test"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "states": {"pending": {"when": []}}}})"),
               Catch::Contains("a state needs at least one condition"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "id_type": "int", "columns": {
        "id": "id", "event_type": "type", "created_at": "at"}, "states": {"pending": {"when": [
        {"column": "a", "equals": 1}]}}}})"),
               Catch::Contains("outbox.id_type: expected uuid, text or bigint"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "stale_after": "soon", "states": {"pending":
        {"when": [{"column": "a", "equals": 1}]}}}})"),
               Catch::Contains("outbox.stale_after: invalid duration"));
    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "states": {"pending": {"when": [{"column":
        "a", "equals": 1}]}, "dead": {"in_dead_letters": true}}}})"),
               Catch::Contains("in_dead_letters needs a \"dead_letters\" table"));
    CHECK_THAT(refusal(R"({"name": "x", "log": {"table": "l", "columns": {"event_type": "t",
        "payload": "p", "created_at": "c"}}})"),
               Catch::Contains("a log needs seq_no (a global position), or stream_id and "
                               "stream_seq"));
    CHECK_THAT(refusal(R"({"name": "x", "log": {"table": "l", "columns": {"seq_no": "s",
        "event_type": "t", "payload": "p", "created_at": "c"}, "consumers": {"table": "c",
        "columns": {"consumer": "n", "position": "p", "updated_at": "u"}, "position_width": 0}}})"),
               Catch::Contains("log.consumers.position_width: expected the digits"));
    CHECK_THAT(refusal(R"({"name": "x", )" + minimal_outbox + R"(, "audit": {"table": ""}})"),
               Catch::Contains("audit.table: expected a non-empty string"));
}

namespace {

// A format 2 document whose outbox has the given states and extra keys.
std::string v2_outbox(const std::string& states, const std::string& extra = "") {
    return R"({"version": 2, "name": "x", "outbox": {"table": "t", "columns": {"id": "id"},
        "states": {)" +
           states + "}" + (extra.empty() ? "" : ", " + extra) + "}}";
}

const std::string v2_pending = R"("pending": {"when": [{"column": "s", "equals": "new"}]})";

} // namespace

TEST_CASE("layouts: format 2 reads each feature, and refuses each in the wrong place") {
    auto layout = parse_layout(
        v2_outbox(v2_pending + R"(, "dead": {"when": [{"any": [[{"column": "s", "equals": "x"}],
            [{"column": "tries", "gte": {"column": "max"}}]]}],
            "set": {"s": "x", "err": {"reason": "json", "key": "message"},
                    "keep": {"now": true, "plus": "14d"}}, "age_from": "died_at"})",
                  R"("stale_after": {"column": "lease"}, "filter": [{"column": "q",
            "equals": "mail"}], "transitions": {"retry": {"set": {"s": "new",
            "tries": {"add": -1}, "at": {"now": true, "plus_delay": true}}},
            "unlock_stale": {"refused": "kept in memory"}})"),
        "test.json");
    REQUIRE(layout.outbox);
    const auto& outbox = *layout.outbox;
    CHECK(layout.version == 2);
    CHECK(outbox.stale_after_column == std::optional<std::string>("lease"));
    REQUIRE(outbox.filter.size() == 1);
    const auto* dead = outbox.state(Status::dead);
    REQUIRE(dead != nullptr);
    CHECK(dead->age_column == std::optional<std::string>("died_at"));
    REQUIRE(dead->when.size() == 1);
    CHECK(dead->when[0].kind == LayoutCondition::Kind::any);
    CHECK(dead->when[0].groups.size() == 2);
    CHECK(dead->when[0].groups[1][0].other_column == "max");
    REQUIRE(dead->set);
    auto value = [](const LayoutAssignments& set, const std::string& column) {
        for (const auto& [name, value] : set) {
            if (name == column) {
                return value;
            }
        }
        FAIL("no value for " << column);
        return LayoutValue{};
    };
    CHECK(value(*dead->set, "err").kind == LayoutValue::Kind::reason);
    CHECK(value(*dead->set, "err").json_key == std::optional<std::string>("message"));
    CHECK(value(*dead->set, "keep").after == std::chrono::seconds(14 * 86400));
    const auto* retry = outbox.transition(OutboxTransition::retry);
    REQUIRE(retry != nullptr);
    REQUIRE(retry->set);
    CHECK(value(*retry->set, "tries").kind == LayoutValue::Kind::add);
    CHECK(value(*retry->set, "tries").add == -1);
    CHECK(value(*retry->set, "at").after_delay);
    CHECK_FALSE(supports(layout, "outbox unlock-stale"));
    for (const auto& capability : layout_capabilities(layout)) {
        if (command_name(capability.command) == "outbox unlock-stale") {
            CHECK_THAT(capability.lacking, Catch::Contains("kept in memory"));
        }
    }

    CHECK_THAT(refusal(R"({"name": "x", "outbox": {"table": "t", "columns": {"id": "id",
        "event_type": "type", "created_at": "at"}, "stale_after": {"column": "l"}, "states":
        {"pending": {"when": [{"column": "a", "equals": 1}]}}}})"),
               Catch::Contains("a lease per row is format 2: add \"version\": 2"));
    CHECK_THAT(refusal(v2_outbox(R"("pending": {"when": [], "age_from": "a"})")),
               Catch::Contains("purge never deletes pending entries"));
    CHECK_THAT(refusal(v2_outbox(v2_pending + R"(, "completed": {"when": [{"column": "s",
        "equals": "done"}], "set": {"e": {"reason": "text"}}})")),
               Catch::Contains("only what mark-dead writes can hold its --reason"));
    CHECK_THAT(refusal(v2_outbox(v2_pending, R"("transitions": {"unlock_stale": {"set": {"a":
        {"now": true, "plus_delay": true}}}})")),
               Catch::Contains("only what retry writes can hold its --delay"));
    CHECK_THAT(refusal(v2_outbox(v2_pending, R"("transitions": {"retry": {"in_place":
        {"replay": true}}})")),
               Catch::Contains("in_place is for retry from a dead-letter table"));
    CHECK_THAT(refusal(v2_outbox(v2_pending, R"("transitions": {"retry": {"refused": "x",
        "set": {}}})")),
               Catch::Contains("\"refused\" stands alone"));
    CHECK_THAT(refusal(v2_outbox(v2_pending + R"(, "dead": {"when": [{"any": [[{"column": "s",
        "equals": "x"}]]}]})")),
               Catch::Contains("give two or more groups"));
    CHECK_THAT(refusal(v2_outbox(v2_pending, R"("filter": [{"column": "q", "gtx": 1}])")),
               Catch::Contains("outbox.filter[0]: unknown key \"gtx\""));
    CHECK_THAT(refusal(R"({"version": 2, "name": "x", "outbox": {"table": "t", "columns": {"id":
        "id", "payload": {"json": "meta", "key": "p"}}, "states": {)" +
                       v2_pending + "}}}"),
               Catch::Contains("payload cannot be read from JSON"));
    CHECK_THAT(refusal(R"({"version": 3, "name": "x", )" + minimal_outbox + "}"),
               Catch::Contains("expected 1 or 2"));
}

TEST_CASE("layouts: format 2 consumers keyed by several columns, live by a rule") {
    auto layout = parse_layout(R"({"version": 2, "name": "x", "log": {"table": "l",
        "columns": {"seq_no": "s", "event_type": "t", "payload": "p", "created_at": "c",
        "tenant_id": {"json": "meta", "path": ["tenant", "id"]}},
        "filter": [{"column": "category", "equals": "orders"}],
        "consumers": {"table": "c", "columns": {"consumer": ["name", "part"], "position": "p",
        "heartbeat": "locked_at"}, "key_separator": ":", "live_when": [{"column": "owner",
        "is_null": false}], "reset_on_seek": {"txid": null}}}})",
                               "test.json");
    REQUIRE(layout.log);
    const auto& log = *layout.log;
    CHECK(log.has_tenants());
    REQUIRE(log.tenant_key);
    CHECK(log.tenant_key->path == std::vector<std::string>{"tenant", "id"});
    REQUIRE(log.consumers);
    CHECK(log.consumers->key() == std::vector<std::string>{"name", "part"});
    CHECK(log.consumers->key_separator == ":");
    CHECK_FALSE(log.consumers->updated_at_column);
    CHECK(log.consumers->tells_liveness());
    CHECK(log.consumers->reset_on_seek.size() == 1);

    CHECK_THAT(refusal(R"({"version": 2, "name": "x", "log": {"table": "l", "columns":
        {"seq_no": "s", "event_type": "t", "payload": "p", "created_at": "c"}, "consumers":
        {"table": "c", "columns": {"consumer": "n", "position": "p"}, "reset_on_seek":
        {"p": 0}}}})"),
               Catch::Contains("is the consumer's key or position"));
    CHECK_THAT(refusal(R"({"name": "x", "log": {"table": "l", "columns": {"seq_no": "s",
        "event_type": "t", "payload": "p", "created_at": "c"}, "consumers": {"table": "c",
        "columns": {"consumer": ["a", "b"], "position": "p", "updated_at": "u"}}}})"),
               Catch::Contains("a consumer keyed by several columns is format 2"));
}
