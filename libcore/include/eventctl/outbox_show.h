#pragma once

#include "eventctl/outbox_entry.h"
#include "eventctl/session.h"
#include "eventctl/tables.h"

#include <string>

namespace eventctl {

// One entry in full, payload and metadata included; throws DataError when the id does not
// parse or no entry has it.
OutboxEntry show_entry(Session& session, const TableNames& tables, const std::string& id);

// Checks an id has the canonical outbox's id type (a UUID); throws DataError otherwise.
void validate_entry_id(const std::string& id);

} // namespace eventctl
