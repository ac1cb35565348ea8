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

SELECT n.nspname::text, c.relname::text, pn.nspname::text, pc.relname::text,
       t.level, t.isleaf, COALESCE(pg_catalog.pg_get_expr(c.relpartbound, c.oid), ''),
       pt.partstrat::text,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(pt.partattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             ORDER BY k.ord),
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END,
       pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::bigint
FROM (SELECT relid, parentrelid, isleaf, level
      FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass($1))
      UNION ALL
      SELECT c.oid::pg_catalog.regclass, NULL::pg_catalog.regclass, true, 0
      FROM pg_catalog.pg_class c
      WHERE c.oid = pg_catalog.to_regclass($1) AND c.relkind <> 'p'
        AND NOT c.relispartition) AS t
JOIN pg_catalog.pg_class c ON c.oid = t.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = t.parentrelid
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
ORDER BY t.level, n.nspname COLLATE "C", c.relname COLLATE "C";

SELECT "status"::text, pg_catalog.count(*)
FROM "public"."notification_outbox"
WHERE "status" = ANY($1)
GROUP BY 1;

SELECT "status"::text, pg_catalog.count(*)
FROM "public"."notification_outbox"
WHERE "status" = $1
GROUP BY 1;

SELECT (SELECT pg_catalog.count(*) FROM "public"."notification_outbox" WHERE ("status" = $1 AND "locked_at" < pg_catalog.now() - $2::interval)),
    (CASE WHEN pg_catalog.isfinite((SELECT pg_catalog.min("created_at") FROM "public"."notification_outbox" WHERE ("status" = $3 AND "scheduled_at" <= pg_catalog.now()))) THEN (EXTRACT(epoch FROM (SELECT pg_catalog.min("created_at") FROM "public"."notification_outbox" WHERE ("status" = $3 AND "scheduled_at" <= pg_catalog.now()))) * 1000000)::bigint END),
    (CASE WHEN pg_catalog.isfinite(pg_catalog.now()) THEN (EXTRACT(epoch FROM pg_catalog.now()) * 1000000)::bigint END);

