// catch_discover_tests hands each test's name to CTest, whose lists are separated by ';': a name
// holding one becomes two CTest tests that match no test case, so the case silently never runs.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

TEST_CASE("tests: no test case name holds a semicolon, which CTest would split") {
    const std::regex test_case(R"re(TEST_CASE\(\s*"((?:[^"\\]|\\.)*)")re");
    std::size_t seen = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::string(EVENTCTL_SOURCE_DIR) + "/tests")) {
        if (entry.path().extension() != ".cpp") {
            continue;
        }
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        auto source = text.str();
        for (std::sregex_iterator match(source.begin(), source.end(), test_case), end; match != end;
             ++match) {
            ++seen;
            INFO(entry.path().string() << ": " << (*match)[1]);
            CHECK((*match)[1].str().find(';') == std::string::npos);
        }
    }
    CHECK(seen > 100);
}
