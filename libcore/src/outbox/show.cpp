#include "eventctl/outbox/show.h"

#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"
#include "sql/statement.h"

#include <cctype>

namespace eventctl {

namespace {

void validate_uuid(const std::string& id) {
    // 8-4-4-4-12 hex digits; checked here so a typo is a clear exit 65, not a server error.
    static constexpr std::size_t dashes[] = {8, 13, 18, 23};
    bool valid = id.size() == 36;
    for (std::size_t i = 0; valid && i < id.size(); ++i) {
        bool dash_here = i == dashes[0] || i == dashes[1] || i == dashes[2] || i == dashes[3];
        valid = dash_here ? id[i] == '-' : std::isxdigit(static_cast<unsigned char>(id[i])) != 0;
    }
    if (!valid) {
        throw DataError("invalid id " + in_quotes(id, 60) +
                        ": expected a UUID like 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10");
    }
}

void validate_bigint(const std::string& id) {
    bool valid = !id.empty() && id.size() <= 19;
    for (std::size_t i = 0; valid && i < id.size(); ++i) {
        valid = std::isdigit(static_cast<unsigned char>(id[i])) != 0 || (i == 0 && id[i] == '-');
    }
    if (!valid || id == "-") {
        throw DataError("invalid id " + in_quotes(id, 60) + ": expected a whole number");
    }
}

} // namespace

void validate_entry_id(const std::string& id, const std::string& id_type) {
    if (id_type == "uuid") {
        validate_uuid(id);
    } else if (id_type == "bigint") {
        validate_bigint(id);
    } else if (id.empty() || id.find('\0') != std::string::npos) {
        throw DataError("invalid id " + in_quotes(id, 60) +
                        ": an id cannot be empty or hold a NUL byte");
    }
}

void validate_show(const Layout& layout, const std::string& id) {
    require_capability(layout, Command::outbox_show);
    validate_entry_id(id, layout.outbox->id_type);
}

OutboxEntry show_entry(Session& session, const Layout& layout, const std::string& id) {
    validate_show(layout, id);
    auto outbox = OutboxTable::open(session, layout);
    ReadTransaction tx(session.connection());
    for (const auto* part : outbox.parts()) {
        SqlParams params;
        auto sql = fmt::format("SELECT {columns} FROM {table} WHERE {id}",
                               "columns"_a = outbox.entry_select_list(*part, true, params),
                               "table"_a = part->table().sql(),
                               "id"_a = outbox.id_equals(*part, id, params));
        auto rows = session.exec(tx, sql, params);
        if (!rows.empty()) {
            tx.commit();
            return read_entry(rows[0], outbox, *part, true);
        }
    }
    tx.commit();
    throw DataError("no outbox entry with id " + in_quotes(id, 60) + " in " +
                    outbox.main().table().display() +
                    (outbox.dead_letters() ? " or " + outbox.dead_letters()->table().display()
                                           : std::string()));
}

} // namespace eventctl
