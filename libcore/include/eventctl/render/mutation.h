#pragma once

#include "eventctl/outbox/mutation.h"
#include "eventctl/render/output.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

namespace eventctl {

// A mutation's result as the JSON contract spells it.
nlohmann::json mutation_json(const MutationResult& result);

// A redrive's canary as the JSON contract spells it.
nlohmann::json canary_json(const CanaryReport& canary);

// Writes a mutation's result in the chosen format.
void render_mutation(std::ostream& out, const MutationResult& result, OutputFormat format);

// How fast a change goes, for its progress line: the count a confirmed preview found, and the
// time since the first batch started.
struct ProgressPace {
    std::optional<std::int64_t> total;
    double elapsed_seconds = 0;
};

// One line for a progress display: a bar when the end is known, the counts so far (of the
// total when known), the rate and, when the end is known, the time left:
// "[#####     ] 50% 1,200 of 2,400 changed, 0 skipped, batch 12, 850/s, ETA 1s".
std::string progress_line(const ChangeProgress& progress, int width, const ProgressPace& pace = {});

} // namespace eventctl
