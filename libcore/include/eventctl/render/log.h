#pragma once

#include "eventctl/log/consumers.h"
#include "eventctl/log/event.h"
#include "eventctl/log/replay.h"
#include "eventctl/log/replay_outbox.h"
#include "eventctl/log/seek.h"
#include "eventctl/render/output.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace eventctl {

// The log consumers document of the JSON contract.
nlohmann::json consumers_json(const ConsumersResult& result);

// Writes log consumers in the chosen format.
void render_consumers(std::ostream& out, const ConsumersResult& result, OutputFormat format,
                      const Terminal& terminal);

// The log seek document of the JSON contract.
nlohmann::json seek_json(const SeekPlan& plan);

// Writes a seek plan (done or dry) in the chosen format.
void render_seek(std::ostream& out, const SeekPlan& plan, OutputFormat format,
                 const Terminal& terminal);

// An EVENT of the JSON contract as one line of JSON text, no newline; payload and metadata are
// spliced in as the server printed them (valid JSON), so replay never re-parses them.
std::string event_json_line(const LogEvent& event);

// Streams a replay: events are written as they arrive, the end once the replay is done.
class EventWriter {
  public:
    virtual ~EventWriter() = default;
    // Writes (or buffers a bounded batch of) one event.
    virtual void write(const LogEvent& event) = 0;
    // Writes what follows the last event: for people, a count; the note when --limit cut it.
    virtual void finish(const ReplayResult& result) = 0;
    // Passes on the lines held so far (formats for pipes), before eventctl waits for more rows.
    virtual void flush() {}
};

// A replay writer for a format; events go to out, notes to err.
std::unique_ptr<EventWriter> make_event_writer(OutputFormat format, std::ostream& out,
                                               std::ostream& err, const Terminal& terminal);

// The replay --into-outbox document: the mutations' shape.
nlohmann::json into_outbox_json(const IntoOutboxResult& result);

// Writes the replay --into-outbox result in the chosen format.
void render_into_outbox(std::ostream& out, const IntoOutboxResult& result, OutputFormat format);

} // namespace eventctl
