#pragma once

#include "eventctl/outbox/mutation.h"
#include "eventctl/render/output.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace eventctl {

// A mutation's result as the JSON contract spells it.
nlohmann::json mutation_json(const MutationResult& result);

// Writes a mutation's result in the chosen format.
void render_mutation(std::ostream& out, const MutationResult& result, OutputFormat format);

// One line for a progress display: a bar when the end is known, the counts so far.
std::string progress_line(const ChangeProgress& progress, int width);

} // namespace eventctl
