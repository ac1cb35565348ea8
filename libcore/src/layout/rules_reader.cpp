#include "eventctl/error.h"
#include "eventctl/time.h"
#include "layout_reading.h"

namespace eventctl::reading {

void require_version_2(const JsonNode& node, int version, const std::string& what) {
    if (version < 2) {
        node.fail(what + " is format 2: add \"version\": 2 at the top of the layout");
    }
}

namespace {

std::int64_t read_add(const JsonNode& node) {
    auto add = node.integer();
    if (add == 0) {
        node.fail("adding 0 writes the column as it is: leave the column out instead");
    }
    return add;
}

LayoutValue read_now(const JsonNode& node, const ValueContext& context) {
    node.allow_keys({"now", "plus", "plus_column", "plus_delay"});
    if (!node.at("now").json().is_boolean() || !node.json()["now"].get<bool>()) {
        node.at("now").fail("expected true");
    }
    LayoutValue value;
    value.kind = LayoutValue::Kind::now;
    if (node.json().size() == 1) {
        return value;
    }
    require_version_2(node, context.version, "a time later than now");
    if (node.json().size() != 2) {
        node.fail("give one of plus, plus_column and plus_delay");
    }
    if (node.json().contains("plus")) {
        try {
            value.after = parse_duration(node.at("plus").string());
        } catch (const UsageError& e) {
            node.at("plus").fail(e.what());
        }
    } else if (node.json().contains("plus_column")) {
        value.after_column = node.at("plus_column").string();
    } else {
        if (!node.at("plus_delay").boolean()) {
            node.at("plus_delay").fail("expected true");
        }
        if (!context.delay) {
            node.at("plus_delay").fail("only what retry writes can hold its --delay");
        }
        value.after_delay = true;
    }
    return value;
}

LayoutValue read_reason(const JsonNode& node, const ValueContext& context) {
    require_version_2(node, context.version, "the operator's reason");
    node.allow_keys({"reason", "key"});
    if (!context.reason) {
        node.fail("only what mark-dead writes can hold its --reason");
    }
    LayoutValue value;
    value.kind = LayoutValue::Kind::reason;
    auto as = node.at("reason").string();
    if (as == "json") {
        value.json_key = node.at("key").string();
    } else if (as != "text") {
        node.at("reason").fail("expected \"text\" or \"json\" (with a \"key\")");
    } else if (node.json().contains("key")) {
        node.at("key").fail("a key goes with \"reason\": \"json\"");
    }
    return value;
}

} // namespace

LayoutValue read_value(const JsonNode& node, const ValueContext& context) {
    const auto& json = node.json();
    LayoutValue value;
    if (json.is_null()) {
        return value;
    }
    if (!json.is_object()) {
        value.kind = LayoutValue::Kind::constant;
        value.text = node.scalar_text();
        return value;
    }
    if (json.contains("now")) {
        return read_now(node, context);
    }
    if (json.contains("reason")) {
        return read_reason(node, context);
    }
    if (json.contains("column")) {
        node.allow_keys({"column", "add"});
        value.kind = LayoutValue::Kind::column;
        value.text = node.at("column").string();
        if (json.contains("add")) {
            require_version_2(node, context.version, "a column plus a number");
            value.add = read_add(node.at("add"));
        }
        return value;
    }
    if (json.contains("add")) {
        require_version_2(node, context.version, "the column plus a number");
        node.allow_keys({"add"});
        value.kind = LayoutValue::Kind::add;
        value.add = read_add(node.at("add"));
        return value;
    }
    node.fail(context.version < 2 ? "give one of {\"now\": true} or {\"column\": NAME}"
                                  : "give a constant, null, {\"now\": true, ...}, "
                                    "{\"column\": NAME}, {\"add\": N} or {\"reason\": ...}");
}

LayoutAssignments read_assignments(const JsonNode& node, const ValueContext& context) {
    LayoutAssignments assignments;
    for (const auto& key : node.object_keys()) {
        if (key.empty()) {
            node.fail("a column name cannot be empty");
        }
        assignments.emplace_back(key, read_value(node.at(key), context));
    }
    return assignments;
}

namespace {

struct TestName {
    const char* key;
    int version;
};

constexpr TestName tests[] = {
    {"equals", 1},
    {"in", 1},
    {"is_null", 1},
    {"in_future", 1},
    {"at_least_column", 1},
    {"below_column", 1},
    {"not_equals", 2},
    {"gt", 2},
    {"gte", 2},
    {"lt", 2},
    {"lte", 2},
    {"starts_with", 2},
    {"not_starts_with", 2},
};

// A comparison's right side: a constant, or {"column": NAME}.
void read_operand(const JsonNode& node, LayoutCondition& condition) {
    if (node.json().is_object()) {
        node.allow_keys({"column"});
        condition.other_column = node.at("column").string();
        return;
    }
    condition.values.push_back(node.scalar_text());
}

LayoutCondition::Op op_of(const std::string& key) {
    using Op = LayoutCondition::Op;
    if (key == "not_equals") {
        return Op::ne;
    }
    if (key == "gt") {
        return Op::gt;
    }
    if (key == "gte" || key == "at_least_column") {
        return Op::ge;
    }
    if (key == "lt" || key == "below_column") {
        return Op::lt;
    }
    if (key == "lte") {
        return Op::le;
    }
    return Op::eq;
}

LayoutCondition read_any(const JsonNode& node, int version) {
    require_version_2(node, version, "\"any\"");
    node.allow_keys({"any"});
    LayoutCondition condition;
    condition.kind = LayoutCondition::Kind::any;
    auto groups = node.at("any");
    for (std::size_t i = 0; i < groups.array_size(); ++i) {
        condition.groups.push_back(read_conditions(groups.item(i), version, false));
    }
    if (condition.groups.size() < 2) {
        groups.fail("give two or more groups of conditions, one of which must hold");
    }
    return condition;
}

} // namespace

LayoutCondition read_condition(const JsonNode& node, int version) {
    node.require_object();
    if (node.json().contains("any")) {
        return read_any(node, version);
    }
    node.allow_keys({"column", "equals", "in", "is_null", "in_future", "at_least_column",
                     "below_column", "not_equals", "gt", "gte", "lt", "lte", "starts_with",
                     "not_starts_with"});
    LayoutCondition condition;
    condition.column = node.at("column").string();
    const auto& json = node.json();
    const char* test = nullptr;
    int count = 0;
    for (const auto& known : tests) {
        if (json.contains(known.key)) {
            test = known.key;
            ++count;
            if (known.version > version) {
                require_version_2(node, version, std::string("\"") + known.key + "\"");
            }
        }
    }
    if (count != 1) {
        node.fail(version < 2 ? "give the column and exactly one test: equals, in, is_null, "
                                "in_future, at_least_column or below_column"
                              : "give the column and exactly one test: equals, not_equals, in, "
                                "gt, gte, lt, lte, is_null, in_future, starts_with or "
                                "not_starts_with (or {\"any\": [...]} alone)");
    }
    std::string key = test;
    auto operand = node.at(key);
    using Kind = LayoutCondition::Kind;
    if (key == "in") {
        condition.kind = Kind::one_of;
        for (std::size_t i = 0; i < operand.array_size(); ++i) {
            condition.values.push_back(operand.item(i).scalar_text());
        }
        if (condition.values.empty()) {
            operand.fail("expected at least one value");
        }
    } else if (key == "is_null") {
        condition.kind = operand.boolean() ? Kind::is_null : Kind::is_not_null;
    } else if (key == "in_future") {
        condition.kind = operand.boolean() ? Kind::in_future : Kind::not_in_future;
    } else if (key == "starts_with" || key == "not_starts_with") {
        condition.kind = Kind::starts_with;
        condition.negated = key == "not_starts_with";
        condition.values.push_back(operand.string());
    } else if (key == "at_least_column" || key == "below_column") {
        condition.kind = Kind::compare;
        condition.op = op_of(key);
        condition.other_column = operand.string();
    } else {
        read_operand(operand, condition);
        condition.op = op_of(key);
        // A plain equality stays one: a status column of values is the common shape, which
        // stats counts with one GROUP BY.
        condition.kind =
            key == "equals" && condition.other_column.empty() ? Kind::equals : Kind::compare;
    }
    return condition;
}

std::vector<LayoutCondition> read_conditions(const JsonNode& node, int version, bool allow_empty) {
    std::vector<LayoutCondition> conditions;
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        conditions.push_back(read_condition(node.item(i), version));
    }
    if (conditions.empty() && !allow_empty) {
        node.fail(version < 2 ? "a state needs at least one condition"
                              : "expected at least one condition");
    }
    return conditions;
}

JsonKey read_json_key(const JsonNode& node, int version) {
    require_version_2(node, version, "a field read from JSON");
    node.allow_keys({"json", "key", "path"});
    JsonKey key;
    key.column = node.at("json").string();
    bool has_key = node.json().contains("key");
    if (has_key == node.json().contains("path")) {
        node.fail("give the JSON column and one of \"key\": NAME or \"path\": [NAME, ...]");
    }
    if (has_key) {
        key.path.push_back(node.at("key").string());
        return key;
    }
    auto path = node.at("path");
    for (std::size_t i = 0; i < path.array_size(); ++i) {
        key.path.push_back(path.item(i).string());
    }
    if (key.path.empty()) {
        path.fail("expected at least one key");
    }
    return key;
}

QualifiedName table_name(const JsonNode& node, const std::string& schema) {
    return {schema, node.at("table").string()};
}

} // namespace eventctl::reading
