#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"
#include "sql/rule_checker.h"

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

// The outbox's own checks on top of the rules': fields and their types.
class Checker : public RuleChecker {
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

    void bind_fields(OutboxPart& part, const CatalogTable& table,
                     const std::map<OutboxField, std::string>& columns,
                     const std::map<OutboxField, JsonKey>& json_fields,
                     const std::string& id_type) {
        for (const auto& [field, name] : columns) {
            bind_field(part, table, field, name, id_type);
        }
        for (const auto& [field, key] : json_fields) {
            check_json_key(table, key, std::string(to_string(field)));
            part.add_json_field(field, key);
        }
    }

    void check_time_column(const CatalogTable& table, const std::string& name,
                           const std::string& where) {
        const auto* column = this->column(table, name, where);
        expect(table, column, column && stores_time(column->kind), where,
               "timestamptz, timestamp or RFC 3339 text");
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

// The writes of the states and transitions, each on the table it writes.
void check_writes(Checker& checker, const OutboxLayout& outbox, const CatalogTable& main,
                  const CatalogTable* dead) {
    for (auto status : all_statuses) {
        const auto* rule = outbox.state(status);
        if (rule == nullptr || !rule->set) {
            continue;
        }
        auto where = "state " + std::string(to_string(status)) + " (set)";
        if (rule->in_dead_letters) {
            if (dead != nullptr) {
                checker.check_assignments(*dead, *rule->set, where, main);
            }
        } else {
            checker.check_assignments(main, *rule->set, where, dead ? *dead : main);
        }
    }
    for (auto transition : all_transitions) {
        const auto* writes = outbox.transition(transition);
        if (writes == nullptr) {
            continue;
        }
        auto where = "transitions." + std::string(to_string(transition));
        // mark-dead writes where dead entries live; retry and unlock-stale the outbox.
        bool into_dead = transition == OutboxTransition::mark_dead && dead != nullptr;
        if (writes->set) {
            if (into_dead) {
                checker.check_assignments(*dead, *writes->set, where + ".set", main);
            } else {
                checker.check_assignments(main, *writes->set, where + ".set",
                                          dead && transition == OutboxTransition::retry ? *dead
                                                                                        : main);
            }
        }
        if (writes->in_place && dead != nullptr) {
            checker.check_assignments(*dead, *writes->in_place, where + ".in_place", *dead);
        }
    }
}

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
    binding.main = OutboxPart(outbox.table, false, main_table, outbox.filter);
    checker.bind_fields(binding.main, main_table, outbox.columns, outbox.json_fields,
                        outbox.id_type);
    checker.check_conditions(main_table, outbox.filter, "filter");
    const CatalogTable* dead_table = nullptr;
    if (outbox.dead_letters) {
        const auto& dead = *outbox.dead_letters;
        if (checker.table(catalog.size() < 2 ? CatalogTable{dead.table, false, {}, {}} : catalog[1],
                          "the dead letters")) {
            dead_table = &catalog[1];
            binding.dead.emplace(dead.table, true, catalog[1], dead.filter);
            checker.bind_fields(*binding.dead, catalog[1], dead.columns, dead.json_fields,
                                outbox.id_type);
            checker.check_conditions(catalog[1], dead.filter, "dead_letters.filter");
        }
    }
    for (auto status : all_statuses) {
        const auto* rule = outbox.state(status);
        if (rule == nullptr) {
            continue;
        }
        auto where = "state " + std::string(to_string(status));
        if (!rule->in_dead_letters) {
            checker.check_conditions(main_table, rule->when, where);
        }
        if (rule->age_column) {
            const auto* table = rule->in_dead_letters ? dead_table : &main_table;
            if (table != nullptr) {
                checker.check_time_column(*table, *rule->age_column, where + " (age_from)");
            }
        }
    }
    check_writes(checker, outbox, main_table, dead_table);
    if (outbox.has(OutboxField::locked_until)) {
        checker.check_value(main_table, *outbox.column(OutboxField::locked_until),
                            outbox.unlocked_until, "unlocked_until", main_table);
    }
    if (outbox.stale_after_column) {
        const auto* lease = checker.column(main_table, *outbox.stale_after_column, "stale_after");
        checker.expect(main_table, lease, lease && lease->kind == ColumnKind::integer,
                       "stale_after", "an integer type (the lease in seconds)");
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
