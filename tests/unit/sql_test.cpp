#include "eventctl/error.h"
#include "eventctl/sql/sql.h"

#include <catch2/catch.hpp>

using namespace eventctl;

TEST_CASE("sql: identifiers are always quoted and embedded quotes doubled") {
    CHECK(quote_identifier("outbox") == "\"outbox\"");
    CHECK(quote_identifier("Outbox Events") == "\"Outbox Events\"");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(quote_identifier("x\"; DROP TABLE t; --") == "\"x\"\"; DROP TABLE t; --\"");
    CHECK(quote_identifier("\xc3\xa9v\xc3\xa9nements") == "\"\xc3\xa9v\xc3\xa9nements\"");
    CHECK(QualifiedName{"my schema", "t"}.sql() == "\"my schema\".\"t\"");
    CHECK(QualifiedName{"my schema", "t"}.display() == "my schema.t");
}

TEST_CASE("sql: impossible identifiers are usage errors") {
    CHECK_THROWS_AS(quote_identifier(""), UsageError);
    CHECK_THROWS_AS(quote_identifier(std::string("a\0b", 3)), UsageError);
}

TEST_CASE("sql: bound values get consecutive placeholders and keep NULLs") {
    SqlParams params;
    CHECK(params.bind("a") == "$1");
    CHECK(params.bind_null() == "$2");
    CHECK(params.bind_optional(std::optional<std::string>("c")) == "$3");
    CHECK(params.bind_text_array({"x,y", "q\"uote", "back\\slash", "NULL"}) == "$4::text[]");
    auto values = params.values();
    REQUIRE(values.size() == 4);
    CHECK(std::string(values[0]) == "a");
    CHECK(values[1] == nullptr);
    CHECK(std::string(values[3]) == R"({"x,y","q\"uote","back\\slash","NULL"})");
    CHECK(params.describe() ==
          R"($1='a', $2=NULL, $3='c', $4='{"x,y","q\"uote","back\\slash","NULL"}')");
}
