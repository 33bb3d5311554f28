-- Scratch copy of the tables one step transition touches, in schema bench_tx (same columns, indexes and the
-- foreign keys the transition's writes check), filled with a pool of open dossiers from the real data. pgbench runs
-- transition.sql with search_path=bench_tx, so the app's tables, outbox and KPI projection are never touched.
DROP SCHEMA IF EXISTS bench_tx CASCADE;
CREATE SCHEMA bench_tx;
CREATE TABLE bench_tx.dossiers (LIKE public.dossiers INCLUDING ALL);
INSERT INTO bench_tx.dossiers SELECT * FROM public.dossiers WHERE status IN (2, 4) AND code IS NOT NULL LIMIT 20000;
CREATE TABLE bench_tx.pool AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM bench_tx.dossiers;
ALTER TABLE bench_tx.pool ADD PRIMARY KEY (n);
CREATE TABLE bench_tx.dossier_steps (LIKE public.dossier_steps INCLUDING ALL);
INSERT INTO bench_tx.dossier_steps SELECT s.* FROM public.dossier_steps s JOIN bench_tx.dossiers d ON d.id = s.dossier_id;
CREATE TABLE bench_tx.dossier_pauses (LIKE public.dossier_pauses INCLUDING ALL);
INSERT INTO bench_tx.dossier_pauses SELECT p.* FROM public.dossier_pauses p JOIN bench_tx.dossiers d ON d.id = p.dossier_id;
CREATE TABLE bench_tx.dossier_letters (LIKE public.dossier_letters INCLUDING ALL);
INSERT INTO bench_tx.dossier_letters SELECT l.* FROM public.dossier_letters l JOIN bench_tx.dossiers d ON d.id = l.dossier_id;
CREATE TABLE bench_tx.dossier_documents (LIKE public.dossier_documents INCLUDING ALL);
INSERT INTO bench_tx.dossier_documents SELECT x.* FROM public.dossier_documents x JOIN bench_tx.dossiers d ON d.id = x.dossier_id;
CREATE TABLE bench_tx.audit_entries (LIKE public.audit_entries INCLUDING ALL);
INSERT INTO bench_tx.audit_entries SELECT a.* FROM public.audit_entries a JOIN bench_tx.dossiers d ON d.id = a.dossier_id;
SELECT setval(pg_get_serial_sequence('bench_tx.audit_entries', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM bench_tx.audit_entries));
CREATE TABLE bench_tx.outbox_messages (LIKE public.outbox_messages INCLUDING ALL);
CREATE TABLE bench_tx.idempotent_requests (LIKE public.idempotent_requests INCLUDING ALL);
CREATE TABLE bench_tx.units AS SELECT * FROM public.units;
ALTER TABLE bench_tx.units ADD PRIMARY KEY (id);
CREATE TABLE bench_tx.agencies AS SELECT * FROM public.agencies;
ALTER TABLE bench_tx.agencies ADD PRIMARY KEY (id);
CREATE TABLE bench_tx."AspNetUsers" (LIKE public."AspNetUsers" INCLUDING ALL);
INSERT INTO bench_tx."AspNetUsers" SELECT * FROM public."AspNetUsers";
CREATE TABLE bench_tx."AspNetRoles" (LIKE public."AspNetRoles" INCLUDING ALL);
INSERT INTO bench_tx."AspNetRoles" SELECT * FROM public."AspNetRoles";
CREATE TABLE bench_tx."AspNetUserRoles" (LIKE public."AspNetUserRoles" INCLUDING ALL);
INSERT INTO bench_tx."AspNetUserRoles" SELECT * FROM public."AspNetUserRoles";
ALTER TABLE bench_tx.dossier_steps ADD FOREIGN KEY (dossier_id) REFERENCES bench_tx.dossiers (id);
ALTER TABLE bench_tx.audit_entries ADD FOREIGN KEY (dossier_id) REFERENCES bench_tx.dossiers (id);
CREATE SEQUENCE bench_tx.step_sequence START 1000;
ANALYZE;
