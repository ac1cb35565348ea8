#pragma once

#include "eventctl/schema/tables.h"
#include "eventctl/session/session.h"

#include <pqxx/pqxx>
#include <string>
#include <utility>

namespace eventctl::test {

// The test server's connection string: EVENTCTL_TEST_DB, or the cluster the CTest fixture started.
std::string server_conninfo();

// A conninfo (key=value or URI) with its dbname replaced, as key=value text.
std::string with_database(const std::string& conninfo, const std::string& dbname);

// Host and port of the test server as libpq resolves them, for connections over TCP (where
// every role but postgres must give its password).
std::pair<std::string, std::string> server_tcp_address();

// A fresh database of its own for one test, with the canonical schema; dropped afterwards,
// also when the test fails.
class TestDatabase {
  public:
    explicit TestDatabase(bool with_schema = true);
    // The same on another server (the fault tests' own cluster), in the server's default
    // encoding or the one named (SQL_ASCII stores bytes that are not UTF-8).
    TestDatabase(const std::string& server, bool with_schema, const std::string& encoding = {});
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // The conninfo for this database, to hand to eventctl with -d.
    const std::string& conninfo() const { return m_conninfo; }
    // A session as eventctl's commands open it.
    Session session(Command command = Command::doctor) const;
    // Runs SQL (fixtures, checks) on a plain connection and returns the result.
    pqxx::result exec(const std::string& sql) const;
    // Runs a query expected to yield one value and returns it as text ("" for NULL).
    std::string scalar(const std::string& sql) const;
    // Runs statements one line each outside any transaction block, as psql's autocommit runs
    // doctor's suggestions (CREATE INDEX CONCURRENTLY refuses a transaction block).
    void exec_each_line(const std::string& statements) const;

  private:
    std::string m_server;
    std::string m_name;
    std::string m_conninfo;
};

} // namespace eventctl::test
