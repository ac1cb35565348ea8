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

WITH unfinished AS (
SELECT "aggregate_type"::text AS aggregate_type, "aggregate_id"::text AS aggregate_id, COALESCE("sequence"::bigint, 9223372036854775807) AS sequence, (CASE WHEN pg_catalog.isfinite("created_at") THEN (EXTRACT(epoch FROM "created_at") * 1000000)::bigint END) AS created, "id"::text AS id, CASE WHEN "status" = $1 THEN 'pending' WHEN "status" = $2 THEN 'processing' WHEN "status" = $3 THEN 'completed' WHEN "status" = $4 THEN 'failed' WHEN "status" = $5 THEN 'dead' END AS status, "event_type"::text AS event_type,
    "last_error"::text AS message, (CASE WHEN pg_catalog.isfinite("updated_at") THEN (EXTRACT(epoch FROM "updated_at") * 1000000)::bigint END) AS seen, TRUE AS selected
FROM "public"."outbox"
WHERE ("aggregate_id" IS NOT NULL AND "status" = ANY($6))
),
ordered AS (
    SELECT unfinished.*,
        pg_catalog.row_number() OVER within_aggregate AS place,
        count(*) OVER (PARTITION BY aggregate_type, aggregate_id) AS unfinished_entries,
        pg_catalog.lead(created) OVER within_aggregate AS next_created
    FROM unfinished
    WINDOW within_aggregate AS (PARTITION BY aggregate_type, aggregate_id ORDER BY sequence, created, id)
)
SELECT aggregate_type, aggregate_id, id, status, event_type, message, seen,
    unfinished_entries - 1 AS waiting, next_created, count(*) OVER () AS total
FROM ordered
WHERE place = 1 AND status IN ('failed', 'dead') AND unfinished_entries > 1 AND selected
ORDER BY next_created, aggregate_type, aggregate_id
LIMIT $7::bigint;

