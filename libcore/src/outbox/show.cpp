#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/outbox_show.h"

#include <cctype>

namespace eventctl {

void validate_entry_id(const std::string& id) {
    // 8-4-4-4-12 hex digits; checked here so a typo is a clear exit 65, not a server error.
    static constexpr std::size_t dashes[] = {8, 13, 18, 23};
    bool valid = id.size() == 36;
    for (std::size_t i = 0; valid && i < id.size(); ++i) {
        bool dash_here = i == dashes[0] || i == dashes[1] || i == dashes[2] || i == dashes[3];
        valid = dash_here ? id[i] == '-' : std::isxdigit(static_cast<unsigned char>(id[i])) != 0;
    }
    if (!valid) {
        std::string shown = id.size() > 60 ? id.substr(0, 60) + "..." : id;
        throw DataError("invalid id \"" + shown +
                        "\": expected a UUID like 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10");
    }
}

OutboxEntry show_entry(Session& session, const TableNames& tables, const std::string& id) {
    validate_entry_id(id);
    ReadTransaction tx(session.connection());
    SqlParams params;
    auto rows =
        session.exec(tx,
                     "SELECT " + entry_select_list(true) + " FROM " + tables.outbox_table().sql() +
                         " WHERE id = " + params.bind(id) + "::uuid",
                     params);
    tx.commit();
    if (rows.empty()) {
        throw DataError("no outbox entry with id " + id + " in " + tables.outbox_table().display());
    }
    return read_entry(rows[0], true);
}

} // namespace eventctl
