#pragma once

#include "eventctl/outbox/entry.h"
#include "eventctl/outbox/list.h"
#include "eventctl/outbox/stats.h"
#include "eventctl/render/output.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace eventctl {

// An entry's fields as the JSON contract spells them, payload and metadata aside.
nlohmann::json entry_json(const OutboxEntry& entry);

// An entry as JSON text, with payload and metadata verbatim when asked for.
std::string entry_json_text(const OutboxEntry& entry, bool with_payload, bool indented);

// The stats document of the JSON contract.
nlohmann::json stats_json(const StatsResult& stats);

// Writes stats in the chosen format.
void render_stats(std::ostream& out, const StatsResult& stats, OutputFormat format,
                  const Terminal& terminal);

// Writes one entry in full (outbox show) in the chosen format.
void render_entry(std::ostream& out, const OutboxEntry& entry, OutputFormat format,
                  const Terminal& terminal);

// Streams a listing: entries are written as they arrive, the end once the listing is done.
class EntryListWriter {
  public:
    virtual ~EntryListWriter() = default;
    // Writes (or buffers a bounded batch of) one entry.
    virtual void write(const OutboxEntry& entry) = 0;
    // Writes what follows the last entry: the cursor and, for people, a count.
    virtual void finish(const ListResult& result) = 0;
    // Passes on the lines held so far (formats for pipes), before eventctl waits for more rows.
    virtual void flush() {}
};

// A listing writer for a format; data goes to out, the ndjson/csv cursor to err. A table shows
// columns (entry_columns.h), the default ones when empty.
std::unique_ptr<EntryListWriter>
make_entry_list_writer(OutputFormat format, std::ostream& out, std::ostream& err,
                       const Terminal& terminal, bool with_payload,
                       const std::vector<std::string>& columns = {});

// The ANSI colour a status is shown in on a terminal.
const char* status_color(Status status);

} // namespace eventctl
