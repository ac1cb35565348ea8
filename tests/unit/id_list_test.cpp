// --ids-from: ids read one per line, checked as they are read, with the line in every error.
#include "eventctl/error.h"
#include "eventctl/outbox/id_list.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl;

namespace {

const std::string uuid_a = "0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10";
const std::string uuid_b = "1c8e3d2f-7b5e-4d7c-8b62-4f1f9e3c8d21";

std::vector<std::string> ids_of(const std::string& text, const std::string& id_type = "uuid") {
    std::istringstream in(text);
    return read_ids(in, "-", id_type);
}

std::string data_error(const std::string& text, const std::string& id_type = "uuid") {
    try {
        ids_of(text, id_type);
    } catch (const DataError& error) {
        return std::string(error.what()) + " | " + error.hint();
    }
    FAIL("no DataError for " << text.substr(0, 40));
    return {};
}

} // namespace

TEST_CASE("id list: one id a line, trimmed, blank lines and repeats skipped") {
    CHECK(ids_of(uuid_a + "\n\n  " + uuid_b + " \r\n\t" + uuid_a + "\n") ==
          std::vector<std::string>{uuid_a, uuid_b});
    CHECK(ids_of(uuid_a) == std::vector<std::string>{uuid_a}); // no final newline
    CHECK(ids_of("\xEF\xBB\xBF" + uuid_a + "\n") == std::vector<std::string>{uuid_a});
    CHECK(ids_of("42\n-7\n", "bigint") == std::vector<std::string>{"42", "-7"});
}

TEST_CASE("id list: an empty list is no error") {
    CHECK(ids_of("").empty());
    CHECK(ids_of("\n  \n\r\n").empty());
}

TEST_CASE("id list: a bad id names its line") {
    auto message = data_error(uuid_a + "\n\nnot-a-uuid\n");
    CHECK(message.rfind("--ids-from -: line 3: invalid id \"not-a-uuid\"", 0) == 0);
    CHECK(data_error("1\nx\n", "bigint").rfind("--ids-from -: line 2: invalid id \"x\"", 0) == 0);
}

TEST_CASE("id list: ids quoted by jq without -r are spotted and explained") {
    auto message = data_error(uuid_a + "\n\"" + uuid_b + "\"\n");
    CHECK(message.rfind("--ids-from -: line 2: the id is in double quotes", 0) == 0);
    CHECK(message.find("jq -r") != std::string::npos);
    // For text ids too, where the quotes would otherwise just match nothing.
    CHECK(data_error("\"order-1\"\n", "text").find("double quotes") != std::string::npos);
}

TEST_CASE("id list: a NUL byte is refused where it is, not cut off") {
    auto message = data_error(std::string("ok-1\nab\0cd\n", 11), "text");
    CHECK(message.rfind("--ids-from -: line 2 holds a NUL byte", 0) == 0);
}

TEST_CASE("id list: bounded: too many lines, or a line too long, are refused") {
    // `yes` for a layout with text ids: the same id forever, deduplicated to one.
    std::string endless;
    for (std::size_t i = 0; i <= max_id_lines; ++i) {
        endless += "y\n";
    }
    auto message = data_error(endless, "text");
    CHECK(message.rfind("--ids-from - has more than 1000000 lines", 0) == 0);
    CHECK(message.find("split -l") != std::string::npos);
    // Blank lines count too: `yes ''` ends the same way.
    CHECK(data_error(std::string(max_id_lines + 1, '\n'), "text").find("more than") !=
          std::string::npos);
    auto long_line = data_error(std::string(max_id_line_bytes + 1, 'f'), "text");
    CHECK(long_line.rfind("--ids-from -: line 1 is longer than 8192 bytes", 0) == 0);
    CHECK(ids_of(std::string(max_id_line_bytes, 'f'), "text").size() == 1);
}
