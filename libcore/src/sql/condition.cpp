#include "eventctl/sql/condition.h"

namespace eventctl {

namespace {

Condition joined(const std::vector<const Condition*>& parts, const char* separator) {
    if (parts.size() == 1) {
        return *parts.front();
    }
    std::string sql = "(";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        sql += (i == 0 ? "" : separator) + parts[i]->sql();
    }
    return Condition(sql + ")");
}

} // namespace

Condition Condition::all(const std::vector<Condition>& conditions) {
    std::vector<const Condition*> parts;
    for (const auto& condition : conditions) {
        if (condition.is_never()) {
            return never();
        }
        if (!condition.is_always()) {
            parts.push_back(&condition);
        }
    }
    return parts.empty() ? always() : joined(parts, " AND ");
}

Condition Condition::any(const std::vector<Condition>& conditions) {
    std::vector<const Condition*> parts;
    for (const auto& condition : conditions) {
        if (condition.is_always()) {
            return always();
        }
        if (!condition.is_never()) {
            parts.push_back(&condition);
        }
    }
    return parts.empty() ? never() : joined(parts, " OR ");
}

std::string Condition::sql() const {
    switch (m_constant) {
    case Constant::always:
        return "TRUE";
    case Constant::never:
        return "FALSE";
    case Constant::none:
        break;
    }
    return m_sql;
}

Condition Condition::negated() const {
    if (is_always()) {
        return never();
    }
    if (is_never()) {
        return always();
    }
    return Condition("NOT COALESCE(" + m_sql + ", FALSE)");
}

} // namespace eventctl
