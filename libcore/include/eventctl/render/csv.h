#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace eventctl {

// One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF; NULL is empty.
std::string csv_field(const std::optional<std::string>& value);

// Writes one CSV record terminated by CRLF, as RFC 4180 asks.
void write_csv_record(std::ostream& out, const std::vector<std::optional<std::string>>& fields);

} // namespace eventctl
