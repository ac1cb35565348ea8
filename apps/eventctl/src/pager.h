#pragma once

// Long tables through a pager on a terminal, as git and psql do: EVENTCTL_PAGER, else PAGER,
// else less, run with LESS=FRX unless LESS is set (-F quits at once when the table fits the
// screen, -R passes colours, -X leaves the table on the screen after quitting). Never for a
// pipe, a machine format, --no-pager, or a pager set to "" or "cat".

#include "context.h"

#include <sys/types.h>

namespace eventctl::cli {

// Thrown where a command writes its rows, once the person quit the pager before the end: the
// rest is not wanted, and stopping is a success.
struct ReaderGone {};

class Pager {
  public:
    // Starts the pager when the context calls for one and sends standard output to it.
    explicit Pager(const Context& context);
    // Ends standard output and waits for the person to quit the pager.
    ~Pager();
    Pager(const Pager&) = delete;
    Pager& operator=(const Pager&) = delete;

    // Throws ReaderGone when the pager has gone: call between rows.
    void check() const;

  private:
    const Context& m_context;
    pid_t m_pid = -1;
};

} // namespace eventctl::cli
