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

// One line for a progress display: a bar when the end is known, the counts so far; with the
// rate (entries per second so far), what remains and when it should be done, when known.
std::string progress_line(const ChangeProgress& progress, int width,
                          std::optional<double> rate = std::nullopt);

} // namespace eventctl
