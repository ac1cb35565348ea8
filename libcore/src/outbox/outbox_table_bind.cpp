#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"
#include "sql/catalog_checker.h"

#include <algorithm>

namespace eventctl {

namespace {

bool fits_id_type(ColumnKind kind, const std::string& id_type) {
    if (id_type == "uuid") {
        return kind == ColumnKind::uuid;
    }
    if (id_type == "bigint") {
        return kind == ColumnKind::integer;
    }
    return kind == ColumnKind::text;
}

// The outbox's own checks on top of the shared ones: fields, state conditions and values.
class Checker : public CatalogChecker {
  public:
    void bind_field(OutboxPart& part, const CatalogTable& table, OutboxField field,
                    const std::string& name, const std::string& id_type) {
        const auto* column = this->column(table, name, std::string(to_string(field)));
        if (column == nullptr) {
            return;
        }
        BoundColumn bound{name, column->kind};
        auto type_problem = [&](const std::string& expected) {
            expect(table, column, false, std::string(to_string(field)), expected);
        };
        if (field == OutboxField::id && !fits_id_type(column->kind, id_type)) {
            type_problem(id_type + " (the layout's id_type)");
        } else if (is_time_field(field)) {
            if (!stores_time(column->kind)) {
                type_problem("timestamptz, timestamp or RFC 3339 text");
            }
            bound.time = time_format_of(column->kind);
        } else if (field == OutboxField::payload || field == OutboxField::metadata) {
            if (!stores_json(column->kind)) {
                type_problem("jsonb, json or text holding JSON");
            }
            bound.json = json_format_of(column->kind);
        } else if ((field == OutboxField::attempts || field == OutboxField::max_attempts ||
                    field == OutboxField::sequence) &&
                   column->kind != ColumnKind::integer) {
            type_problem("an integer type");
        }
        part.add_field(field, bound);
    }

    void check_value(const CatalogTable& table, const std::string& column_name,
                     const LayoutValue& value, const std::string& where) {
        const auto* column = this->column(table, column_name, where);
        if (column == nullptr) {
            return;
        }
        switch (value.kind) {
        case LayoutValue::Kind::now:
            if (!stores_time(column->kind)) {
                problem(where + ": column " + column_name + " is " + column->type +
                        ", which cannot hold the current time");
            }
            break;
        case LayoutValue::Kind::column:
            this->column(table, value.text, where);
            break;
        case LayoutValue::Kind::constant:
            check_label(table, *column, value.text, where);
            break;
        case LayoutValue::Kind::null:
            if (column->not_null) {
                problem(where + ": column " + column_name + " is NOT NULL; give the value it " +
                        "holds instead of null");
            }
            break;
        }
    }

    void check_label(const CatalogTable& table, const CatalogColumn& column,
                     const std::string& value, const std::string& where) {
        if (column.kind != ColumnKind::enumeration) {
            return;
        }
        if (std::find(column.enum_labels.begin(), column.enum_labels.end(), value) ==
            column.enum_labels.end()) {
            std::string labels;
            for (const auto& label : column.enum_labels) {
                labels += (labels.empty() ? "" : ", ") + label;
            }
            problem(where + ": \"" + value + "\" is not a value of " + table.name.display() + "." +
                    column.name + " (enum " + column.type + ": " + labels + ")");
        }
    }

    void check_condition(const CatalogTable& table, const LayoutCondition& condition,
                         const std::string& where) {
        const auto* column = this->column(table, condition.column, where);
        if (column == nullptr) {
            return;
        }
        switch (condition.kind) {
        case LayoutCondition::Kind::equals:
        case LayoutCondition::Kind::one_of:
            for (const auto& value : condition.values) {
                check_label(table, *column, value, where);
            }
            break;
        case LayoutCondition::Kind::in_future:
        case LayoutCondition::Kind::not_in_future:
            if (!stores_time(column->kind)) {
                problem(where + ": column " + condition.column + " is " + column->type +
                        ", not a time");
            }
            break;
        case LayoutCondition::Kind::at_least_column:
        case LayoutCondition::Kind::below_column:
            this->column(table, condition.other_column, where);
            break;
        case LayoutCondition::Kind::is_null:
        case LayoutCondition::Kind::is_not_null:
            break;
        }
    }
};

} // namespace

std::vector<QualifiedName> OutboxTable::catalog_tables(const Layout& layout) {
    std::vector<QualifiedName> tables;
    if (layout.outbox) {
        tables.push_back(layout.outbox->table);
        if (layout.outbox->dead_letters) {
            tables.push_back(layout.outbox->dead_letters->table);
        }
    }
    return tables;
}

namespace {

// Binds or lists problems: one walk serves both, so doctor reports exactly what commands refuse.
struct Binding {
    OutboxPart main{{}, false};
    std::optional<OutboxPart> dead;
    std::vector<std::string> problems;
};

Binding bind_outbox(const Layout& layout, const std::vector<CatalogTable>& catalog) {
    Binding binding;
    Checker checker;
    const auto& outbox = *layout.outbox;
    if (!checker.table(catalog.empty() ? CatalogTable{outbox.table, false, {}, {}} : catalog[0],
                       "the outbox")) {
        binding.problems = checker.problems();
        return binding;
    }
    const auto& main_table = catalog[0];
    binding.main = OutboxPart(outbox.table, false, main_table);
    for (const auto& [field, name] : outbox.columns) {
        checker.bind_field(binding.main, main_table, field, name, outbox.id_type);
    }
    for (auto status : all_statuses) {
        const auto* rule = outbox.state(status);
        if (rule == nullptr || rule->in_dead_letters) {
            continue;
        }
        auto where = "state " + std::string(to_string(status));
        for (const auto& condition : rule->when) {
            checker.check_condition(main_table, condition, where);
        }
        if (rule->set) {
            for (const auto& [column, value] : *rule->set) {
                checker.check_value(main_table, column, value, where + " (set)");
            }
        }
    }
    if (outbox.has(OutboxField::locked_until)) {
        checker.check_value(main_table, *outbox.column(OutboxField::locked_until),
                            outbox.unlocked_until, "unlocked_until");
    }
    if (outbox.dead_letters) {
        const auto& dead = *outbox.dead_letters;
        if (checker.table(catalog.size() < 2 ? CatalogTable{dead.table, false, {}, {}} : catalog[1],
                          "the dead letters")) {
            binding.dead.emplace(dead.table, true, catalog[1]);
            for (const auto& [field, name] : dead.columns) {
                checker.bind_field(*binding.dead, catalog[1], field, name, outbox.id_type);
            }
        }
    }
    binding.problems = checker.problems();
    return binding;
}

} // namespace

OutboxTable::OutboxTable(const Layout& layout, const std::vector<CatalogTable>& catalog)
    : m_layout_name(layout.name), m_layout(*layout.outbox), m_main({}, false) {
    auto binding = bind_outbox(layout, catalog);
    if (!binding.problems.empty()) {
        refuse_mismatch(layout.name, binding.problems, catalog);
    }
    m_main = std::move(binding.main);
    m_dead = std::move(binding.dead);
}

OutboxTable OutboxTable::open(Session& session, const Layout& layout) {
    ReadTransaction tx(session.connection());
    auto catalog = read_catalog(session, tx, catalog_tables(layout));
    tx.commit();
    return OutboxTable(layout, catalog);
}

std::vector<std::string> OutboxTable::problems(const Layout& layout,
                                               const std::vector<CatalogTable>& catalog) {
    return bind_outbox(layout, catalog).problems;
}

} // namespace eventctl
