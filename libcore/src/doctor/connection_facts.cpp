#include "doctor_steps.h"
#include "eventctl/session/transactions.h"

namespace eventctl::doctor {

ConnectionFacts read_connection_facts(Session& session, pqxx::transaction_base& tx) {
    // default_transaction_read_only, not transaction_read_only: doctor's own transaction is
    // read-only by design; what matters is whether the commands' write transactions would be.
    auto row = session.exec(
        tx, "SELECT pg_catalog.current_setting('server_version'), "
            "pg_catalog.current_setting('server_version_num')::integer, "
            "pg_catalog.current_database()::text, CURRENT_USER::text, "
            "COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = "
            "CURRENT_USER), false), "
            "pg_catalog.current_setting('default_transaction_read_only')::boolean, "
            "pg_catalog.pg_is_in_recovery(), pg_catalog.current_setting('application_name')")[0];
    ConnectionFacts facts;
    facts.server_version = row[0].as<std::string>();
    facts.server_version_num = row[1].as<int>();
    facts.database = row[2].as<std::string>();
    facts.user = row[3].as<std::string>();
    facts.superuser = row[4].as<bool>();
    facts.in_recovery = row[6].as<bool>();
    facts.read_only = row[5].as<bool>() || facts.in_recovery;
    facts.application_name = row[7].as<std::string>();
    return facts;
}

} // namespace eventctl::doctor
