#include "eventctl/layout/rules.h"

#include <algorithm>

namespace eventctl {

const char* to_sql(LayoutCondition::Op op) {
    switch (op) {
    case LayoutCondition::Op::eq:
        return "=";
    case LayoutCondition::Op::ne:
        return "<>";
    case LayoutCondition::Op::gt:
        return ">";
    case LayoutCondition::Op::ge:
        return ">=";
    case LayoutCondition::Op::lt:
        return "<";
    case LayoutCondition::Op::le:
        return "<=";
    }
    return "=";
}

namespace {

void collect(const std::vector<LayoutCondition>& conditions, std::vector<std::string>& columns) {
    auto add = [&columns](const std::string& column) {
        if (!column.empty() && std::find(columns.begin(), columns.end(), column) == columns.end()) {
            columns.push_back(column);
        }
    };
    for (const auto& condition : conditions) {
        if (condition.kind == LayoutCondition::Kind::any) {
            for (const auto& group : condition.groups) {
                collect(group, columns);
            }
            continue;
        }
        add(condition.column);
        add(condition.other_column);
    }
}

} // namespace

std::vector<std::string> condition_columns(const std::vector<LayoutCondition>& conditions) {
    std::vector<std::string> columns;
    collect(conditions, columns);
    return columns;
}

} // namespace eventctl
