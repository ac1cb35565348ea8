#pragma once

// Entry ids read from --ids-from FILE or standard input, one per line, as a pipeline writes them
// (`eventctl outbox list -o ndjson --limit 0 | jq -r .id`).

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace eventctl {

// How much an id list may hold: read whole before anything runs (a bad id on the last line
// changes nothing), so it is bounded rather than read until memory runs out.
inline constexpr std::size_t max_id_lines = 1'000'000;
inline constexpr std::size_t max_id_line_bytes = 8192;

// Reads ids one per line, checking each as an id of the layout's id_type as it is read: blank
// lines and the spaces around an id are ignored, a UTF-8 byte order mark before the first is
// dropped, and an id given twice counts once. Throws DataError (exit 65) naming source and the
// line: for an id that does not parse, a line holding a NUL byte, an id in double quotes (jq
// without -r) and for more than max_id_lines lines or a line over max_id_line_bytes. An empty
// list is no error: it selects nothing.
std::vector<std::string> read_ids(std::istream& in, const std::string& source,
                                  const std::string& id_type);

} // namespace eventctl
