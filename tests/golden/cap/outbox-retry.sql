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

SELECT "Id"::text, (CASE WHEN pg_catalog.isfinite(("Added" AT TIME ZONE 'UTC')) THEN (EXTRACT(epoch FROM ("Added" AT TIME ZONE 'UTC')) * 1000000)::bigint END)
FROM "cap"."published"
WHERE ("Version" = $1 AND ("Version" = $2 AND (("StatusName" = $3 AND "Retries" < $4) OR ("StatusName" = $5 AND "Retries" >= $6))))
ORDER BY "Added", "Id"
LIMIT $7::bigint;

WITH locked AS (
    SELECT "Id" AS id FROM "cap"."published"
    WHERE ("Id" = ANY($1::text[]::bigint[]) AND ("Version" = $2 AND (("StatusName" = $3 AND "Retries" < $4) OR ("StatusName" = $5 AND "Retries" >= $6))))
    FOR UPDATE SKIP LOCKED)
UPDATE "cap"."published" AS target SET "ExpiresAt" = NULL, "Retries" = $7, "StatusName" = $8
FROM locked
WHERE target."Id" = locked.id AND (target."Version" = $9 AND ((target."StatusName" = $10 AND target."Retries" < $11) OR (target."StatusName" = $12 AND target."Retries" >= $13)))
RETURNING target."Id"::text;

