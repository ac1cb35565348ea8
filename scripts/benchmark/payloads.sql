-- 10,000 distinct payloads of about 300 bytes (and small metadata) that the outbox and the log
-- generators cycle through: building jsonb costs ~15 us a row, which would make 5 M rows take
-- minutes; joining a ready one is nearly free. Included by outbox-data.sql and log-data.sql.
CREATE TEMP TABLE bench_payloads AS
SELECT k,
       pg_catalog.jsonb_build_object(
           'order_id', k, 'customer_id', 'cust-' || (k * 31 % 100003),
           'amount_cents', k * 17 % 100000, 'currency', 'EUR',
           'lines', pg_catalog.jsonb_build_array(
               pg_catalog.jsonb_build_object('sku', 'sku-' || (k % 997), 'qty', k % 5 + 1),
               pg_catalog.jsonb_build_object('sku', 'sku-' || (k % 991), 'qty', k % 3 + 1)),
           'shipping', pg_catalog.jsonb_build_object('country', 'DE', 'city', 'Berlin',
                                                     'zip', pg_catalog.lpad(k::text, 5, '0')),
           'note', pg_catalog.md5(k::text) || pg_catalog.md5((k + 1)::text)) AS payload,
       pg_catalog.jsonb_build_object('trace_id', pg_catalog.md5((-k)::text),
                                     'source', 'bench') AS metadata
FROM pg_catalog.generate_series(0, 9999) AS k;
ANALYZE bench_payloads;
