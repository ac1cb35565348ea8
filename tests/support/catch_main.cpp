#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

// Tests must not pick up the developer's database: libpq's PG* variables and eventctl's own
// are removed before any test runs (EVENTCTL_TEST_DB is the explicit way to choose a server).
static void scrub_database_environment() {
    std::vector<std::string> names;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string name(*entry, std::strcspn(*entry, "="));
        if (name.rfind("PG", 0) == 0 || name == "DATABASE_URL" || name == "EVENTCTL_DB") {
            names.push_back(name);
        }
    }
    for (const auto& name : names) {
        unsetenv(name.c_str());
    }
}

int main(int argc, char* argv[]) {
    scrub_database_environment();
    return Catch::Session().run(argc, argv);
}
