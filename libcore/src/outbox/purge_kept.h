#pragma once

// The entries an outbox purge keeps, written so that an index answers whether a partition holds
// any: --drop-partitions asks that under a lock the relays wait behind, where reading every row
// of the partition would stall them for as long as the read takes.

#include "eventctl/layout/layout.h"
#include "eventctl/sql/condition.h"
#include "outbox_table.h"

#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// Exactly the rows of the part the purge of these states older than the cutoff keeps (what
// its eligibility condition negated takes in), as comparisons on the status column and the
// columns the states age from, any of which a row kept meets: an index leading with the status
// column answers each. Empty for a shape it cannot write so (no simple status column, a row
// filter, a dead-letter table, a time kept as text, more than three states), where the negated
// condition serves instead; then nothing is bound.
std::optional<std::vector<Condition>> purge_kept_rows(const OutboxTable& outbox,
                                                      const OutboxPart& part,
                                                      const std::vector<Status>& statuses,
                                                      const std::string& cutoff, SqlParams& params);

// Exactly the rows of the part that purge deletes, in the same shapes (any of the conditions,
// each answered from an index leading with the status column); empty where purge_kept_rows is.
std::optional<std::vector<Condition>> purge_eligible_rows(const OutboxTable& outbox,
                                                          const OutboxPart& part,
                                                          const std::vector<Status>& statuses,
                                                          const std::string& cutoff,
                                                          SqlParams& params);

// The columns an entry of the state ages from, first non-NULL first (DESIGN 2.5): the state's
// own age column, else processed_at then created_at.
std::vector<std::string> age_columns(const OutboxTable& outbox, const OutboxPart& part,
                                     Status status);

} // namespace eventctl
