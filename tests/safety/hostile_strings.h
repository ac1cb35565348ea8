#pragma once

// Text an attacker, a typo or another system may put where eventctl expects a name or a
// filter: SQL injection attempts, LIKE and regex wildcards, quoting and escaping characters,
// and odd Unicode.

#include <string>
#include <vector>

namespace eventctl::test {

// Valid UTF-8 without NUL, so each can be stored in PostgreSQL and passed in argv; none has a
// comma (list options split on commas).
const std::vector<std::string>& hostile_strings();

// Byte strings that are not valid UTF-8 (a lone continuation byte, an overlong encoding, an
// encoded surrogate, a truncated sequence): the server cannot store them.
const std::vector<std::string>& invalid_utf8_strings();

} // namespace eventctl::test
