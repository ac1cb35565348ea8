#include "doctor_steps.h"
#include "doctor_text.h"
#include "eventctl/session/transactions.h"

#include <algorithm>
#include <map>
#include <set>

namespace eventctl::doctor {

namespace {

std::string key_of(const QualifiedName& table) {
    return table.schema + '\n' + table.name;
}

std::vector<std::optional<std::string>> read_keys(const pqxx::field& field) {
    std::vector<std::optional<std::string>> keys;
    auto parser = field.as_array();
    for (auto element = parser.get_next(); element.first != pqxx::array_parser::done;
         element = parser.get_next()) {
        if (element.first == pqxx::array_parser::string_value) {
            keys.emplace_back(element.second);
        } else if (element.first == pqxx::array_parser::null_value) {
            keys.emplace_back(std::nullopt); // an expression
        }
    }
    return keys;
}

// Every index of the tables, by table, from pg_index: key columns in order (NULL for an
// expression), uniqueness, a predicate or not, and whether it is usable at all.
std::map<std::string, std::vector<ExistingIndex>>
read_indexes(Session& session, pqxx::transaction_base& tx,
             const std::vector<QualifiedName>& tables) {
    std::vector<std::string> names;
    for (const auto& table : tables) {
        names.push_back(table.sql());
    }
    SqlParams params;
    auto sql =
        "SELECT t.ord, ic.relname::text, i.indisunique, i.indpred IS NOT NULL, "
        "i.indisvalid AND i.indisready AND i.indislive, am.amname = 'btree', i.indimmediate, "
        "ARRAY(SELECT a.attname::text FROM pg_catalog.generate_series(0, i.indnkeyatts - 1) "
        "AS k(n) LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
        "i.indkey[k.n] ORDER BY k.n), pg_catalog.pg_get_indexdef(i.indexrelid) "
        "FROM pg_catalog.unnest(" +
        params.bind_text_array(names) +
        ") WITH ORDINALITY AS t(name, ord) "
        "JOIN pg_catalog.pg_index i ON i.indrelid = pg_catalog.to_regclass(t.name) "
        "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
        "ORDER BY t.ord, ic.relname";
    std::map<std::string, std::vector<ExistingIndex>> indexes;
    for (const auto& row : session.exec(tx, sql, params)) {
        ExistingIndex index;
        index.name = row[1].as<std::string>();
        index.unique = row[2].as<bool>();
        index.partial = row[3].as<bool>();
        index.valid = row[4].as<bool>();
        index.btree = row[5].as<bool>();
        index.immediate = row[6].as<bool>();
        index.keys = read_keys(row[7]);
        index.definition = row[8].as<std::string>();
        indexes[key_of(tables[row[0].as<std::size_t>() - 1])].push_back(std::move(index));
    }
    return indexes;
}

// The names among these that some relation of the schema already has.
std::set<std::string> taken_names(Session& session, pqxx::transaction_base& tx,
                                  const std::vector<std::pair<std::string, std::string>>& names) {
    std::vector<std::string> schemas;
    std::vector<std::string> relations;
    for (const auto& [schema, name] : names) {
        schemas.push_back(schema);
        relations.push_back(name);
    }
    SqlParams params;
    auto sql = "SELECT t.schema, t.name FROM ROWS FROM (pg_catalog.unnest(" +
               params.bind_text_array(schemas) + "), pg_catalog.unnest(" +
               params.bind_text_array(relations) +
               ")) AS t(schema, name) WHERE EXISTS (SELECT FROM pg_catalog.pg_class c JOIN "
               "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = t.schema "
               "AND c.relname = t.name)";
    std::set<std::string> taken;
    for (const auto& row : session.exec(tx, sql, params)) {
        taken.insert(row[0].as<std::string>() + '\n' + row[1].as<std::string>());
    }
    return taken;
}

// The suffixed name, then the same with 1, 2, ... as PostgreSQL numbers its own names.
std::string candidate_name(const IndexNeed& need, int attempt) {
    return index_name(need.table.name,
                      need.name_suffix + (attempt == 0 ? "" : std::to_string(attempt)));
}

constexpr int name_attempts = 10;

} // namespace

std::vector<IndexCheck> check_indexes(Session& session, pqxx::transaction_base& tx,
                                      const std::vector<IndexNeed>& needs) {
    std::vector<QualifiedName> tables;
    std::set<std::string> seen;
    for (const auto& need : needs) {
        if (seen.insert(key_of(need.table)).second) {
            tables.push_back(need.table);
        }
    }
    auto indexes = tables.empty() ? std::map<std::string, std::vector<ExistingIndex>>{}
                                  : read_indexes(session, tx, tables);

    std::map<std::string, PartitionTree> trees;
    for (const auto& table : tables) {
        trees[key_of(table)] = read_partition_tree(session, tx, table);
    }

    std::vector<IndexCheck> checks;
    std::vector<std::pair<std::string, std::string>> candidates;
    for (const auto& need : needs) {
        IndexCheck check{need, std::nullopt, std::nullopt, {}};
        const auto& tree = trees[key_of(need.table)];
        if (need.unique && tree.partitioned()) {
            // A unique index on a partitioned table must hold the partition key's columns.
            for (const auto& column : tree.root().key->columns) {
                bool held = column && std::find(need.columns.begin(), need.columns.end(),
                                                *column) != need.columns.end();
                if (!held) {
                    check.need.unindexable = "a unique index on " + need.table.display() +
                                             " must include its partition key, " +
                                             tree.root().key->describe() + ", and one on (" +
                                             doctor_text::joined(need.columns) +
                                             ") alone cannot, so no index can serve it";
                    break;
                }
            }
        }
        const auto& found = indexes[key_of(need.table)];
        if (const auto* index = serving_index(need, found)) {
            check.index = *index;
        } else if (check.need.unindexable) {
            check.note = *check.need.unindexable;
        } else {
            for (const auto& index : found) {
                auto usable = index;
                usable.valid = true;
                if (!index.valid && serving_index(need, {usable}) != nullptr) {
                    check.note = "index " + index.name +
                                 " would serve it but is invalid, left by a CREATE INDEX "
                                 "CONCURRENTLY that failed: run DROP INDEX CONCURRENTLY " +
                                 QualifiedName{need.table.schema, index.name}.sql() + "; first";
                }
            }
            for (int attempt = 0; attempt < name_attempts; ++attempt) {
                candidates.emplace_back(need.table.schema, candidate_name(need, attempt));
            }
        }
        checks.push_back(std::move(check));
    }
    if (candidates.empty()) {
        return checks;
    }

    // A name nothing in the schema has, nor another statement printed here.
    auto taken = taken_names(session, tx, candidates);
    for (auto& check : checks) {
        if (check.index || check.need.unindexable) {
            continue;
        }
        for (int attempt = 0; attempt < name_attempts; ++attempt) {
            auto name = candidate_name(check.need, attempt);
            if (taken.insert(check.need.table.schema + '\n' + name).second) {
                const auto& tree = trees[key_of(check.need.table)];
                check.statement = tree.partitioned()
                                      ? create_partitioned_index_statements(check.need, name, tree)
                                      : create_index_statement(check.need, name);
                break;
            }
        }
    }
    return checks;
}

} // namespace eventctl::doctor
