#pragma once

namespace eventctl {

// Process exit codes; sysexits values where one fits, documented in eventctl(1) EXIT STATUS.
enum class ExitCode : int {
    ok = 0,
    internal = 1,
    refused = 3,       // a safety check said no (declined prompt, live consumer, --strict)
    usage = 64,        // bad command line or layout
    data_error = 65,   // bad input data: unparseable id, unknown entry, bad file content
    unavailable = 69,  // the database cannot be reached
    io_error = 74,     // the output could not be written; the database work stands as it was
    temp_failure = 75, // worth retrying: lock or statement timeout, serialization, deadlock
    no_permission = 77,
};

// The numeric value handed to exit().
inline int to_int(ExitCode code) {
    return static_cast<int>(code);
}

} // namespace eventctl
