-- One entry in each state (old enough to purge when finished), a short log and a consumer.
INSERT INTO public.outbox (id, event_type, payload, status, attempts, last_error, locked_by,
                           locked_until, created_at, processed_at, tenant_id, aggregate_type,
                           aggregate_id, idempotency_key)
VALUES ('00000000-0000-4000-8000-000000000001', 'Golden', '{"n": 1}', 'pending', 0, NULL, NULL,
        NULL, now() - interval '40 days', NULL, 't-1', 'order', 'o-1', 'k-1'),
       ('00000000-0000-4000-8000-000000000002', 'Golden', '{"n": 2}', 'processing', 1, NULL,
        'relay-1', now() - interval '1 hour', now() - interval '40 days', NULL, 't-1', 'order',
        'o-1', 'k-2'),
       ('00000000-0000-4000-8000-000000000003', 'Golden', '{"n": 3}', 'completed', 1, NULL, NULL,
        NULL, now() - interval '40 days', now() - interval '39 days', 't-1', 'order', 'o-2',
        'k-3'),
       ('00000000-0000-4000-8000-000000000004', 'Golden', '{"n": 4}', 'failed', 2, 'HTTP 503',
        NULL, NULL, now() - interval '40 days', NULL, 't-2', 'order', 'o-3', 'k-4'),
       ('00000000-0000-4000-8000-000000000005', 'Golden', '{"n": 5}', 'dead', 10, 'HTTP 400', NULL,
        NULL, now() - interval '40 days', now() - interval '39 days', 't-2', 'order', 'o-4',
        'k-5');
INSERT INTO public.event_log (stream_id, stream_seq, tenant_id, event_type, payload)
SELECT 's-1', i, 't-1', 'Golden', pg_catalog.jsonb_build_object('i', i)
FROM pg_catalog.generate_series(1, 3) AS i;
INSERT INTO public.event_consumers (consumer, position, updated_at)
VALUES ('golden', 1, now() - interval '1 hour');
INSERT INTO public.eventctl_audit (command, command_line, os_user, dry_run, matched, changed,
                                   selection, result)
VALUES ('outbox purge', 'eventctl outbox purge --older-than 30d --yes', 'golden', false, 1, 1,
        '{"older_than": "30d"}', '{"batches": 1}');
