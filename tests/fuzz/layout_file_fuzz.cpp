// Layout files (--layout FILE): JSON a person wrote. A document is refused only with a usage
// error that says where; one that reads is a layout every command can ask its questions of.
#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout_file.h"
#include "fuzz_support.h"

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(fuzz::as_text(data, size));
    Layout layout;
    if (!fuzz::accepts([&] { layout = parse_layout(text, "fuzz.json"); })) {
        return 0;
    }
    fuzz::require(!layout.name.empty(), "a layout has a name");
    fuzz::require(layout.outbox || layout.log, "a layout describes an outbox or a log");
    if (layout.outbox) {
        const auto& outbox = *layout.outbox;
        fuzz::require(outbox.state(Status::pending) != nullptr, "an outbox has a pending state");
        for (auto field : {OutboxField::id, OutboxField::event_type, OutboxField::created_at}) {
            fuzz::require(outbox.has(field), "an outbox maps id, event_type and created_at");
        }
        fuzz::require(!outbox.dead_letters || outbox.state(Status::dead)->in_dead_letters,
                      "a dead-letter table holds the dead state");
        for (auto status : all_statuses) {
            if (const auto* rule = outbox.state(status)) {
                fuzz::require(rule->in_dead_letters || !rule->when.empty(),
                              "a state has conditions or lives in the dead letters");
            }
        }
    }
    if (layout.log) {
        fuzz::require(layout.log->has_global_position() || layout.log->has_streams(),
                      "a log has a global position or streams");
    }
    // Every question a command asks of a layout before connecting has an answer.
    for (const auto& capability : layout_capabilities(layout)) {
        fuzz::require(capability.supported == capability.lacking.empty(),
                      "an unsupported command says what the layout lacks");
    }
    TableOverrides overrides;
    overrides.schema = "other";
    overrides.audit = "audit";
    auto moved = apply_overrides(layout, overrides);
    fuzz::require(moved.audit && moved.audit->schema == "other", "overrides apply");
    return 0;
}
