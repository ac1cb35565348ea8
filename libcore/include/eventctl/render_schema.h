#pragma once

#include "eventctl/output.h"
#include "eventctl/schema.h"

#include <ostream>

namespace eventctl {

// Writes what schema init found and created in the chosen format.
void render_schema_init(std::ostream& out, const SchemaInitResult& result, OutputFormat format,
                        const Terminal& terminal);

} // namespace eventctl
