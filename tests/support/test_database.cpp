#include "test_database.h"

#include "eventctl/schema/schema.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <libpq-fe.h>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace eventctl::test {

std::string server_conninfo() {
    if (const char* configured = std::getenv("EVENTCTL_TEST_DB"); configured && *configured) {
        return configured;
    }
    std::ifstream file(EVENTCTL_TEST_CONNINFO_FILE);
    std::string conninfo;
    if (!std::getline(file, conninfo) || conninfo.empty()) {
        throw std::runtime_error(std::string("no test server: ") + EVENTCTL_TEST_CONNINFO_FILE +
                                 " is missing; run the tests through ctest, which starts one");
    }
    return conninfo;
}

namespace {

std::string quoted_value(const std::string& value) {
    std::string quoted = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') {
            quoted.push_back('\\');
        }
        quoted.push_back(c);
    }
    return quoted + "'";
}

EnvLookup process_env() {
    return [](const char* name) { return std::getenv(name); };
}

} // namespace

std::string with_database(const std::string& conninfo, const std::string& dbname) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
    if (!options) {
        std::string message = error ? error : "unparseable conninfo";
        PQfreemem(error);
        throw std::runtime_error(message);
    }
    std::string result = "dbname=" + quoted_value(dbname);
    for (auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val != nullptr && std::string(option->keyword) != "dbname") {
            result += std::string(" ") + option->keyword + "=" + quoted_value(option->val);
        }
    }
    return result;
}

std::pair<std::string, std::string> server_tcp_address() {
    auto conninfo = server_conninfo();
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(conninfo.c_str(), nullptr), &PQconninfoFree);
    if (!options) {
        throw std::runtime_error("unparseable test server conninfo");
    }
    std::string port = "5432";
    for (auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (std::string(option->keyword) == "port" && option->val != nullptr) {
            port = option->val;
        }
    }
    return {"127.0.0.1", port};
}

TestDatabase::TestDatabase(bool with_schema) : TestDatabase(server_conninfo(), with_schema) {}

TestDatabase::TestDatabase(const std::string& server, bool with_schema, const std::string& encoding)
    : m_server(server) {
    static std::atomic<int> counter{0};
    m_name = "eventctl_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    {
        pqxx::connection admin(server);
        pqxx::nontransaction tx(admin);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(m_name) + " WITH (FORCE)");
        tx.exec("CREATE DATABASE " + tx.quote_name(m_name) +
                (encoding.empty() ? std::string()
                                  : " ENCODING " + tx.quote(encoding) +
                                        " LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"));
    }
    m_conninfo = with_database(m_server, m_name);
    if (with_schema) {
        auto session = this->session(Command::schema_init);
        init_schema(session, TableNames{});
    }
}

TestDatabase::~TestDatabase() {
    try {
        pqxx::connection admin(m_server);
        pqxx::nontransaction tx(admin);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(m_name) + " WITH (FORCE)");
    } catch (...) {
        // The cluster is removed at the end of the run anyway; a failed drop must not mask
        // the test's own result.
    }
}

Session TestDatabase::session(Command command) const {
    ConnectionSettings settings;
    settings.db = m_conninfo;
    settings.command = command;
    return Session(settings, process_env());
}

pqxx::result TestDatabase::exec(const std::string& sql) const {
    pqxx::connection connection(m_conninfo);
    pqxx::work tx(connection);
    auto result = tx.exec(sql);
    tx.commit();
    return result;
}

void TestDatabase::exec_each_line(const std::string& statements) const {
    pqxx::connection connection(m_conninfo);
    pqxx::nontransaction autocommit(connection);
    std::istringstream lines(statements);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) {
            autocommit.exec(line);
        }
    }
}

std::string TestDatabase::scalar(const std::string& sql) const {
    auto result = exec(sql);
    if (result.empty() || result[0][0].is_null()) {
        return {};
    }
    return result[0][0].as<std::string>();
}

} // namespace eventctl::test
