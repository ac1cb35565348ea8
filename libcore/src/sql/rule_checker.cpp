#include "sql/rule_checker.h"

#include "eventctl/render/human_text.h"

#include <algorithm>

namespace eventctl {

void RuleChecker::check_label(const CatalogTable& table, const CatalogColumn& column,
                              const std::string& value, const std::string& where) {
    if (column.kind != ColumnKind::enumeration) {
        return;
    }
    if (std::find(column.enum_labels.begin(), column.enum_labels.end(), value) ==
        column.enum_labels.end()) {
        problem(where + ": \"" + value + "\" is not a value of " + table.name.display() + "." +
                column.name + " (enum " + column.type + ": " + joined(column.enum_labels) + ")");
    }
}

void RuleChecker::check_condition(const CatalogTable& table, const LayoutCondition& condition,
                                  const std::string& where) {
    using Kind = LayoutCondition::Kind;
    if (condition.kind == Kind::any) {
        for (const auto& group : condition.groups) {
            check_conditions(table, group, where);
        }
        return;
    }
    const auto* column = this->column(table, condition.column, where);
    if (column == nullptr) {
        return;
    }
    switch (condition.kind) {
    case Kind::equals:
    case Kind::one_of:
        for (const auto& value : condition.values) {
            check_label(table, *column, value, where);
        }
        break;
    case Kind::in_future:
    case Kind::not_in_future:
        if (!stores_time(column->kind)) {
            problem(where + ": column " + condition.column + " is " + column->type +
                    ", not a time");
        }
        break;
    case Kind::compare:
        if (!condition.other_column.empty()) {
            this->column(table, condition.other_column, where);
        } else if (condition.op == LayoutCondition::Op::eq ||
                   condition.op == LayoutCondition::Op::ne) {
            check_label(table, *column, condition.values.front(), where);
        }
        break;
    case Kind::is_null:
    case Kind::is_not_null:
    case Kind::starts_with:
    case Kind::any:
        break;
    }
}

void RuleChecker::check_conditions(const CatalogTable& table,
                                   const std::vector<LayoutCondition>& conditions,
                                   const std::string& where) {
    for (const auto& condition : conditions) {
        check_condition(table, condition, where);
    }
}

void RuleChecker::check_value(const CatalogTable& target, const std::string& column_name,
                              const LayoutValue& value, const std::string& where,
                              const CatalogTable& source) {
    const auto* column = this->column(target, column_name, where);
    if (column == nullptr) {
        return;
    }
    auto integer = [&](const CatalogTable& table, const std::string& name) {
        const auto* found = this->column(table, name, where);
        expect(table, found, found && found->kind == ColumnKind::integer, where, "an integer type");
    };
    switch (value.kind) {
    case LayoutValue::Kind::now:
        if (!stores_time(column->kind)) {
            problem(where + ": column " + column_name + " is " + column->type +
                    ", which cannot hold the current time");
        }
        if (value.after_column) {
            integer(source, *value.after_column);
        }
        break;
    case LayoutValue::Kind::column:
        if (value.add != 0) {
            integer(source, value.text);
        } else {
            this->column(source, value.text, where);
        }
        break;
    case LayoutValue::Kind::add:
        expect(target, column, column->kind == ColumnKind::integer, where, "an integer type");
        break;
    case LayoutValue::Kind::constant:
        check_label(target, *column, value.text, where);
        break;
    case LayoutValue::Kind::null:
        if (column->not_null) {
            problem(where + ": column " + column_name + " is NOT NULL; give the value it " +
                    "holds instead of null");
        }
        break;
    case LayoutValue::Kind::reason:
        if (value.json_key) {
            expect(target, column, stores_json(column->kind), where,
                   "jsonb, json or text, to hold the reason in a JSON object");
        } else {
            expect(target, column, column->kind == ColumnKind::text, where,
                   "text, to hold the reason");
        }
        break;
    }
}

void RuleChecker::check_assignments(const CatalogTable& target,
                                    const LayoutAssignments& assignments, const std::string& where,
                                    const CatalogTable& source) {
    for (const auto& [column, value] : assignments) {
        check_value(target, column, value, where, source);
    }
}

void RuleChecker::check_json_key(const CatalogTable& table, const JsonKey& key,
                                 const std::string& where) {
    const auto* column = this->column(table, key.column, where);
    expect(table, column,
           column && (column->kind == ColumnKind::jsonb || column->kind == ColumnKind::json), where,
           "jsonb or json, to read a key of");
}

} // namespace eventctl
