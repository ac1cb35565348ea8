SELECT pg_catalog.set_config('application_name', $1, false), pg_catalog.set_config('lock_timeout', $2, false), pg_catalog.set_config('statement_timeout', $3, false), pg_catalog.set_config('search_path', '', false), pg_catalog.set_config('TimeZone', 'UTC', false);

SELECT t.ord, c.oid IS NOT NULL, a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod), ty.typname::text, ty.typtype::text,
       a.attnotnull, a.atthasdef,
       (SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = ty.oid)
FROM pg_catalog.unnest($1::text[]) WITH ORDINALITY AS t(name, ord)
LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(t.name)
LEFT JOIN pg_catalog.pg_attribute a
       ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
ORDER BY t.ord, a.attnum;

SELECT (SELECT "seq_id" FROM "public"."mt_events" ORDER BY "seq_id" DESC LIMIT 1), (SELECT "seq_id" FROM "public"."mt_events" ORDER BY "seq_id" LIMIT 1);

SELECT "name", COALESCE("last_seq_id", 0), (CASE WHEN pg_catalog.isfinite("last_updated") THEN (EXTRACT(epoch FROM "last_updated") * 1000000)::bigint END) FROM "public"."mt_event_progression" WHERE NOT COALESCE(pg_catalog.starts_with("name"::text, $1), FALSE) ORDER BY "name" COLLATE "C";

