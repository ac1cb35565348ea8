#pragma once

#include "eventctl/render/output.h"
#include "eventctl/schema/schema.h"

#include <ostream>

namespace eventctl {

// Writes what schema init found and created in the chosen format.
void render_schema_init(std::ostream& out, const SchemaInitResult& result, OutputFormat format,
                        const Terminal& terminal);

} // namespace eventctl
