#pragma once

// SIGINT and SIGTERM while a change runs: the first asks it to stop after the batch in flight
// (which commits, so the change ends with a record of what it did); a second one ends the
// process at once, as without eventctl's handler. A second one within half a second of the first
// is the same request delivered twice, as timeout(1) delivers it, and asks nothing more.

#include "eventctl/change/change.h"

namespace eventctl::cli {

class StopSignals {
  public:
    // Installs the handlers; the previous ones come back on destruction, unless a signal stopped
    // the change: then the rule lasts as long as the process.
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // What the change looks at between batches.
    StopRequest request() const;
};

// For the rest of the process, after signal stopped it some other way (a --watch's wait took
// it): the same rule, so that its second delivery does not end the process as it finishes.
void stopped_by_signal(int signal);

} // namespace eventctl::cli
