#pragma once

// How an outbox entry is read from a row of OutboxTable::entry_select_list, shared by list and
// show.

#include "eventctl/outbox/entry.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"

#include <pqxx/row>
#include <string>

namespace eventctl {

// Reads a row produced by OutboxTable::entry_select_list for the part. A text payload that is
// not JSON comes out as a JSON string holding the text, so the output stays JSON. with_row: the
// list ends with the whole row as JSON (show).
OutboxEntry read_entry(const pqxx::row& row, const OutboxTable& outbox, const OutboxPart& part,
                       bool with_payload, bool with_row = false);

} // namespace eventctl
