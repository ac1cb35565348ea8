#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/run_record.h"

namespace eventctl {

nlohmann::json into_outbox_json(const IntoOutboxResult& result) {
    nlohmann::json json = {{"command", invoked_name(Command::log_replay_into_outbox)},
                           {"dry_run", result.dry_run},
                           {"matched", result.matched},
                           {"changed", result.changed},
                           {"already_enqueued", result.matched - result.changed},
                           {"label", result.label},
                           {"batches", result.batches},
                           {"selection", result.selection}};
    add_run_record(json, result.run);
    return json;
}

void render_into_outbox(std::ostream& out, const IntoOutboxResult& result, OutputFormat format) {
    switch (format) {
    case OutputFormat::json:
        out << json_text(into_outbox_json(result), true) << '\n';
        return;
    case OutputFormat::ndjson:
        out << json_text(into_outbox_json(result), false) << '\n';
        return;
    case OutputFormat::csv:
        write_csv_record(out, {"command", "dry_run", "matched", "changed", "already_enqueued",
                               "label", "batches"});
        write_csv_record(out, {"log replay", result.dry_run ? "true" : "false",
                               std::to_string(result.matched), std::to_string(result.changed),
                               std::to_string(result.matched - result.changed), result.label,
                               std::to_string(result.batches)});
        return;
    case OutputFormat::table:
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "log replay --into-outbox");
    }
    auto already = result.matched - result.changed;
    out << (result.dry_run ? "dry run: would enqueue " : "enqueued ") << result.changed << " of "
        << result.matched << (result.matched == 1 ? " event" : " events")
        << " as pending outbox entries (label \"" << result.label << "\"";
    if (already > 0) {
        out << "; " << already << " already enqueued under it";
    }
    out << ")" << (result.dry_run ? "; nothing was changed" : "") << '\n';
    out << "selection: " << json_text(result.selection, false) << '\n';
}

} // namespace eventctl
