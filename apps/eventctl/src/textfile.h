#pragma once

#include <string>

namespace eventctl::cli {

// Replaces the file at path with text atomically, as node_exporter's textfile collector needs:
// written to a hidden temporary file in the same directory (which the collector, reading only
// *.prom, never picks up), flushed to disk, made readable by all, then renamed over path. A
// reader sees the old file or the new one, never part of one; on failure the old file stays and
// the temporary one is removed. Throws UsageError (exit 64) naming path when it cannot.
void write_file_atomically(const std::string& path, const std::string& text);

} // namespace eventctl::cli
