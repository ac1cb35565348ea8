#include "eventctl/sql/partitions.h"

#include "eventctl/session/transactions.h"
#include "sql/statement.h"

#include <algorithm>

namespace eventctl {

std::string PartitionKey::describe() const {
    std::string columns_text;
    for (const auto& column : columns) {
        columns_text += (columns_text.empty() ? "" : ", ") + column.value_or("an expression");
    }
    return strategy + " (" + columns_text + ")";
}

std::optional<std::string> PartitionKey::single_column() const {
    if (columns.size() != 1) {
        return std::nullopt;
    }
    return columns.front();
}

std::vector<const PartitionMember*> PartitionTree::leaves() const {
    std::vector<const PartitionMember*> found;
    for (const auto& member : members) {
        if (member.leaf) {
            found.push_back(&member);
        }
    }
    return found;
}

std::vector<const PartitionMember*> PartitionTree::children(const QualifiedName& parent) const {
    std::vector<const PartitionMember*> found;
    for (const auto& member : members) {
        if (member.parent && member.parent->schema == parent.schema &&
            member.parent->name == parent.name) {
            found.push_back(&member);
        }
    }
    return found;
}

std::vector<const PartitionMember*> PartitionTree::leaves_under(const QualifiedName& table) const {
    std::vector<const PartitionMember*> found;
    for (const auto& member : members) {
        if (member.table.schema == table.schema && member.table.name == table.name) {
            if (member.leaf) {
                return {&member};
            }
            for (const auto* child : children(table)) {
                auto more = leaves_under(child->table);
                found.insert(found.end(), more.begin(), more.end());
            }
        }
    }
    return found;
}

std::optional<std::int64_t> PartitionTree::planner_rows() const {
    std::optional<std::int64_t> sum;
    for (const auto* leaf : leaves()) {
        if (leaf->planner_rows) {
            sum = sum.value_or(0) + *leaf->planner_rows;
        }
    }
    return sum;
}

int PartitionTree::depth() const {
    int depth = 0;
    for (const auto& member : members) {
        depth = std::max(depth, member.level);
    }
    return depth;
}

namespace {

std::vector<std::optional<std::string>> key_columns(const pqxx::field& field) {
    std::vector<std::optional<std::string>> columns;
    auto parser = field.as_array();
    for (auto element = parser.get_next(); element.first != pqxx::array_parser::done;
         element = parser.get_next()) {
        if (element.first == pqxx::array_parser::string_value) {
            columns.emplace_back(element.second);
        } else if (element.first == pqxx::array_parser::null_value) {
            columns.emplace_back(std::nullopt);
        }
    }
    return columns;
}

std::string strategy_name(const std::string& code) {
    if (code == "r") {
        return "range";
    }
    if (code == "l") {
        return "list";
    }
    return code == "h" ? "hash" : code;
}

} // namespace

PartitionTree read_partition_tree(Session& session, pqxx::transaction_base& tx,
                                  const QualifiedName& table) {
    // pg_partition_tree walks pg_inherits at any depth, and has no rows for a table that is
    // neither partitioned nor a partition: that table is its own only leaf, with its own
    // statistics. A key column 0 is an expression, which no attribute matches.
    SqlParams params;
    auto sql = fmt::format(
        R"(SELECT n.nspname::text, c.relname::text, pn.nspname::text, pc.relname::text,
       t.level, t.isleaf, COALESCE(pg_catalog.pg_get_expr(c.relpartbound, c.oid), ''),
       pt.partstrat::text,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(pt.partattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             ORDER BY k.ord),
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END,
       pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::bigint
FROM (SELECT relid, parentrelid, isleaf, level
      FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass({table}))
      UNION ALL
      SELECT c.oid::pg_catalog.regclass, NULL::pg_catalog.regclass, true, 0
      FROM pg_catalog.pg_class c
      WHERE c.oid = pg_catalog.to_regclass({table}) AND c.relkind <> 'p'
        AND NOT c.relispartition) AS t
JOIN pg_catalog.pg_class c ON c.oid = t.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = t.parentrelid
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
ORDER BY t.level, n.nspname COLLATE "C", c.relname COLLATE "C")",
        "table"_a = params.bind(table.sql()));
    PartitionTree tree;
    for (const auto& row : session.exec(tx, sql, params)) {
        PartitionMember member;
        member.table = {row[0].as<std::string>(), row[1].as<std::string>()};
        if (!row[2].is_null()) {
            member.parent = QualifiedName{row[2].as<std::string>(), row[3].as<std::string>()};
        }
        member.level = row[4].as<int>();
        member.leaf = row[5].as<bool>();
        member.bound = row[6].as<std::string>();
        member.is_default = member.bound == "DEFAULT";
        if (!row[7].is_null()) {
            member.key = PartitionKey{strategy_name(row[7].as<std::string>()), key_columns(row[8])};
        }
        if (!row[9].is_null()) {
            member.planner_rows = row[9].as<std::int64_t>();
        }
        member.pages = row[10].as<std::int64_t>();
        tree.members.push_back(std::move(member));
    }
    if (tree.members.empty()) {
        // No such relation: its name alone, without statistics, so callers need no special case.
        PartitionMember alone;
        alone.table = table;
        tree.members.push_back(alone);
    }
    return tree;
}

PartitionTree read_partition_tree(Session& session, const QualifiedName& table) {
    ReadTransaction tx(session.connection());
    auto tree = read_partition_tree(session, tx, table);
    tx.commit();
    return tree;
}

namespace {

// One value of a bound list, from pos (just after "("): a quoted literal with '' for a quote,
// or a bare token (a number, MINVALUE, MAXVALUE). Moves pos past the value's closing ")".
std::optional<std::optional<std::string>> bound_value(const std::string& text, std::size_t& pos) {
    if (pos >= text.size()) {
        return std::nullopt;
    }
    std::string value;
    bool quoted = text[pos] == '\'';
    if (quoted) {
        ++pos;
        while (pos < text.size()) {
            if (text[pos] == '\'') {
                if (pos + 1 < text.size() && text[pos + 1] == '\'') {
                    value += '\'';
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            value += text[pos++];
        }
    } else {
        while (pos < text.size() && text[pos] != ')' && text[pos] != ',') {
            value += text[pos++];
        }
    }
    if (pos >= text.size() || text[pos] != ')') {
        return std::nullopt; // several columns, or not a bound at all
    }
    ++pos;
    if (!quoted && (value == "MINVALUE" || value == "MAXVALUE")) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(value);
}

} // namespace

std::optional<RangeBound> parse_range_bound(const std::string& bound) {
    const std::string from = "FOR VALUES FROM (";
    const std::string to = " TO (";
    if (bound.rfind(from, 0) != 0) {
        return std::nullopt;
    }
    std::size_t pos = from.size();
    auto lower = bound_value(bound, pos);
    if (!lower || bound.compare(pos, to.size(), to) != 0) {
        return std::nullopt;
    }
    pos += to.size();
    auto upper = bound_value(bound, pos);
    if (!upper || pos != bound.size()) {
        return std::nullopt;
    }
    return RangeBound{*lower, *upper};
}

} // namespace eventctl
