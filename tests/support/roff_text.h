#pragma once

// Reading the man pages' roff source as their reader sees it.

#include <string>

namespace eventctl::test {

// A line of roff with its escapes as they print: \- is the hyphen of an option, \(aq a quote,
// \e a backslash; font changes vanish.
std::string roff_text(const std::string& roff);

} // namespace eventctl::test
