#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventctl {

// Quotes an identifier the way PostgreSQL's quote_ident does, always, so no name is ever
// read as SQL; throws UsageError for names PostgreSQL cannot hold (empty, NUL bytes).
std::string quote_identifier(std::string_view name);

// A schema-qualified relation name, rendered quoted.
struct QualifiedName {
    std::string schema;
    std::string name;

    // The name as SQL text: "schema"."name".
    std::string sql() const;
    // The name for people: schema.name.
    std::string display() const;
};

// Values bound to a statement as $1, $2...; the SQL text only ever holds the placeholders.
class SqlParams {
  public:
    // Binds a value and returns its placeholder.
    std::string bind(std::string value);
    // Binds SQL NULL and returns its placeholder.
    std::string bind_null();
    // Binds a value, or NULL when there is none, and returns its placeholder.
    std::string bind_optional(const std::optional<std::string>& value);
    // Binds a list as one text[] array parameter and returns the placeholder, cast to text[].
    std::string bind_text_array(const std::vector<std::string>& values);
    // Binds a list as one array parameter of no stated type: the server types it from the
    // column it is compared with (an enum, an integer flag, varchar), as "col = ANY($n)".
    std::string bind_array(const std::vector<std::string>& values);

    // The values in placeholder order, nullptr for NULL, as libpq wants them.
    std::vector<const char*> values() const;
    // The values for a --verbose log line.
    std::string describe() const;

  private:
    std::deque<std::optional<std::string>> m_values;
};

} // namespace eventctl
