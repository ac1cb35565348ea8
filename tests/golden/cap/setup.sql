-- .NET CAP's cap.published as PostgreSqlStorageInitializer creates it, one message in each state
-- the cap layout has (its audit table gives mark-dead a place for the reason).
CREATE SCHEMA IF NOT EXISTS "cap";
CREATE TABLE IF NOT EXISTS "cap"."published"(
    "Id" BIGINT PRIMARY KEY NOT NULL,
    "Version" VARCHAR(20) NOT NULL,
    "Name" VARCHAR(200) NOT NULL,
    "Content" TEXT NULL,
    "Retries" INT NOT NULL,
    "Added" TIMESTAMP NOT NULL,
    "ExpiresAt" TIMESTAMP NULL,
    "StatusName" VARCHAR(50) NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_published_ExpiresAt_StatusName" ON "cap"."published" ("ExpiresAt","StatusName");
CREATE INDEX IF NOT EXISTS "idx_published_Version_ExpiresAt_StatusName" ON "cap"."published" ("Version","ExpiresAt","StatusName");
INSERT INTO "cap"."published" VALUES
  (1, 'v1', 'golden', '{"Headers": {}, "Value": 1}', 0, now() - interval '40 days', NULL, 'Scheduled'),
  (3, 'v1', 'golden', '{"Headers": {}, "Value": 3}', 0, now() - interval '40 days', now() - interval '39 days', 'Succeeded'),
  (4, 'v1', 'golden', '{"Headers": {}, "Value": 4}', 3, now() - interval '40 days', now() - interval '25 days', 'Failed'),
  (5, 'v1', 'golden', '{"Headers": {}, "Value": 5}', 50, now() - interval '40 days', now() - interval '25 days', 'Failed');
