#pragma once

#include "eventctl/log/seek.h"

#include <istream>
#include <ostream>
#include <vector>

namespace eventctl {

// Writes a plan as CSV (RFC 4180) with the header consumer,from,to; a consumer that did not
// exist has an empty from.
void write_seek_plan_csv(std::ostream& out, const std::vector<SeekMove>& moves);

// Reads a plan written by write_seek_plan_csv; throws DataError naming the line for anything
// else (a wrong header, a bad number, a consumer twice).
std::vector<SavedMove> read_seek_plan_csv(std::istream& in, const std::string& name);

} // namespace eventctl
