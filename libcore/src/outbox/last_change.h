#pragma once

// When an entry last changed: for a failed or dead entry, when it last failed. outbox errors
// and outbox blocked report it as "seen" and "blocking since".

#include "outbox_table.h"

#include <string>

namespace eventctl {

// The part's updated_at, else processed_at (when an entry was given up on), else created_at,
// as epoch microseconds.
std::string last_change_micros(const OutboxPart& part, const std::string& alias = "");

} // namespace eventctl
