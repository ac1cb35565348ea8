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

SELECT c.reltuples::bigint
FROM pg_catalog.pg_class c
WHERE c.oid = pg_catalog.to_regclass($1);

SELECT pg_catalog.count(*) FILTER (WHERE "completion_date" IS NULL)
FROM "public"."event_publication"
WHERE "completion_date" IS NULL;

SELECT pg_catalog.count(*) FILTER (WHERE "completion_date" IS NOT NULL)
FROM "public"."event_publication"
WHERE "completion_date" IS NOT NULL;

SELECT 0::bigint,
    (CASE WHEN pg_catalog.isfinite((SELECT pg_catalog.min("publication_date") FROM "public"."event_publication" WHERE "completion_date" IS NULL)) THEN (EXTRACT(epoch FROM (SELECT pg_catalog.min("publication_date") FROM "public"."event_publication" WHERE "completion_date" IS NULL)) * 1000000)::bigint END),
    (CASE WHEN pg_catalog.isfinite(pg_catalog.now()) THEN (EXTRACT(epoch FROM pg_catalog.now()) * 1000000)::bigint END);

