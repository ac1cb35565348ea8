#pragma once

#include <string>
#include <vector>

namespace eventctl::test {

// text split at its line ends, the ends left out; a final line end adds no empty line.
std::vector<std::string> lines_of(const std::string& text);

} // namespace eventctl::test
