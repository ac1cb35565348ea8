#include "table_snapshot.h"

namespace eventctl::test {

std::string table_snapshot(const TestDatabase& db, const std::string& table) {
    return db.scalar("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                     "t::text)), '') FROM " +
                     table + " AS t");
}

} // namespace eventctl::test
