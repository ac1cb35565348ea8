#pragma once

// What every fuzz target shares: a parser may refuse its input only with eventctl's own typed
// errors (exit 64/65 in the binary); anything else escaping it, or a broken round trip, is a bug
// that libFuzzer must report as a crash.

#include "eventctl/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace eventctl::fuzz {

// The input as text, bytes unchanged (NULs and invalid UTF-8 included).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Stops the run with a message when a property of the parser does not hold.
inline void require(bool holds, const char* property) {
    if (!holds) {
        std::fprintf(stderr, "fuzz property violated: %s\n", property);
        std::abort();
    }
}

// Runs one parse; returns false when it refused the input the documented way (a UsageError or
// DataError: the binary's exit 64/65). Any other exception propagates to libFuzzer as a crash.
template <typename Parse> bool accepts(Parse&& parse) {
    try {
        parse();
        return true;
    } catch (const UsageError&) {
        return false;
    } catch (const DataError&) {
        return false;
    }
}

} // namespace eventctl::fuzz
