#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

namespace {

// A table without an update time (a layout that maps none) has null.
std::optional<std::string> updated_text(const ConsumerPosition& consumer) {
    return consumer.updated_at ? std::optional<std::string>(format_rfc3339(*consumer.updated_at))
                               : std::nullopt;
}

nlohmann::json consumer_json(const ConsumerPosition& consumer) {
    auto updated = updated_text(consumer);
    return {{"consumer", consumer.consumer},
            {"position", consumer.position},
            {"lag", consumer.lag},
            {"updated_at", updated ? nlohmann::json(*updated) : nlohmann::json()}};
}

} // namespace

nlohmann::json consumers_json(const ConsumersResult& result) {
    nlohmann::json consumers = nlohmann::json::array();
    for (const auto& consumer : result.consumers) {
        consumers.push_back(consumer_json(consumer));
    }
    return {{"head", result.head}, {"consumers", consumers}};
}

void render_consumers(std::ostream& out, const ConsumersResult& result, OutputFormat format,
                      const Terminal& terminal) {
    switch (format) {
    case OutputFormat::json:
        out << json_text(consumers_json(result), true) << '\n';
        return;
    case OutputFormat::ndjson:
        // One consumer per line; each carries the head, as a line stands alone in a pipe.
        for (const auto& consumer : result.consumers) {
            auto line = consumer_json(consumer);
            line["head"] = result.head;
            out << json_text(line, false) << '\n';
        }
        return;
    case OutputFormat::csv:
        write_csv_record(out, {"consumer", "position", "lag", "updated_at", "head"});
        for (const auto& consumer : result.consumers) {
            write_csv_record(out, {consumer.consumer, std::to_string(consumer.position),
                                   std::to_string(consumer.lag), updated_text(consumer),
                                   std::to_string(result.head)});
        }
        return;
    case OutputFormat::table:
        break;
    }
    if (result.consumers.empty()) {
        out << "no consumers; head " << result.head << '\n';
        return;
    }
    TextTable table({"CONSUMER", "POSITION", "LAG", "UPDATED"}, {false, true, true, false});
    for (const auto& consumer : result.consumers) {
        table.add_row({{consumer.consumer},
                       {std::to_string(consumer.position)},
                       {std::to_string(consumer.lag), consumer.lag > 0 ? "33" : nullptr},
                       {updated_text(consumer).value_or("-")}});
    }
    table.write(out, terminal);
    auto count = result.consumers.size();
    out << '\n'
        << count << (count == 1 ? " consumer" : " consumers") << "; head " << result.head << '\n';
}

} // namespace eventctl
