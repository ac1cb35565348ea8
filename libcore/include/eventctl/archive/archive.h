#pragma once

// Where rows go before a purge deletes them (outbox purge, log purge): an append-only NDJSON
// archive, plain or zstd-compressed, written a batch at a time and on disk before the caller
// deletes the batch. Each run that ends appends a line to the manifest beside it, so what an
// archive holds can be verified (eventctl-outbox(1), ARCHIVES).

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What --archive-to asked for.
struct ArchiveRequest {
    std::string path;
    // --archive-unsafe-pipe: the path is a pipe (a FIFO, >(...)), which cannot be made durable.
    bool unsafe_pipe = false;
};

// A regular file is written durably (fsync before each delete); a pipe only handed the rows.
enum class ArchiveKind { file, pipe };

// A name ending in .zst is written as zstd frames, one per batch.
enum class ArchiveCompression { none, zstd };

// A target checked before anything runs.
struct ArchiveTarget {
    ArchiveRequest request;
    ArchiveKind kind = ArchiveKind::file;
    ArchiveCompression compression = ArchiveCompression::none;

    // Where the manifest goes: the archive's path plus ".manifest" (regular files only).
    std::string manifest_path() const { return request.path + ".manifest"; }
};

// Checks an archive target before anything connects, so a purge that could not archive refuses
// before any statement runs. A regular file (or a new one in a writable directory) must end
// with a whole line, or for .zst a whole frame: DataError (exit 65) for one a killed run cut
// off, naming the size to cut it back to. A pipe needs unsafe_pipe, and unsafe_pipe needs a
// pipe; standard output (where the result goes) and anything else are refused: UsageError.
ArchiveTarget check_archive_target(const ArchiveRequest& request);

// One row of a batch: its id, for the manifest's id range, and its JSON document.
struct ArchiveRow {
    std::string id;
    std::string json; // one line, no newline
};

// An archive open for appending. Batches are written whole or not at all: a write that fails
// is cut back off the file, so the next run appends to a whole line.
class ArchiveWriter {
  public:
    // Opens the target (creating a missing file, mode 0640) and checks it again, as
    // check_archive_target does; throws UsageError or DataError as that does.
    explicit ArchiveWriter(ArchiveTarget target);
    ~ArchiveWriter();
    ArchiveWriter(const ArchiveWriter&) = delete;
    ArchiveWriter& operator=(const ArchiveWriter&) = delete;

    // Appends a batch and returns once it is on disk (fsync; for a pipe, once written into
    // it). On failure a file is cut back to its size before the batch, and Error (exit 75)
    // says the batch must not be deleted.
    void append(const std::vector<ArchiveRow>& rows);

    // Appends this run's line to the manifest (regular files only; a pipe has none): the
    // facts given (command, table, cutoff, times...) plus the rows written, their id range,
    // and the byte range this run appended with its sha256. Throws Error (exit 74) when the
    // manifest cannot be written.
    void write_manifest(nlohmann::json run);

    const ArchiveTarget& target() const { return m_target; }
    // Rows written by this writer.
    std::int64_t rows() const { return m_rows; }

  private:
    [[noreturn]] void fail_batch(int error, std::int64_t size_before, const char* step);

    ArchiveTarget m_target;
    int m_fd = -1;
    bool m_created = false; // the file is new: its directory entry needs an fsync too
    bool m_dir_synced = false;
    std::int64_t m_from = 0; // the file's size when it was opened
    std::int64_t m_end = 0;  // and now
    std::int64_t m_rows = 0;
    std::optional<std::string> m_min_id;
    std::optional<std::string> m_max_id;
    struct Digest;
    std::unique_ptr<Digest> m_digest;
};

} // namespace eventctl
