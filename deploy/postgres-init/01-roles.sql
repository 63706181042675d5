-- Runs once, when the postgres container initialises an empty data directory
-- (docker-entrypoint-initdb.d, as the superuser `postgres`, with ON_ERROR_STOP).
--
-- * `postgres` (the superuser) owns the database and, through the migrate job
--   (DATABASE_MIGRATION_URL), every table: it creates the extensions (PostGIS is not a trusted
--   extension), the audit table and its triggers.
-- * `wardwatch_app` is the role the api and worker log in as (DATABASE_URL). It owns nothing, so it
--   cannot disable the audit table's triggers or alter the log; the first migration grants it
--   ordinary privileges on domain tables and only SELECT/INSERT on audit_entries.
--
-- The password comes from the container's environment (WARDWATCH_APP_DB_PASSWORD, set from
-- deploy/.env by compose.yaml); `\getenv` needs psql 15 or later.
\getenv app_password WARDWATCH_APP_DB_PASSWORD
\if :{?app_password}
\else
  \echo 'wardwatch: WARDWATCH_APP_DB_PASSWORD is not set in the postgres container environment'
  SELECT 'WARDWATCH_APP_DB_PASSWORD is not set'::int;
\endif

CREATE ROLE wardwatch_app LOGIN PASSWORD :'app_password';
CREATE DATABASE wardwatch OWNER postgres;
-- Only the application and the owner connect to it.
REVOKE CONNECT ON DATABASE wardwatch FROM PUBLIC;
GRANT CONNECT ON DATABASE wardwatch TO wardwatch_app;
