#pragma once

// An outbox layout bound to the live tables: each mapped column with the way it stores its
// values, and the SQL every outbox command is built from. Column names reach the SQL quoted,
// values as bound parameters; the layout never contributes SQL text.

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/filter.h"
#include "eventctl/outbox/list_cursor.h"
#include "eventctl/session/session.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/catalog.h"
#include "eventctl/sql/condition.h"
#include "eventctl/sql/expressions.h"
#include "sql/rule_sql.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// One mapped column: its quoted name and how it stores values.
struct BoundColumn {
    std::string name; // unquoted
    ColumnKind kind = ColumnKind::other;
    TimeFormat time = TimeFormat::timestamptz;
    JsonFormat json = JsonFormat::jsonb;
};

// One physical table of the outbox: the table itself, or the dead-letter table whose every row
// is dead. alias is how the SQL refers to it ("" for the bare table name).
class OutboxPart {
  public:
    OutboxPart(QualifiedName table, bool dead_letters, CatalogTable catalog = {},
               std::vector<LayoutCondition> filter = {})
        : m_table(std::move(table)), m_dead(dead_letters), m_catalog(std::move(catalog)),
          m_filter(std::move(filter)) {}

    // Maps a field to its column, or to a JSON key (binding).
    void add_field(OutboxField field, BoundColumn column) { m_fields[field] = std::move(column); }
    void add_json_field(OutboxField field, JsonKey key) { m_json[field] = std::move(key); }

    const QualifiedName& table() const { return m_table; }
    bool is_dead_letters() const { return m_dead; }
    // The bound column of a field, if the part maps it to a column (not to a JSON key).
    const BoundColumn* field(OutboxField field) const;
    // Whether the part maps the field, to a column or a JSON key.
    bool maps(OutboxField field) const;
    // What says when a dead entry died, first found first: processed_at, then updated_at.
    // check --new-dead ages dead entries by them, and doctor's index for it holds them.
    std::vector<const BoundColumn*> died_at_columns() const;
    // The field as text: its column, or its JSON key; NULL::text where the part lacks it.
    std::string text(OutboxField field, SqlParams& params, const std::string& alias = "") const;
    // Whether the table has a column of that name, mapped or not, and its kind.
    const CatalogColumn* raw(const std::string& name) const;
    // The catalog's description of the table, and how its columns store times.
    const CatalogTable& catalog() const { return m_catalog; }
    TimeFormatOf formats() const { return time_formats_of(m_catalog); }
    // The layout's row filter on this table (empty: every row is the outbox's).
    const std::vector<LayoutCondition>& row_filter() const { return m_filter; }

    // How a column, mapped or not, stores a time (timestamptz when it is not a time column).
    TimeFormat time_format(const std::string& column) const;
    // A reference to a column: alias.column, quoted.
    std::string ref(const std::string& column, const std::string& alias = "") const;
    // The field's column (qualified by alias), or NULL cast to the type given when unmapped.
    std::string value(OutboxField field, const std::string& null_type,
                      const std::string& alias = "") const;

  private:
    QualifiedName m_table;
    bool m_dead;
    CatalogTable m_catalog;
    std::vector<LayoutCondition> m_filter;
    std::map<OutboxField, BoundColumn> m_fields;
    std::map<OutboxField, JsonKey> m_json;
};

// The outbox of a layout, bound to the catalog.
class OutboxTable {
  public:
    // Binds the layout's outbox to the catalog's description of its tables (the outbox, then
    // the dead-letter table if any); throws UsageError (exit 64) naming the first mismatch.
    OutboxTable(const Layout& layout, const std::vector<CatalogTable>& catalog);

    // Reads the catalog and binds; the tables a layout's outbox needs, in one round trip.
    static OutboxTable open(Session& session, const Layout& layout);

    // Everything that keeps the layout from fitting the catalog, for doctor; empty when it fits.
    static std::vector<std::string> problems(const Layout& layout,
                                             const std::vector<CatalogTable>& catalog);

    // The tables to read from the catalog for a layout's outbox, in binding order.
    static std::vector<QualifiedName> catalog_tables(const Layout& layout);

    const std::string& layout_name() const { return m_layout_name; }
    const OutboxLayout& layout() const { return m_layout; }
    const OutboxPart& main() const { return m_main; }
    const OutboxPart* dead_letters() const { return m_dead ? &*m_dead : nullptr; }
    // The state every row of the second table is in: dead, or completed for an archive.
    Status second_state() const {
        return m_layout.dead_letters ? m_layout.dead_letters->holds : Status::dead;
    }
    // The parts that hold entries of any of these states (all parts for none).
    std::vector<const OutboxPart*> parts_for(const std::vector<Status>& statuses) const;
    // Every part, the outbox first.
    std::vector<const OutboxPart*> parts() const;

    // Whether each state of the main table is a value of one status column: the common shape,
    // which stats counts with one GROUP BY over an index.
    const std::string* simple_status_column() const;
    // The value the status column holds for a state (simple_status_column layouts).
    std::optional<std::string> status_value(Status status) const;

    // Whether the part holds entries of the state (the layout has it, and keeps it there).
    bool holds(const OutboxPart& part, Status status) const {
        const auto* rule = m_layout.state(status);
        return rule != nullptr && rule->in_dead_letters == part.is_dead_letters();
    }
    // The rows of the part that belong to the outbox: its row filter (always, for none).
    Condition rows(const OutboxPart& part, SqlParams& params, const std::string& alias = "") const;
    // The conditions of a state on a part, its row filter included (never, when the part holds
    // none of it).
    Condition state_condition(const OutboxPart& part, Status status, SqlParams& params,
                              const std::string& alias = "") const;
    // Any of the states (never, for none).
    Condition any_state_condition(const OutboxPart& part, const std::vector<Status>& statuses,
                                  SqlParams& params, const std::string& alias = "") const;
    // A processing entry's lock is stale: its lease ran out, or, for a lock recorded by when it
    // was taken, the claim is older than the layout's stale_after; with claimed_over, also a
    // claim older than that (locked_at, else updated_at). Never when the layout cannot tell.
    Condition stale_lock(const OutboxPart& part, SqlParams& params, const std::string& alias = "",
                         std::optional<std::chrono::seconds> claimed_over = std::nullopt) const;
    // The canonical status of each row as text ('pending'...), NULL for a row in no state.
    std::string status_expression(const OutboxPart& part, SqlParams& params,
                                  const std::string& alias = "") const;

    // The filters on a part, its row filter included (always, for none).
    Condition filter(const OutboxPart& part, const OutboxFilter& filter, SqlParams& params,
                     const std::string& alias = "") const;
    // The part's id among these ids.
    Condition id_in(const OutboxPart& part, const std::vector<std::string>& ids, SqlParams& params,
                    const std::string& alias = "") const;
    // The part's id equal to one id.
    Condition id_equals(const OutboxPart& part, const std::string& id, SqlParams& params,
                        const std::string& alias = "") const;

    // The select list read_entry reads; with_row adds the whole row as JSON (alias required).
    std::string entry_select_list(const OutboxPart& part, bool with_payload, SqlParams& params,
                                  const std::string& alias = "", bool with_row = false) const;
    // Whether the outbox records when entries were written: without, entries are listed in id
    // order and aged only by the states' own columns.
    bool has_created_at() const { return m_main.field(OutboxField::created_at) != nullptr; }
    // created_at as timestamptz, the first sort key (the epoch for every row of an outbox that
    // records no creation time, which leaves the id to order them).
    std::string created_at(const OutboxPart& part, const std::string& alias = "") const;
    // created_at as epoch microseconds.
    std::string created_at_micros(const OutboxPart& part, const std::string& alias = "") const;
    // The keyset condition after a cursor, over (created_at, id), on a part.
    Condition after_cursor(const OutboxPart& part, const ListCursor& cursor, SqlParams& params,
                           const std::string& alias = "") const;
    // The ORDER BY of the keyset, on a part.
    std::string keyset_order(const OutboxPart& part, SortOrder order,
                             const std::string& alias = "") const;

    // When an entry of the state reached it: the state's age_from column, else processed_at,
    // else created_at, as timestamptz: what purge's age counts from (DESIGN 2.5). Empty when the
    // part records none of them.
    std::optional<std::string> age_reference(const OutboxPart& part, Status status,
                                             const std::string& alias = "") const;
    // How the age of a state is measured, for the echoed selection.
    std::string age_description(Status status) const;

    // Whether text payloads need checking on the way out (a text column may hold anything).
    bool payload_is_text(const OutboxPart& part) const;
    bool metadata_is_text(const OutboxPart& part) const;

    // When a lock recorded by when it was taken ends by each row's own lease (stale_after_column).
    std::string lease_end(const OutboxPart& part, const std::string& alias = "") const;
    // locked_until for the output, as epoch microseconds: the column (null where it holds the
    // layout's unlocked_until), or the end of a lease taken at locked_at.
    std::string locked_until_micros(const OutboxPart& part, SqlParams& params,
                                    const std::string& alias = "") const;

    // The state's own conditions on a part, without the row filter.
    Condition state_only(const OutboxPart& part, Status status, SqlParams& params,
                         const std::string& alias = "") const;

  private:
    std::string m_layout_name;
    OutboxLayout m_layout;
    OutboxPart m_main;
    std::optional<OutboxPart> m_dead;
};

} // namespace eventctl
