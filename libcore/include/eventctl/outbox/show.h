#pragma once

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/session/session.h"

#include <string>

namespace eventctl {

// One entry in full, payload and metadata included, from the outbox or its dead-letter table;
// throws DataError when the id does not parse or no entry has it.
OutboxEntry show_entry(Session& session, const Layout& layout, const std::string& id);

// Checks, before anything connects, that the layout has an outbox and the id its id type;
// throws UsageError or DataError.
void validate_show(const Layout& layout, const std::string& id);

// Checks an id has the layout's id type (uuid, text or bigint); throws DataError otherwise.
void validate_entry_id(const std::string& id, const std::string& id_type);

} // namespace eventctl
