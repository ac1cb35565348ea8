#include "eventctl/log/low_watermark.h"

#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "sql/statement.h"

namespace eventctl {

LowWatermark read_low_watermark(Session& session, pqxx::transaction_base& tx,
                                const LogSource& source) {
    auto seq = quote_identifier(source.seq_column.value_or("seq_no"));
    // pg_get_serial_sequence finds an identity's or a serial's sequence; its last value needs a
    // privilege on the sequence, and only tells anything once the log is empty.
    SqlParams params;
    auto sql = fmt::format(
        R"(SELECT (SELECT {seq} FROM {log} ORDER BY {seq} LIMIT 1), s.seqstart,
       CASE WHEN s.seqrelid IS NOT NULL
                 AND pg_catalog.has_sequence_privilege(s.seqrelid, 'SELECT,USAGE')
            THEN pg_catalog.pg_sequence_last_value(s.seqrelid) END
FROM (SELECT pg_catalog.to_regclass(pg_catalog.pg_get_serial_sequence({log_name}, {column}))
             AS oid) AS q
LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = q.oid)",
        "seq"_a = seq, "log"_a = source.table.sql(), "log_name"_a = params.bind(source.table.sql()),
        "column"_a = params.bind(source.seq_column.value_or("seq_no")));
    auto row = session.exec(tx, sql, params)[0];
    LowWatermark watermark;
    if (!row[1].is_null()) {
        watermark.first_possible = row[1].as<std::int64_t>();
    }
    if (!row[0].is_null()) {
        watermark.lowest = row[0].as<std::int64_t>();
    } else if (!row[2].is_null()) {
        watermark.lowest = row[2].as<std::int64_t>() + 1;
    }
    return watermark;
}

void refuse_below_watermark(const LowWatermark& watermark, std::int64_t seq,
                            const std::string& what) {
    if (!watermark.purged(seq)) {
        return;
    }
    auto lowest = std::to_string(*watermark.lowest);
    throw DataError(what + ": the events before seq_no " + lowest +
                        " were purged from the log (its low watermark is " + lowest + ")",
                    "start at seq_no " + lowest +
                        " or later; 'eventctl log consumers' shows the "
                        "low watermark");
}

} // namespace eventctl
