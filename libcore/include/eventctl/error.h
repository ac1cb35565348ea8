#pragma once

#include "eventctl/exit_code.h"

#include <stdexcept>
#include <string>

namespace eventctl {

// An error that main reports as one line on stderr (plus an optional HINT line) and exits with.
class Error : public std::runtime_error {
  public:
    Error(ExitCode code, const std::string& message, std::string hint = {})
        : std::runtime_error(message), m_code(code), m_hint(std::move(hint)) {}

    ExitCode code() const { return m_code; }
    const std::string& hint() const { return m_hint; }

  private:
    ExitCode m_code;
    std::string m_hint;
};

// A bad command line: an option value that does not parse, a missing or conflicting option.
class UsageError : public Error {
  public:
    explicit UsageError(const std::string& message, std::string hint = {})
        : Error(ExitCode::usage, message, std::move(hint)) {}
};

// Input data that cannot be used: an id that does not parse, an entry that does not exist.
class DataError : public Error {
  public:
    explicit DataError(const std::string& message, std::string hint = {})
        : Error(ExitCode::data_error, message, std::move(hint)) {}
};

// A safety check refused the operation; nothing was changed.
class RefusedError : public Error {
  public:
    explicit RefusedError(const std::string& message, std::string hint = {})
        : Error(ExitCode::refused, message, std::move(hint)) {}
};

} // namespace eventctl
