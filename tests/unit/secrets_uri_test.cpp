// Passwords with an unencoded '/' or '@' in a URI: libpq reads part of them as the host, port or
// database; masking and scrubbing find the whole password and its parts all the same.
#include "eventctl/error.h"
#include "eventctl/session/secrets.h"

#include <catch2/catch.hpp>

using namespace eventctl;

namespace {

bool has(const std::vector<std::string>& secrets, const std::string& secret) {
    return std::find(secrets.begin(), secrets.end(), secret) != secrets.end();
}

std::string usage_error(const std::string& uri) {
    try {
        check_uri_password(uri, "--db");
    } catch (const UsageError& error) {
        return std::string(error.what()) + " | " + error.hint();
    }
    return {};
}

} // namespace

TEST_CASE("secrets: a password with an unencoded slash is masked whole") {
    const std::string uri = "postgresql://ops:q8Zr2vLk9P/xY+w3==@127.0.0.1:5432/app";
    CHECK(mask_conninfo(uri) == "postgresql://ops:***@127.0.0.1:5432/app");
    auto secrets = connection_secrets(uri, nullptr);
    CHECK(has(secrets, "q8Zr2vLk9P/xY+w3=="));
    // libpq would cut it at the slash: the URI never reaches libpq (check_uri_password), and a
    // message quoting all of it is scrubbed.
    CHECK(mask_secrets("in \"" + uri + "\"", secrets) ==
          "in \"postgresql://ops:***@127.0.0.1:5432/app\"");
}

TEST_CASE("secrets: a password with an unencoded at sign is masked whole") {
    const std::string uri = "postgresql://ops:Pass@Secret@127.0.0.1:5432/app?sslmode=disable";
    CHECK(mask_conninfo(uri) == "postgresql://ops:***@127.0.0.1:5432/app?sslmode=disable");
    auto secrets = connection_secrets(uri, nullptr);
    CHECK(has(secrets, "Pass@Secret"));
    CHECK(has(secrets, "Pass")); // as libpq reads it
}

TEST_CASE("secrets: well-formed URIs mask as before, an at sign in the query included") {
    CHECK(mask_conninfo("postgresql://ops:hunter2@db/app") == "postgresql://ops:***@db/app");
    CHECK(mask_conninfo("postgresql://ops:hun%2Fter@db/app?application_name=a@b") ==
          "postgresql://ops:***@db/app?application_name=a@b");
    CHECK(mask_conninfo("postgresql://ops@db/app") == "postgresql://ops@db/app");
    CHECK(mask_conninfo("postgresql://db/app") == "postgresql://db/app");
    CHECK(mask_conninfo("postgresql://ops:pa?ss@db/app") == "postgresql://ops:***@db/app");
}

TEST_CASE("secrets: the longest secret is masked first, so no part of one stays in view") {
    CHECK(mask_secrets("Pass@Secret and Pass", {"Pass", "Pass@Secret"}) == "*** and ***");
}

TEST_CASE("secrets: a URI libpq would read differently is refused without quoting it") {
    for (const char* uri :
         {"postgresql://ops:q8Zr2vLk9P/xY+w3==@127.0.0.1:5432/app",
          "postgresql://ops:Pass@Secret@127.0.0.1/app", "postgres://ops:a/b@c@db/app",
          "postgresql://me@corp:pw@db/app", "postgresql://ops:a/b@[::1/app"}) {
        INFO(uri);
        auto message = usage_error(uri);
        CHECK(message.find("unencoded '/' or '@' in its user name or password") !=
              std::string::npos);
        CHECK(message.find("%2F") != std::string::npos);
        CHECK(message.find("PGPASSWORD") != std::string::npos);
        for (const char* part : {"q8Zr2vLk9P", "xY+w3", "Pass", "Secret", "a/b", "pw@"}) {
            CHECK(message.find(part) == std::string::npos);
        }
    }
    for (const char* uri :
         {"postgresql://ops:q8Zr2vLk9P%2FxY+w3==@127.0.0.1:5432/app",
          "postgresql://ops:Pass%40Secret@127.0.0.1/app", "postgresql://ops@db/app",
          "postgresql://ops:pa?ss@db/app", "postgresql://db/app?user=me@corp",
          "postgresql://ops:pw@db/app?application_name=a@b", "host=db password=a/b@c"}) {
        INFO(uri);
        CHECK(usage_error(uri).empty());
    }
}
