#include "eventctl/sql/sql.h"

#include "eventctl/error.h"

namespace eventctl {

std::string quote_identifier(std::string_view name) {
    if (name.empty()) {
        throw UsageError("empty identifier: a schema, table or column name is required");
    }
    if (name.find('\0') != std::string_view::npos) {
        throw UsageError("invalid identifier: names cannot contain a NUL byte");
    }
    std::string quoted;
    quoted.reserve(name.size() + 2);
    quoted.push_back('"');
    for (char c : name) {
        if (c == '"') {
            quoted.push_back('"');
        }
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::string QualifiedName::sql() const {
    return quote_identifier(schema) + "." + quote_identifier(name);
}

std::string QualifiedName::display() const {
    return schema + "." + name;
}

std::string SqlParams::bind(std::string value) {
    m_values.emplace_back(std::move(value));
    return "$" + std::to_string(m_values.size());
}

std::string SqlParams::bind_null() {
    m_values.emplace_back(std::nullopt);
    return "$" + std::to_string(m_values.size());
}

std::string SqlParams::bind_optional(const std::optional<std::string>& value) {
    return value ? bind(*value) : bind_null();
}

namespace {

// An element of a PostgreSQL array literal, always quoted so commas, braces and NULL
// spellings inside user text stay text.
void append_array_element(std::string& literal, const std::string& value) {
    literal.push_back('"');
    for (char c : value) {
        if (c == '"' || c == '\\') {
            literal.push_back('\\');
        }
        literal.push_back(c);
    }
    literal.push_back('"');
}

} // namespace

std::string SqlParams::bind_text_array(const std::vector<std::string>& values) {
    return bind_array(values) + "::text[]";
}

std::string SqlParams::bind_array(const std::vector<std::string>& values) {
    std::string literal = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            literal.push_back(',');
        }
        append_array_element(literal, values[i]);
    }
    literal.push_back('}');
    return bind(std::move(literal));
}

std::vector<const char*> SqlParams::values() const {
    std::vector<const char*> pointers;
    pointers.reserve(m_values.size());
    for (const auto& value : m_values) {
        pointers.push_back(value ? value->c_str() : nullptr);
    }
    return pointers;
}

std::string SqlParams::describe() const {
    std::string text;
    for (std::size_t i = 0; i < m_values.size(); ++i) {
        text += (i == 0 ? "" : ", ");
        text += "$" + std::to_string(i + 1) + "=";
        text += m_values[i] ? "'" + *m_values[i] + "'" : "NULL";
    }
    return text;
}

} // namespace eventctl
