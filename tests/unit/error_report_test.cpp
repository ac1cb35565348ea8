#include "eventctl/error.h"
#include "eventctl/error_report.h"

#include <catch2/catch.hpp>
#include <pqxx/except>

using namespace eventctl;

namespace {

template <typename E> ErrorReport report_of(E error, std::vector<std::string> secrets = {}) {
    return describe_error(std::make_exception_ptr(error), secrets);
}

} // namespace

TEST_CASE("errors: SQLSTATEs map to the documented exit codes") {
    CHECK(exit_code_for_sqlstate("42501") == ExitCode::no_permission);
    CHECK(exit_code_for_sqlstate("28P01") == ExitCode::no_permission);
    CHECK(exit_code_for_sqlstate("55P03") == ExitCode::temp_failure);
    CHECK(exit_code_for_sqlstate("57014") == ExitCode::temp_failure);
    CHECK(exit_code_for_sqlstate("40001") == ExitCode::temp_failure);
    CHECK(exit_code_for_sqlstate("40P01") == ExitCode::temp_failure);
    CHECK(exit_code_for_sqlstate("08006") == ExitCode::unavailable);
    CHECK(exit_code_for_sqlstate("57P01") == ExitCode::unavailable);
    CHECK(exit_code_for_sqlstate("42P01") == ExitCode::usage);
    CHECK(exit_code_for_sqlstate("3D000") == ExitCode::usage); // no such database
    CHECK(exit_code_for_sqlstate("28000") == ExitCode::no_permission);
    CHECK(exit_code_for_sqlstate("22P02") == ExitCode::data_error);
    CHECK(exit_code_for_sqlstate("54000") == ExitCode::data_error); // e.g. a name too long to index
    CHECK(exit_code_for_sqlstate("XX000") == ExitCode::internal);
}

TEST_CASE("errors: libpqxx exceptions become one scrubbed line") {
    auto broken = report_of(
        pqxx::broken_connection("connection to server failed: hunter2\n\tIs the server running?"),
        {"hunter2"});
    CHECK(broken.code == ExitCode::unavailable);
    CHECK(broken.message ==
          "cannot reach the database: connection to server failed: ***; Is the server running?");
    // A session lost mid-command is told apart from a server never reached.
    auto lost =
        report_of(pqxx::broken_connection("Could not obtain client encoding: not connected."));
    CHECK(lost.code == ExitCode::unavailable);
    CHECK(lost.message == "lost the connection to the database in the middle of the command (the "
                          "server restarted or ended it)");
    CHECK(lost.hint.find("run the command again") != std::string::npos);
    // A connection lost between two batches is not reconnected (the next transaction would find
    // the server still down and blame the configuration): it is lost, like one lost mid-batch.
    auto between = report_of(
        pqxx::broken_connection("Could not reactivate connection; reactivation is inhibited"));
    CHECK(between.code == ExitCode::unavailable);
    CHECK(between.message == lost.message);
    auto cut = report_of(pqxx::broken_connection(
        "FATAL:  terminating connection due to administrator command\nserver closed the "
        "connection unexpectedly\n"));
    CHECK(cut.message == "lost the connection to the database in the middle of the command: "
                         "terminating connection due to administrator command; server closed the "
                         "connection unexpectedly");
    auto auth =
        report_of(pqxx::broken_connection("FATAL:  password authentication failed for user \"x\""));
    CHECK(auth.code == ExitCode::no_permission);
    CHECK(report_of(pqxx::insufficient_privilege("ERROR:  permission denied for table t\n")).code ==
          ExitCode::no_permission);
    CHECK(report_of(pqxx::undefined_table("ERROR:  relation does not exist\n")).code ==
          ExitCode::usage);
    CHECK(report_of(pqxx::serialization_failure("could not serialize")).code ==
          ExitCode::temp_failure);
    CHECK(report_of(pqxx::deadlock_detected("deadlock detected")).code == ExitCode::temp_failure);
    CHECK(report_of(pqxx::sql_error("ERROR:  canceling statement due to lock timeout\n", "SELECT 1",
                                    "55P03"))
              .code == ExitCode::temp_failure);
}

TEST_CASE("errors: a connection the configuration breaks is 64 or 77, an unreachable one 69") {
    const std::string socket = "connection to server on socket \"/run/pg/.s.PGSQL.5432\" failed: ";
    auto role =
        report_of(pqxx::broken_connection(socket + "FATAL:  role \"nobody\" does not exist\n"));
    CHECK(role.code == ExitCode::no_permission);
    CHECK(role.message == socket + "FATAL: role \"nobody\" does not exist");
    CHECK(role.hint.find("check the user") != std::string::npos);
    auto database =
        report_of(pqxx::broken_connection(socket + "FATAL:  database \"shop\" does not exist\n"));
    CHECK(database.code == ExitCode::usage);
    CHECK(database.hint.find("check the dbname") != std::string::npos);
    auto hba = report_of(pqxx::broken_connection(
        socket + "FATAL:  no pg_hba.conf entry for host \"10.0.0.1\", user \"ops\"\n"));
    CHECK(hba.code == ExitCode::no_permission);
    for (const char* value_error :
         {"invalid sslmode value: \"bogus\"\n",
          "invalid integer value \"abc\" for connection option \"port\"\n",
          "invalid port number: \"99999\"\n", "could not match 2 port numbers to 3 hosts\n"}) {
        auto report = report_of(pqxx::broken_connection(value_error));
        INFO(value_error);
        CHECK(report.code == ExitCode::usage);
        CHECK(report.message.rfind("invalid connection string: ", 0) == 0);
        CHECK(report.hint.find("-d takes a URI") != std::string::npos);
    }
    // Refused connections and unknown hosts stay "unreachable".
    CHECK(report_of(pqxx::broken_connection(
                        "connection to server at \"db\" (10.0.0.1), port 5432 failed: "
                        "Connection refused\n"))
              .code == ExitCode::unavailable);
    CHECK(report_of(pqxx::broken_connection("could not translate host name \"dbx\" to address: "
                                            "Name or service not known\n"))
              .code == ExitCode::unavailable);
}

TEST_CASE("errors: our own errors keep their code and hint, and others are internal") {
    auto usage = report_of(UsageError("bad flag", "try --help"));
    CHECK(usage.code == ExitCode::usage);
    CHECK(usage.hint == "try --help");
    CHECK(report_of(DataError("bad id")).code == ExitCode::data_error);
    CHECK(report_of(RefusedError("no")).code == ExitCode::refused);
    CHECK(report_of(std::runtime_error("boom")).code == ExitCode::internal);
}

TEST_CASE("errors: a message quoting a huge input is cut short, on a character boundary") {
    std::string name(5000, 'x');
    auto report = report_of(DataError("no consumer named \xC3\xA9" + name + ", " + name));
    CHECK(report.code == ExitCode::data_error);
    CHECK(report.message.size() < 1100);
    CHECK(report.message.rfind("no consumer named \xC3\xA9xxx", 0) == 0);
    CHECK(report.message.find("... (9022 more bytes)") != std::string::npos);
    auto multibyte = report_of(DataError(std::string(999, 'a') + "\xE2\x82\xAC tail"));
    CHECK(multibyte.message == std::string(999, 'a') + "... (8 more bytes)");
}

TEST_CASE("errors: libpqxx's bare connection failure is a lost connection once one was made") {
    // libpqxx says only "Connection to database failed" when a statement finds its connection
    // gone (a server restart mid-statement). Before any connection it is a server not reached;
    // the unit tests never connect, so this holds until note_connected() below.
    auto before = report_of(pqxx::broken_connection());
    CHECK(before.code == ExitCode::unavailable);
    CHECK(before.message == "cannot reach the database: Connection to database failed");

    note_connected();
    auto after = report_of(pqxx::broken_connection());
    CHECK(after.code == ExitCode::unavailable);
    CHECK(after.message == "lost the connection to the database in the middle of the command (the "
                           "server restarted or ended it)");
}
