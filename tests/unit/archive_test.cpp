// The purge archive (eventctl/archive/archive.h): what it accepts as a target, how it writes
// batches and its manifest, and that a full disk never leaves a batch half written.
#include "eventctl/archive/archive.h"
#include "eventctl/error.h"
#include "small_filesystem.h"
#include "temp_directory.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace eventctl;
using namespace eventctl::test;

namespace {

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// The output of a command run through the shell (sha256sum, zstd).
std::string shell(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    pclose(pipe);
    return out;
}

std::vector<ArchiveRow> batch(int from, int count, std::size_t payload = 10) {
    std::vector<ArchiveRow> rows;
    for (int i = from; i < from + count; ++i) {
        rows.push_back({std::to_string(i), "{\"id\":" + std::to_string(i) + ",\"p\":\"" +
                                               std::string(payload, 'x') + "\"}"});
    }
    return rows;
}

template <typename ErrorType> std::string error_of(const std::function<void()>& run) {
    try {
        run();
    } catch (const ErrorType& error) {
        return std::string(error.what()) + " | " + error.hint();
    }
    FAIL("no error of the expected type");
    return {};
}

} // namespace

TEST_CASE("archive: a new or whole file is a durable target, .zst a compressed one") {
    TempDirectory dir;
    auto target = check_archive_target({dir.path("a.ndjson"), false});
    CHECK(target.kind == ArchiveKind::file);
    CHECK(target.compression == ArchiveCompression::none);
    CHECK(target.manifest_path() == dir.path("a.ndjson.manifest"));
    CHECK_FALSE(std::ifstream(dir.path("a.ndjson")).good()); // checked, not created
    CHECK(check_archive_target({dir.path("a.ndjson.zst"), false}).compression ==
          ArchiveCompression::zstd);
    write_file(dir.path("whole.ndjson"), "{\"id\":1}\n{\"id\":2}\n");
    CHECK(check_archive_target({dir.path("whole.ndjson"), false}).kind == ArchiveKind::file);
    CHECK(error_of<UsageError>([&] {
              check_archive_target({dir.path("no/such/dir/a"), false});
          }).find("cannot create") != std::string::npos);
}

TEST_CASE("archive: a file a killed run cut off is refused, with the size to cut it back to") {
    TempDirectory dir;
    write_file(dir.path("cut.ndjson"), "{\"id\":1}\n{\"id\":2}\n{\"id\":3,\"pay");
    auto message = error_of<DataError>([&] {
        check_archive_target({dir.path("cut.ndjson"), false});
    });
    CHECK(message.find("ends with 12 bytes of a cut-off line") != std::string::npos);
    CHECK(message.find("truncate -s 18 " + dir.path("cut.ndjson")) != std::string::npos);
    // The writer checks again when it opens the file.
    CHECK_THROWS_AS(ArchiveWriter(ArchiveTarget{{dir.path("cut.ndjson"), false}}), DataError);
}

TEST_CASE("archive: pipes need --archive-unsafe-pipe, and that option needs a pipe") {
    TempDirectory dir;
    auto fifo = dir.path("fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto refused = error_of<UsageError>([&] { check_archive_target({fifo, false}); });
    CHECK(refused.find("is a pipe") != std::string::npos);
    CHECK(refused.find("cannot be flushed to disk") != std::string::npos);
    CHECK(refused.find("--archive-unsafe-pipe") != std::string::npos);
    CHECK(check_archive_target({fifo, true}).kind == ArchiveKind::pipe);

    write_file(dir.path("file"), "");
    CHECK(error_of<UsageError>([&] {
              check_archive_target({dir.path("file"), true});
          }).find("is a regular file") != std::string::npos);
    CHECK(error_of<UsageError>([&] {
              check_archive_target({dir.path("new"), true});
          }).find("does not exist") != std::string::npos);
    CHECK(error_of<UsageError>([&] {
              check_archive_target({"/dev/null", false});
          }).find("neither a regular file nor a pipe") != std::string::npos);
}

TEST_CASE("archive: batches are appended whole and the manifest verifies them") {
    TempDirectory dir;
    auto path = dir.path("a.ndjson");
    write_file(path, "{\"id\":0}\n"); // an earlier run's
    {
        ArchiveWriter writer(check_archive_target({path, false}));
        writer.append(batch(1, 3));
        writer.append({});
        writer.append(batch(10, 2));
        CHECK(writer.rows() == 5);
        writer.write_manifest({{"command", "outbox purge"}, {"cutoff", "2026-01-01T00:00:00Z"}});
    }
    auto text = contents(path);
    CHECK(std::count(text.begin(), text.end(), '\n') == 6);
    auto manifest = nlohmann::json::parse(contents(path + ".manifest"));
    CHECK(manifest["manifest"] == 1);
    CHECK(manifest["archive"] == "a.ndjson");
    CHECK(manifest["compression"] == "none");
    CHECK(manifest["command"] == "outbox purge");
    CHECK(manifest["cutoff"] == "2026-01-01T00:00:00Z");
    CHECK(manifest["rows"] == 5);
    CHECK(manifest["min_id"] == "1"); // numerically: 10 > 3
    CHECK(manifest["max_id"] == "11");
    CHECK(manifest["from_byte"] == 9);
    CHECK(manifest["to_byte"] == text.size());
    // The documented check: the run's bytes hash to the manifest's sha256.
    auto run_bytes = shell("tail -c +10 '" + path + "' | sha256sum");
    CHECK(run_bytes.substr(0, 64) == manifest["sha256"].get<std::string>());
}

TEST_CASE("archive: a .zst archive is zstd frames that decompress to the rows") {
    TempDirectory dir;
    auto path = dir.path("a.ndjson.zst");
    {
        ArchiveWriter writer(check_archive_target({path, false}));
        writer.append(batch(1, 100, 200));
        writer.append(batch(101, 50, 200));
        writer.write_manifest({});
    }
    auto decompressed = shell("zstd -dcq '" + path + "'");
    CHECK(std::count(decompressed.begin(), decompressed.end(), '\n') == 150);
    CHECK(decompressed.rfind("{\"id\":1,", 0) == 0);
    CHECK(contents(path).size() < decompressed.size() / 4);
    auto manifest = nlohmann::json::parse(contents(path + ".manifest"));
    CHECK(manifest["compression"] == "zstd");
    CHECK(manifest["to_byte"] == contents(path).size());
    // A second run appends frames to the same file.
    {
        ArchiveWriter writer(check_archive_target({path, false}));
        writer.append(batch(151, 1));
    }
    auto again = shell("zstd -dcq '" + path + "' | wc -l");
    CHECK(std::stoi(again) == 151);

    // Cut inside its last frame: refused, with the end of the last whole frame.
    auto whole = contents(path).size();
    write_file(dir.path("cut.zst"), contents(path).substr(0, whole - 5));
    auto message = error_of<DataError>([&] { check_archive_target({dir.path("cut.zst"), false}); });
    CHECK(message.find("cut-off zstd frame") != std::string::npos);
    write_file(dir.path("plain.zst"), "{\"id\":1}\n");
    CHECK(error_of<DataError>([&] {
              check_archive_target({dir.path("plain.zst"), false});
          }).find("is not a zstd archive") != std::string::npos);
}

TEST_CASE("archive: a write that fills the disk is cut back off, and the file stays whole") {
    SmallFilesystem fs(256 * 1024);
    auto path = fs.path("a.ndjson");
    ArchiveWriter writer(check_archive_target({path, false}));
    writer.append(batch(1, 5, 1000));
    auto before = contents(path);
    fs.fill_until(8 * 1024);
    // 20 rows of 10 KB cannot fit in 8 KB: the write fails part way through.
    try {
        writer.append(batch(6, 20, 10 * 1024));
        FAIL("the batch fit");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::temp_failure);
    }
    auto message = error_of<Error>([&] { writer.append(batch(6, 20, 10 * 1024)); });
    CHECK(message.find("cannot write the archive") != std::string::npos);
    CHECK(message.find("No space left on device") != std::string::npos);
    CHECK(message.find("this batch was not deleted") != std::string::npos);
    CHECK(message.find("cut back to the " + std::to_string(before.size()) + " bytes") !=
          std::string::npos);
    CHECK(contents(path) == before);
    CHECK_NOTHROW(check_archive_target({path, false}));
    CHECK(writer.rows() == 5);
}
