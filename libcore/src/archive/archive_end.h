#pragma once

// How an existing archive file ends: with a whole line (or a whole zstd frame), or with the
// partial batch of a run that was killed while writing it.

#include "eventctl/archive/archive.h"

namespace eventctl {

// Throws DataError (exit 65) when the open regular file fd does not end with a whole line (a
// whole frame for zstd), naming the size to cut it back to.
void check_archive_end(int fd, const ArchiveTarget& target);

} // namespace eventctl
