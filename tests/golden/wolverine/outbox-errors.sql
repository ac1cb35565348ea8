SELECT pg_catalog.set_config('application_name', $1, false), pg_catalog.set_config('lock_timeout', $2, false), pg_catalog.set_config('statement_timeout', $3, false), pg_catalog.set_config('search_path', '', false), pg_catalog.set_config('TimeZone', 'UTC', false), current_user::text, pg_catalog.pg_is_in_recovery(), pg_catalog.current_setting('default_transaction_read_only') = 'on';

SELECT t.ord, c.oid IS NOT NULL, a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod), ty.typname::text, ty.typtype::text,
       a.attnotnull, a.atthasdef,
       (SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = ty.oid),
       EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspname = t.schema),
       CASE WHEN c.oid IS NULL THEN ARRAY(
         SELECT n.nspname::text FROM pg_catalog.pg_class r
         JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE r.relname = t.relname AND r.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
         ORDER BY 1) END,
       CASE WHEN c.oid IS NULL THEN ARRAY(
         SELECT r.relname::text FROM pg_catalog.pg_class r
         JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE n.nspname = t.schema AND r.relkind IN ('r', 'p', 'v', 'm', 'f')
         ORDER BY 1) END,
       CASE WHEN c.oid IS NULL THEN ARRAY(
         SELECT n.nspname::text FROM pg_catalog.pg_namespace n WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
         ORDER BY 1) END
FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[]),
                pg_catalog.unnest($3::text[])) WITH ORDINALITY AS t(name, schema, relname, ord)
LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(t.name)
LEFT JOIN pg_catalog.pg_attribute a
       ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
ORDER BY t.ord, a.attnum;

WITH failures AS (
SELECT pg_catalog.btrim(pg_catalog.replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.left(pg_catalog.split_part(pg_catalog.replace(COALESCE("exception_message"::text, ''), pg_catalog.chr(13), pg_catalog.chr(10)), pg_catalog.chr(10), 1), 500), $1, $2, 'g'), $3, $4, 'g'), $5, $6, 'g'), $7, $8, 'g'), $9, $10, 'g'), $11, $12, 'g'), $13, $14, 'g'), $15, '')) AS pattern, 'dead'::text AS status, "message_type"::text AS event_type,
    (CASE WHEN pg_catalog.isfinite("sent_at") THEN (EXTRACT(epoch FROM "sent_at") * 1000000)::bigint END) AS seen, "id"::text AS id, "exception_message"::text AS message
FROM "wolverine"."wolverine_dead_letters"
WHERE TRUE
),
ranked AS (
    SELECT failures.*,
        pg_catalog.row_number() OVER (PARTITION BY pattern ORDER BY seen DESC, id DESC) AS recency
    FROM failures
),
error_groups AS (
    SELECT pattern, count(*) AS entries,
        count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE status = 'dead') AS dead,
        pg_catalog.jsonb_agg(DISTINCT event_type ORDER BY event_type) AS event_types,
        min(seen) AS first_seen, max(seen) AS last_seen,
        min(id) FILTER (WHERE recency = 1) AS sample_id,
        min(message) FILTER (WHERE recency = 1) AS sample_error
    FROM ranked
    GROUP BY pattern
)
SELECT pg_catalog.left(pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pattern, 'UTF8')), 'hex'), 12) AS fingerprint, pattern, entries, failed, dead, event_types::text,
    first_seen, last_seen, sample_id, sample_error,
    count(*) OVER () AS groups_total, (sum(entries) OVER ())::bigint AS entries_total
FROM error_groups
ORDER BY entries DESC, fingerprint
LIMIT $16::bigint;

