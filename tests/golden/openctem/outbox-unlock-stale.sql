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

SELECT "id"::text, (CASE WHEN pg_catalog.isfinite("created_at") THEN (EXTRACT(epoch FROM "created_at") * 1000000)::bigint END)
FROM "public"."notification_outbox"
WHERE ("status" = $1 AND "locked_at" < pg_catalog.now() - $2::interval)
ORDER BY "created_at", "id"
LIMIT $3::bigint;

WITH locked AS (
    SELECT "id" AS id FROM "public"."notification_outbox"
    WHERE ("id" = ANY($1::text[]::uuid[]) AND ("status" = $2 AND "locked_at" < pg_catalog.now() - $3::interval))
    FOR UPDATE SKIP LOCKED)
UPDATE "public"."notification_outbox" AS target SET "status" = $4, "locked_by" = NULL, "locked_at" = NULL, "updated_at" = pg_catalog.now()
FROM locked
WHERE target."id" = locked.id AND (target."status" = $5 AND target."locked_at" < pg_catalog.now() - $6::interval)
RETURNING target."id"::text;

