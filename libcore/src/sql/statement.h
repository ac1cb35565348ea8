#pragma once

// Statements are written whole, as templates whose {names} are filled with SQL fragments that
// are already safe: quoted identifiers, placeholders of bound values, and the expressions of
// eventctl/sql/expressions.h. A reviewer reads a statement in one place.

#include "eventctl/sql/condition.h"

#include <fmt/format.h>

namespace eventctl {

using namespace fmt::literals;

} // namespace eventctl

// A condition fills a template as its SQL text.
template <> struct fmt::formatter<eventctl::Condition> : fmt::formatter<std::string> {
    template <typename Context>
    auto format(const eventctl::Condition& condition, Context& context) const {
        return fmt::formatter<std::string>::format(condition.sql(), context);
    }
};
