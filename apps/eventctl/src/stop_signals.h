#pragma once

// SIGINT and SIGTERM while a change runs: the first asks it to stop after the batch in flight
// (which commits, so the change ends with a record of what it did); a second one ends the
// process at once, as without eventctl's handler.

#include "eventctl/change/change.h"

namespace eventctl::cli {

class StopSignals {
  public:
    // Installs the handlers; the previous ones come back on destruction.
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // What the change looks at between batches.
    StopRequest request() const;
};

} // namespace eventctl::cli
