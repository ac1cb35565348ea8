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

SELECT * FROM ((SELECT "msg_id"::text, NULL::text::text, CASE WHEN (("vt" IS NULL OR "vt" <= pg_catalog.now()) OR "read_ct" = $1) THEN 'pending' WHEN ("vt" > pg_catalog.now() AND "read_ct" > $2) THEN 'processing' END, (CASE WHEN pg_catalog.isfinite("enqueued_at") THEN (EXTRACT(epoch FROM "enqueued_at") * 1000000)::bigint END), NULL::text::text, NULL::text::text, NULL::text::text, "read_ct"::bigint, NULL::bigint::bigint, NULL::text::text, NULL::bigint, NULL::text::text, (CASE WHEN pg_catalog.isfinite("vt") THEN (EXTRACT(epoch FROM "vt") * 1000000)::bigint END), NULL::bigint, "enqueued_at" AS sort_created, "msg_id" AS sort_id
FROM "pgmq"."q_golden"
WHERE TRUE
ORDER BY "enqueued_at", "msg_id"
LIMIT $3::bigint)
UNION ALL
(SELECT "msg_id"::text, NULL::text::text, 'completed'::text, (CASE WHEN pg_catalog.isfinite("enqueued_at") THEN (EXTRACT(epoch FROM "enqueued_at") * 1000000)::bigint END), NULL::text::text, NULL::text::text, NULL::text::text, "read_ct"::bigint, NULL::bigint::bigint, NULL::text::text, NULL::bigint, NULL::text::text, NULL::bigint, (CASE WHEN pg_catalog.isfinite("archived_at") THEN (EXTRACT(epoch FROM "archived_at") * 1000000)::bigint END), "enqueued_at" AS sort_created, "msg_id" AS sort_id
FROM "pgmq"."a_golden"
WHERE TRUE
ORDER BY "enqueued_at", "msg_id"
LIMIT $4::bigint)) AS entries
ORDER BY sort_created, sort_id
LIMIT $5::bigint;

