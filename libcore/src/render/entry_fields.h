#pragma once

// An entry as named text fields in contract order, shared by the CSV and show renderers.

#include "eventctl/outbox/entry.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eventctl {

using EntryFields = std::vector<std::pair<std::string, std::optional<std::string>>>;

// The contract's ENTRY fields as text (NULL stays empty), payload and metadata when asked for.
EntryFields entry_fields(const OutboxEntry& entry, bool with_payload);

} // namespace eventctl
