#include "torture_ledger.h"

namespace eventctl::test {

void create_torture_ledger(const TestDatabase& db) {
    // clock_timestamp(), not now(): the instant of the change itself, comparable across sessions.
    db.exec("CREATE TABLE public.torture_inserted (id uuid NOT NULL, idempotency_key text, "
            "app text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
    db.exec("CREATE TABLE public.torture_changes (id uuid NOT NULL, op text NOT NULL, "
            "old_status text, new_status text, old_processed_at timestamptz, "
            "old_created_at timestamptz, app text NOT NULL, "
            "at timestamptz NOT NULL DEFAULT clock_timestamp())");
    db.exec("CREATE TABLE public.torture_holds (id uuid NOT NULL, worker text NOT NULL, "
            "style text NOT NULL, claimed_at timestamptz NOT NULL, lease_until timestamptz, "
            "released_at timestamptz)");
    db.exec("CREATE TABLE public.torture_consumer_moves (consumer text NOT NULL, "
            "old_position bigint, new_position bigint, old_updated_at timestamptz, "
            "app text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
    // The last update each consumer made itself; eventctl's own seeks are not its activity.
    db.exec("CREATE TABLE public.torture_consumer_activity (consumer text PRIMARY KEY, "
            "own_updated_at timestamptz)");
    db.exec("CREATE INDEX ON public.torture_changes (id)");
    db.exec("CREATE INDEX ON public.torture_holds (id)");
    db.exec("CREATE INDEX ON public.torture_inserted (id)");
    // eventctl's sessions run with an empty search_path, so every name here is qualified.
    db.exec(R"(CREATE FUNCTION public.torture_record_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.torture_inserted (id, idempotency_key, app)
        VALUES (NEW.id, NEW.idempotency_key, pg_catalog.current_setting('application_name'));
    ELSE
        INSERT INTO public.torture_changes (id, op, old_status, new_status, old_processed_at,
                                            old_created_at, app)
        VALUES (OLD.id, TG_OP, OLD.status, CASE WHEN TG_OP = 'UPDATE' THEN NEW.status END,
                OLD.processed_at, OLD.created_at, pg_catalog.current_setting('application_name'));
    END IF;
    RETURN NULL;
END $$)");
    db.exec("CREATE TRIGGER torture_record_outbox AFTER INSERT OR UPDATE OR DELETE ON "
            "public.outbox FOR EACH ROW EXECUTE FUNCTION public.torture_record_outbox()");
    db.exec(
        R"(CREATE FUNCTION public.torture_record_consumer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    app text := pg_catalog.current_setting('application_name');
    own timestamptz;
BEGIN
    SELECT own_updated_at INTO own FROM public.torture_consumer_activity
     WHERE consumer = NEW.consumer;
    IF NOT FOUND AND TG_OP = 'UPDATE' THEN
        own := OLD.updated_at; -- a row from before the ledger: its consumer's
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.position IS DISTINCT FROM OLD.position THEN
        INSERT INTO public.torture_consumer_moves (consumer, old_position, new_position,
                                                   old_updated_at, app)
        VALUES (OLD.consumer, OLD.position, NEW.position, own, app);
    END IF;
    IF app NOT LIKE 'eventctl/%' THEN
        INSERT INTO public.torture_consumer_activity VALUES (NEW.consumer, NEW.updated_at)
        ON CONFLICT (consumer) DO UPDATE SET own_updated_at = EXCLUDED.own_updated_at;
    ELSE
        INSERT INTO public.torture_consumer_activity VALUES (NEW.consumer, own)
        ON CONFLICT (consumer) DO NOTHING;
    END IF;
    RETURN NULL;
END $$)");
    db.exec("CREATE TRIGGER torture_record_consumer AFTER INSERT OR UPDATE ON "
            "public.event_consumers FOR "
            "EACH ROW EXECUTE FUNCTION public.torture_record_consumer()");
}

void record_dropped_partitions(const TestDatabase& db) {
    db.exec(R"(CREATE FUNCTION public.torture_record_drop() RETURNS event_trigger LANGUAGE plpgsql
AS $$
DECLARE
    target regclass := pg_catalog.to_regclass(
        pg_catalog.substring(pg_catalog.current_query(), '^DROP TABLE (.*)$'));
BEGIN
    -- A partition, or one purge --drop-partitions detached to drop (its comment says so).
    IF target IS NOT NULL AND (EXISTS (SELECT 1 FROM pg_catalog.pg_inherits
                                       WHERE inhrelid = target
                                         AND inhparent = 'public.outbox'::regclass)
                               OR pg_catalog.starts_with(
                                   pg_catalog.obj_description(target, 'pg_class'),
                                   'eventctl purge --drop-partitions detached this partition '
                                   'of "public"."outbox" ')) THEN
        EXECUTE pg_catalog.format(
            'INSERT INTO public.torture_changes (id, op, old_status, old_processed_at, '
            'old_created_at, app) SELECT id, ''DELETE'', status, processed_at, created_at, '
            'pg_catalog.current_setting(''application_name'') FROM %s', target);
    END IF;
END $$)");
    db.exec("CREATE EVENT TRIGGER torture_record_drop ON ddl_command_start WHEN TAG IN "
            "('DROP TABLE') EXECUTE FUNCTION public.torture_record_drop()");
}

std::map<std::string, long> torture_violations(const TestDatabase& db,
                                               const std::string& older_than,
                                               const std::string& active_window) {
    auto count = [&](const std::string& sql) { return std::stol(db.scalar(sql)); };
    std::map<std::string, long> violations;
    violations["unaccounted"] =
        count("SELECT count(*) FROM public.torture_inserted i WHERE (SELECT count(*) FROM "
              "public.outbox o WHERE o.id = i.id) + (SELECT count(*) FROM public.torture_changes "
              "c WHERE c.id = i.id AND c.op = 'DELETE') <> 1");
    violations["untracked"] =
        count("SELECT count(*) FROM public.outbox o WHERE NOT EXISTS (SELECT 1 FROM "
              "public.torture_inserted i WHERE i.id = o.id)");
    violations["bad_purge"] = count(
        "SELECT count(*) FROM public.torture_changes WHERE op = 'DELETE' AND (app <> "
        "'eventctl/outbox purge' OR old_status <> 'completed' OR at - coalesce(old_processed_at, "
        "old_created_at) < interval '" +
        older_than + "')");
    violations["changed_while_held"] = count(
        "SELECT count(*) FROM public.torture_changes c JOIN public.torture_holds h ON h.id = c.id "
        "WHERE c.app LIKE 'eventctl/%' AND c.at > h.claimed_at AND c.at < "
        "coalesce(h.released_at, h.lease_until, 'infinity')");
    violations["live_consumer_moved"] =
        count("SELECT count(*) FROM public.torture_consumer_moves WHERE app LIKE 'eventctl/%' "
              "AND at - old_updated_at < interval '" +
              active_window + "'");
    violations["invented_replay"] = count(
        "SELECT count(*) FROM public.torture_inserted i WHERE i.app = 'eventctl/log replay' AND "
        "NOT EXISTS (SELECT 1 FROM public.event_log e WHERE i.idempotency_key LIKE "
        "'eventctl-replay:%' AND e.seq_no = regexp_replace(i.idempotency_key, '^.*:', "
        "'')::bigint)");
    return violations;
}

} // namespace eventctl::test
