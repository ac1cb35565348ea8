// Passwords with '/' or '@' (common in base64) against a real password-authenticated role over
// TCP: a URI that holds them unencoded is refused before libpq reads any of it, with no part of
// the password anywhere; encoded, or in a key=value string, they connect and stay masked.
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <unistd.h>

using namespace eventctl::test;

namespace {

// No part of the password of at least four bytes appears in text.
void check_no_part(const std::string& text, const std::string& password) {
    for (std::size_t start = 0; start + 4 <= password.size(); ++start) {
        for (std::size_t size = 4; start + size <= password.size(); ++size) {
            auto part = password.substr(start, size);
            if (part.find_first_of("/@") != std::string::npos) {
                continue;
            }
            INFO("part of the password: " << part);
            CHECK(text.find(part) == std::string::npos);
        }
    }
}

} // namespace

TEST_CASE("a URI password with an unencoded slash or at sign is refused and never shown") {
    TestDatabase db;
    const std::string password = "q8Zr2vLk9P/xY+w3@Secr3tZz";
    const std::string role = "eventctl_b64_" + std::to_string(getpid());
    db.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
    db.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    auto [host, port] = server_tcp_address();
    auto dbname = db.scalar("SELECT current_database()");
    auto target = "@" + host + ":" + port + "/" + dbname;

    auto raw_uri = "postgresql://" + role + ":" + password + target;
    for (const auto& [args, env] :
         std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::string>>>{
             {{"outbox", "stats", "-v", "-d", raw_uri}, {}},
             {{"outbox", "stats", "-v"}, {{"EVENTCTL_DB", raw_uri}}},
             {{"outbox", "retry", "--all", "--yes", "-d", raw_uri}, {}},
         }) {
        auto refused = run_eventctl(args, env);
        INFO(refused.err);
        CHECK(refused.exit_code == 64);
        CHECK(refused.err.find("has an unencoded '/' or '@' in its user name or password") !=
              std::string::npos);
        CHECK(refused.err.find("HINT: percent-encode them") != std::string::npos);
        CHECK(refused.err.find(env.empty() ? "the URI in --db" : "the URI in EVENTCTL_DB") !=
              std::string::npos);
        check_no_part(refused.out + refused.err, password);
    }
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");

    // As the hint says: encoded, it connects; -v and errors show none of it.
    std::string encoded = password;
    encoded.replace(encoded.find('/'), 1, "%2F");
    encoded.replace(encoded.find('@'), 1, "%40");
    auto ok = run_eventctl(
        {"outbox", "stats", "-v", "-d", "postgresql://" + role + ":" + encoded + target});
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(ok.err.find("connecting with --db: postgresql://" + role + ":***" + target) !=
          std::string::npos);
    check_no_part(ok.out + ok.err, password);
    check_no_part(ok.out + ok.err, encoded);

    // A key=value string holds it as it is.
    auto key_value = run_eventctl({"outbox", "stats", "-v", "-d",
                                   "host=" + host + " port=" + port + " dbname=" + dbname +
                                       " user=" + role + " password='" + password + "'"});
    INFO(key_value.err);
    CHECK(key_value.exit_code == 0);
    check_no_part(key_value.out + key_value.err, password);
    db.exec("DROP OWNED BY " + role + "; DROP ROLE " + role);
}
