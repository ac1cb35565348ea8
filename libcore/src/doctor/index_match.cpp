#include "doctor_steps.h"

#include <algorithm>
#include <map>

namespace eventctl {

namespace {

bool same_column(const std::optional<std::string>& key, const std::string& column) {
    return key && *key == column;
}

bool serves(const IndexNeed& need, const ExistingIndex& index) {
    if (!index.valid || !index.btree) {
        return false;
    }
    if (need.unique) {
        // ON CONFLICT (columns) infers a unique, immediate, non-partial index on exactly them.
        return index.unique && index.immediate && !index.partial &&
               index.keys.size() == need.columns.size() &&
               std::all_of(need.columns.begin(), need.columns.end(), [&](const std::string& c) {
                   return std::any_of(index.keys.begin(), index.keys.end(),
                                      [&](const auto& key) { return same_column(key, c); });
               });
    }
    if ((index.partial && !need.partial_ok) || index.keys.size() < need.columns.size()) {
        return false;
    }
    for (std::size_t i = 0; i < need.columns.size(); ++i) {
        if (!same_column(index.keys[i], need.columns[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

const ExistingIndex* serving_index(const IndexNeed& need, const std::vector<ExistingIndex>& found) {
    // A partial index is what a need that allows one is best served by; any other fits after.
    for (bool partial : {true, false}) {
        for (const auto& index : found) {
            if (index.partial == partial && serves(need, index)) {
                return &index;
            }
        }
    }
    return nullptr;
}

namespace {

std::string create_index_on(const IndexNeed& need, const std::string& name,
                            const QualifiedName& table, const char* how) {
    std::string columns;
    for (const auto& column : need.create_columns) {
        columns += (columns.empty() ? "" : ", ") + quote_identifier(column);
    }
    return std::string("CREATE ") + (need.unique ? "UNIQUE " : "") + "INDEX " + how +
           quote_identifier(name) + " ON " + (std::string(how).empty() ? "ONLY " : "") +
           table.sql() + " (" + columns + ")" +
           (need.predicate ? " WHERE " + *need.predicate : "") + ";";
}

} // namespace

std::string create_index_statement(const IndexNeed& need, const std::string& name) {
    std::string columns;
    for (const auto& column : need.create_columns) {
        columns += (columns.empty() ? "" : ", ") + quote_identifier(column);
    }
    return std::string("CREATE ") + (need.unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " +
           quote_identifier(name) + " ON " + need.table.sql() + " (" + columns + ")" +
           (need.predicate ? " WHERE " + *need.predicate : "") + ";";
}

// PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned table, and a plain CREATE INDEX
// there locks out writes to every partition while it builds. Instead: an invalid index ON ONLY
// each partitioned table, each leaf's built CONCURRENTLY, and each attached to its parent's;
// the parent's becomes valid once every partition's is attached.
std::string create_partitioned_index_statements(const IndexNeed& need, const std::string& name,
                                                const PartitionTree& tree) {
    std::map<std::string, QualifiedName> index_of; // a table's index, by the table's SQL name
    index_of[tree.root().table.sql()] = {tree.root().table.schema, name};
    std::string statements = create_index_on(need, name, tree.root().table, "");
    for (const auto& member : tree.members) {
        if (!member.parent) {
            continue;
        }
        auto parent_index = index_of.find(member.parent->sql());
        if (parent_index == index_of.end()) {
            continue;
        }
        QualifiedName index{member.table.schema,
                            doctor::index_name(member.table.name, need.name_suffix)};
        index_of[member.table.sql()] = index;
        statements += "\n" + create_index_on(need, index.name, member.table,
                                             member.leaf ? "CONCURRENTLY " : "");
        statements += "\nALTER INDEX " + parent_index->second.sql() + " ATTACH PARTITION " +
                      index.sql() + ";";
    }
    return statements;
}

namespace doctor {

std::string quote_literal(const std::string& value) {
    std::string quoted;
    bool backslash = false;
    for (char c : value) {
        if (c == '\'') {
            quoted += "''";
        } else if (c == '\\') {
            quoted += "\\\\";
            backslash = true;
        } else {
            quoted.push_back(c);
        }
    }
    return (backslash ? "E'" : "'") + quoted + "'";
}

std::string index_name(const std::string& table, const std::string& suffix) {
    // NAMEDATALEN - 1: PostgreSQL would cut a longer name itself, and then two needs of one
    // table could end up with the same name.
    constexpr std::size_t max_bytes = 63;
    auto clip = [](const std::string& text, std::size_t bytes) {
        if (text.size() <= bytes) {
            return text;
        }
        while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) {
            --bytes; // inside a UTF-8 sequence
        }
        return text.substr(0, bytes);
    };
    auto tail = "_" + suffix;
    if (tail.size() >= max_bytes) {
        return clip(suffix, max_bytes);
    }
    return clip(table, max_bytes - tail.size()) + tail;
}

} // namespace doctor

} // namespace eventctl
