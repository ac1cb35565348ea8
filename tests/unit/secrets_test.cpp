#include "eventctl/session/connection.h"
#include "eventctl/session/secrets.h"

#include <catch2/catch.hpp>
#include <map>

using namespace eventctl;

TEST_CASE("secrets: passwords are found in URIs, conninfo and PGPASSWORD") {
    auto uri = connection_secrets("postgresql://ops:p%40ss@db.example.com:5432/app", nullptr);
    CHECK(std::find(uri.begin(), uri.end(), "p@ss") != uri.end());   // decoded
    CHECK(std::find(uri.begin(), uri.end(), "p%40ss") != uri.end()); // as typed
    auto kv = connection_secrets("host=db password='it''s secret' user=ops", "env-pass");
    CHECK(std::find(kv.begin(), kv.end(), "env-pass") != kv.end());
    CHECK(connection_secrets("host=db user=ops", nullptr).empty());
}

TEST_CASE("secrets: a string libpq cannot parse still has its password found") {
    // libpq's error quotes the token it stumbled on, which may be a password's second word.
    auto unquoted = connection_secrets("host=db password=hun ter2 user=ops port", nullptr);
    CHECK(std::find(unquoted.begin(), unquoted.end(), "hun ter2") != unquoted.end());
    CHECK(std::find(unquoted.begin(), unquoted.end(), "ter2") != unquoted.end());
    CHECK(std::find(unquoted.begin(), unquoted.end(), "user=ops") == unquoted.end());
    auto quoted = connection_secrets("password = 'it\\'s' junk", nullptr);
    CHECK(quoted == std::vector<std::string>{"it's"});
    CHECK(mask_secrets("missing \"=\" after \"ter2\"", unquoted) == "missing \"=\" after \"***\"");
}

TEST_CASE("secrets: masking replaces every occurrence") {
    CHECK(mask_secrets("a hunter2 b hunter2", {"hunter2"}) == "a *** b ***");
    CHECK(mask_secrets("nothing here", {"hunter2"}) == "nothing here");
}

TEST_CASE("secrets: conninfo shown to people has its password masked") {
    CHECK(mask_conninfo("postgresql://ops:hunter2@db/app") == "postgresql://ops:***@db/app");
    CHECK(mask_conninfo("postgres://ops@db/app?password=hunter2&sslmode=require") ==
          "postgres://ops@db/app?password=***&sslmode=require");
    CHECK(mask_conninfo("host=db password=hunter2 user=ops") == "host=db password=*** user=ops");
    CHECK(mask_conninfo("host=db password='hun ter2' user=ops") == "host=db password=*** user=ops");
    CHECK(mask_conninfo("host=db user=ops") == "host=db user=ops");
}

TEST_CASE("secrets: the connection is chosen from --db, EVENTCTL_DB, DATABASE_URL, libpq") {
    std::map<std::string, std::string> vars;
    EnvLookup env = [&vars](const char* name) -> const char* {
        auto found = vars.find(name);
        return found == vars.end() ? nullptr : found->second.c_str();
    };
    ConnectionSettings settings;
    CHECK(resolve_conninfo(settings, env).source == "libpq defaults");
    CHECK(resolve_conninfo(settings, env).conninfo.empty());
    vars["DATABASE_URL"] = "postgresql:///from-url";
    CHECK(resolve_conninfo(settings, env).conninfo == "postgresql:///from-url");
    vars["EVENTCTL_DB"] = "";
    CHECK(resolve_conninfo(settings, env).source == "DATABASE_URL"); // empty counts as unset
    vars["EVENTCTL_DB"] = "dbname=ours";
    CHECK(resolve_conninfo(settings, env).conninfo == "dbname=ours");
    settings.db = "dbname=flag";
    CHECK(resolve_conninfo(settings, env).source == "--db");
    CHECK(application_name(Command::outbox_stats) == "eventctl/outbox stats");
    CHECK(application_name(Command::outbox_retry_completed) == "eventctl/outbox retry");
}
