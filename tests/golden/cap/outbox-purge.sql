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

SELECT (CASE WHEN pg_catalog.isfinite(pg_catalog.now() - $1::interval) THEN (EXTRACT(epoch FROM pg_catalog.now() - $1::interval) * 1000000)::bigint END);

SELECT n.nspname::text FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman' AND COALESCE(pg_catalog.has_table_privilege(pg_catalog.to_regclass(pg_catalog.format('%I.part_config', n.nspname)), 'SELECT'), FALSE);

SELECT h.kind, h.name, h.application, h.state, h.age_seconds, h.xmin_age,
       h.catalog_xmin_age, h.holds_rows
FROM (
    SELECT 'session' AS kind, a.pid::text AS name, a.application_name::text AS application,
           a.state::text AS state,
           pg_catalog.floor(EXTRACT(epoch FROM pg_catalog.now() - a.xact_start))::bigint
               AS age_seconds,
           GREATEST(pg_catalog.age(a.backend_xmin), pg_catalog.age(a.backend_xid))::bigint
               AS xmin_age,
           NULL::bigint AS catalog_xmin_age, TRUE AS holds_rows
    FROM pg_catalog.pg_stat_activity a
    WHERE (a.backend_xmin IS NOT NULL OR a.backend_xid IS NOT NULL)
      AND a.datname = pg_catalog.current_database()
      AND a.pid <> pg_catalog.pg_backend_pid()
      AND a.xact_start < pg_catalog.now() - $1::interval
    UNION ALL
    SELECT 'replication slot', s.slot_name::text, NULL,
           CASE WHEN s.active THEN 'active' ELSE 'inactive' END, NULL,
           pg_catalog.age(s.xmin)::bigint, pg_catalog.age(s.catalog_xmin)::bigint,
           s.xmin IS NOT NULL
    FROM pg_catalog.pg_replication_slots s
    WHERE s.xmin IS NOT NULL OR s.catalog_xmin IS NOT NULL
    UNION ALL
    SELECT 'prepared transaction', p.gid, NULL, NULL,
           pg_catalog.floor(EXTRACT(epoch FROM pg_catalog.now() - p.prepared))::bigint,
           pg_catalog.age(p.transaction)::bigint, NULL, TRUE
    FROM pg_catalog.pg_prepared_xacts p
    WHERE p.database = pg_catalog.current_database()
      AND p.prepared < pg_catalog.now() - $1::interval
    UNION ALL
    SELECT 'standby', COALESCE(r.application_name, r.client_addr::text, r.pid::text),
           r.application_name::text, r.state::text, NULL,
           pg_catalog.age(r.backend_xmin)::bigint, NULL, TRUE
    FROM pg_catalog.pg_stat_replication r
    WHERE r.backend_xmin IS NOT NULL
) h
ORDER BY h.holds_rows DESC, h.xmin_age DESC NULLS LAST, h.name COLLATE "C";

SELECT COALESCE(pg_catalog.sum(s.n_dead_tup), 0)::bigint,
       (CASE WHEN pg_catalog.isfinite(pg_catalog.max(s.last_vacuum)) THEN (EXTRACT(epoch FROM pg_catalog.max(s.last_vacuum)) * 1000000)::bigint END), (CASE WHEN pg_catalog.isfinite(pg_catalog.max(s.last_autovacuum)) THEN (EXTRACT(epoch FROM pg_catalog.max(s.last_autovacuum)) * 1000000)::bigint END)
FROM pg_catalog.pg_stat_all_tables s
WHERE s.relid = pg_catalog.to_regclass($1)
   OR s.relid IN (SELECT t.relid
                  FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass($1)) AS t
                  WHERE t.isleaf);

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

SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1, 0));

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

SELECT pg_catalog.pg_relation_size(c.oid)
         / pg_catalog.current_setting('block_size')::bigint,
       c.reltuples, c.relpages
FROM pg_catalog.pg_class c
WHERE c.oid = pg_catalog.to_regclass($1);

SELECT pg_catalog.set_config('lock_timeout', '20ms', true);

DELETE FROM "cap"."published" WHERE ((ctid >= $1::tid AND ctid < $2::tid) AND ((("Version" = $3 AND "StatusName" = $4) AND ("Added" AT TIME ZONE 'UTC') < $5::timestamptz) AND NOT COALESCE(("Version" = $6 AND "StatusName" = ANY($7)), FALSE)));

SELECT n.nspname::text FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman' AND COALESCE(pg_catalog.has_table_privilege(pg_catalog.to_regclass(pg_catalog.format('%I.part_config', n.nspname)), 'SELECT'), FALSE);

SELECT h.kind, h.name, h.application, h.state, h.age_seconds, h.xmin_age,
       h.catalog_xmin_age, h.holds_rows
FROM (
    SELECT 'session' AS kind, a.pid::text AS name, a.application_name::text AS application,
           a.state::text AS state,
           pg_catalog.floor(EXTRACT(epoch FROM pg_catalog.now() - a.xact_start))::bigint
               AS age_seconds,
           GREATEST(pg_catalog.age(a.backend_xmin), pg_catalog.age(a.backend_xid))::bigint
               AS xmin_age,
           NULL::bigint AS catalog_xmin_age, TRUE AS holds_rows
    FROM pg_catalog.pg_stat_activity a
    WHERE (a.backend_xmin IS NOT NULL OR a.backend_xid IS NOT NULL)
      AND a.datname = pg_catalog.current_database()
      AND a.pid <> pg_catalog.pg_backend_pid()
      AND a.xact_start < pg_catalog.now() - $1::interval
    UNION ALL
    SELECT 'replication slot', s.slot_name::text, NULL,
           CASE WHEN s.active THEN 'active' ELSE 'inactive' END, NULL,
           pg_catalog.age(s.xmin)::bigint, pg_catalog.age(s.catalog_xmin)::bigint,
           s.xmin IS NOT NULL
    FROM pg_catalog.pg_replication_slots s
    WHERE s.xmin IS NOT NULL OR s.catalog_xmin IS NOT NULL
    UNION ALL
    SELECT 'prepared transaction', p.gid, NULL, NULL,
           pg_catalog.floor(EXTRACT(epoch FROM pg_catalog.now() - p.prepared))::bigint,
           pg_catalog.age(p.transaction)::bigint, NULL, TRUE
    FROM pg_catalog.pg_prepared_xacts p
    WHERE p.database = pg_catalog.current_database()
      AND p.prepared < pg_catalog.now() - $1::interval
    UNION ALL
    SELECT 'standby', COALESCE(r.application_name, r.client_addr::text, r.pid::text),
           r.application_name::text, r.state::text, NULL,
           pg_catalog.age(r.backend_xmin)::bigint, NULL, TRUE
    FROM pg_catalog.pg_stat_replication r
    WHERE r.backend_xmin IS NOT NULL
) h
ORDER BY h.holds_rows DESC, h.xmin_age DESC NULLS LAST, h.name COLLATE "C";

SELECT COALESCE(pg_catalog.sum(s.n_dead_tup), 0)::bigint,
       (CASE WHEN pg_catalog.isfinite(pg_catalog.max(s.last_vacuum)) THEN (EXTRACT(epoch FROM pg_catalog.max(s.last_vacuum)) * 1000000)::bigint END), (CASE WHEN pg_catalog.isfinite(pg_catalog.max(s.last_autovacuum)) THEN (EXTRACT(epoch FROM pg_catalog.max(s.last_autovacuum)) * 1000000)::bigint END)
FROM pg_catalog.pg_stat_all_tables s
WHERE s.relid = pg_catalog.to_regclass($1)
   OR s.relid IN (SELECT t.relid
                  FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass($1)) AS t
                  WHERE t.isleaf);

