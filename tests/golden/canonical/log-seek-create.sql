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

WITH locks AS MATERIALIZED (
    SELECT l.locktype, l.mode, l.granted, l.transactionid, l.virtualtransaction, l.relation,
           l.database
    FROM pg_catalog.pg_locks l),
writers AS MATERIALIZED (
    SELECT w.virtualtransaction FROM locks w
    WHERE w.locktype = 'relation'
      AND w.mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
                     'AccessExclusiveLock')
      AND w.relation = $1::regclass
      AND w.database = (SELECT d.oid FROM pg_catalog.pg_database d
                        WHERE d.datname = pg_catalog.current_database())),
running AS MATERIALIZED (
    SELECT r.transactionid, r.virtualtransaction FROM locks r
    WHERE r.locktype = 'transactionid' AND r.mode = 'ExclusiveLock' AND r.granted),
oldest AS MATERIALIZED (
    SELECT pg_catalog.min(x) AS xid
    FROM pg_catalog.pg_snapshot_xip(pg_catalog.pg_current_snapshot()) AS x
    WHERE x::xid NOT IN (SELECT transactionid FROM running
                         WHERE virtualtransaction NOT IN (SELECT virtualtransaction
                                                          FROM writers))),
bound AS MATERIALIZED (
    SELECT COALESCE(o.xid, pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())) AS xid,
           o.xid IS NOT NULL AND o.xid::xid NOT IN (SELECT transactionid FROM running) AS ended
    FROM oldest o)
SELECT (SELECT xid FROM bound)::text, (SELECT ended FROM bound), (SELECT "seq_no" FROM "public"."event_log" WHERE ("txid" < (SELECT xid FROM bound) OR "txid" IS NULL) ORDER BY "seq_no" DESC LIMIT 1), (SELECT "seq_no" FROM "public"."event_log" ORDER BY "seq_no" DESC LIMIT 1), (SELECT "seq_no" FROM "public"."event_log" ORDER BY "seq_no" LIMIT 1);

SELECT EXISTS (
    SELECT FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL (SELECT pg_catalog.array_agg(a.attname::text) AS names
                        FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)) AS c
    WHERE i.indrelid = pg_catalog.to_regclass($1) AND i.indisunique AND i.indpred IS NULL
      AND i.indexprs IS NULL AND c.names @> $2::text[] AND c.names <@ $3::text[]);

SELECT pg_catalog.has_table_privilege(pg_catalog.to_regclass($1), 'SELECT');

SELECT c."consumer", c."position", (CASE WHEN pg_catalog.isfinite(c."updated_at") THEN (EXTRACT(epoch FROM c."updated_at") * 1000000)::bigint END), (CASE WHEN pg_catalog.isfinite(pg_catalog.now()) THEN (EXTRACT(epoch FROM pg_catalog.now()) * 1000000)::bigint END),
    CASE WHEN c."updated_at" > pg_catalog.now() - $1::interval
    THEN EXISTS (SELECT FROM "public"."eventctl_audit" AS a
                 WHERE a.command = $2 AND a.occurred_at = c."updated_at"
                   AND a.result -> 'moves' @> pg_catalog.jsonb_build_array(
                       pg_catalog.jsonb_build_object('consumer', c."consumer", 'to', c."position")))
    ELSE false END,
    false
FROM "public"."event_consumers" AS c
WHERE c."consumer" = ANY($3::text[])
ORDER BY c."consumer" COLLATE "C";

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

SELECT "consumer", "position", (CASE WHEN pg_catalog.isfinite("updated_at") THEN (EXTRACT(epoch FROM "updated_at") * 1000000)::bigint END) FROM "public"."event_consumers" WHERE "consumer" = ANY($1::text[]) ORDER BY "consumer" COLLATE "C" FOR UPDATE;

INSERT INTO "public"."event_consumers" ("consumer", "position", "updated_at") VALUES ($1, $2::bigint, pg_catalog.now()) ON CONFLICT DO NOTHING;

INSERT INTO "public"."eventctl_audit" (command, command_line, os_user, dry_run, matched, changed, selection, result) VALUES ($1, $2, $3, $4::boolean, $5::bigint, $6::bigint, $7::jsonb, $8::jsonb) RETURNING id;

