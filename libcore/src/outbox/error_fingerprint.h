#pragma once

// The fingerprint of an error message, written once, in SQL: `outbox errors` groups entries by
// it and `--error-group` selects a group with it on the server, so both read the same
// expression and no row travels to eventctl to be classified. eventctl-outbox(1), ERROR GROUPS,
// documents the rules; tests/integration/outbox_errors_test.cpp pins their results, because a
// fingerprint an operator noted down during an incident must still select the same group
// after an upgrade.

#include "eventctl/sql/sql.h"

#include <string>

namespace eventctl {

// The pattern of a message (a text expression, NULL for none): its first line, at most 500
// characters of it, with timestamps, UUIDs, quoted values, hex strings and numbers replaced by
// <time>, <uuid>, <str>, <hex> and <n>, and runs of blanks made one space. A number right after
// HTTP, status, code or SQLSTATE is kept: "HTTP 503" and "HTTP 400" are different failures.
std::string error_pattern(const std::string& message, SqlParams& params);

// The fingerprint of a pattern (a text expression): the first 12 hex digits of its SHA-256.
std::string error_fingerprint(const std::string& pattern);

} // namespace eventctl
