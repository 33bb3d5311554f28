-- The SQL of one step transition (complete-step of a processing step, the next step auto-assigned to the least
-- loaded leader), captured from the app with log_statement = all (see README.md), same statements, same order and the
-- same round trips: the app sends each group between \startpipeline and \endpipeline as one batch.
--   1. BEGIN, row lock, the stored answer of the Idempotency-Key, the dossier, its steps, pauses, letters, documents
--      and audit trail (DossierRows, one NpgsqlBatch);
--   2. the candidates of the auto-assigned next step with their open steps;
--   3. EF's SaveChanges batch: audit row, closed step, next step, dossier (xmin check), three outbox events;
--   4. the stored idempotent answer;  5. COMMIT.
-- Units, calendars and names come from the app's cache. Variables: pool (dossiers in bench_tx.pool), agency, unit (the
-- actor's), officer, leaders (unit). :key is a fresh Idempotency-Key (random, so the lookup is an index probe that
-- finds nothing, as for a new request).
\set n random(1, :pool)
\set key random(1, 9223372036854775807)
SELECT id AS d FROM pool WHERE n = :n \gset
\startpipeline
BEGIN;
SELECT 1 FROM dossiers WHERE id = :d::uuid FOR UPDATE;
SELECT dossier_id, action, status_code, response::text, created_at FROM idempotent_requests WHERE agency_id = :agency::uuid AND key = md5(:key::text);
SELECT *, xmin FROM dossiers WHERE id = :d::uuid AND agency_id = :agency::uuid;
SELECT * FROM dossier_steps WHERE dossier_id = :d::uuid ORDER BY sequence;
SELECT * FROM dossier_pauses WHERE dossier_id = :d::uuid ORDER BY started_at, id;
SELECT * FROM dossier_letters WHERE dossier_id = :d::uuid ORDER BY drafted_at, id;
SELECT * FROM dossier_documents WHERE dossier_id = :d::uuid ORDER BY id;
SELECT * FROM audit_entries WHERE dossier_id = :d::uuid ORDER BY id;
\endpipeline
SELECT a.id, a.full_name, a.title, (SELECT count(*)::int FROM dossier_steps s WHERE s.assignee_id = a.id AND s.completed_at IS NULL) AS load
  FROM "AspNetUsers" a WHERE a.unit_id = :leaders::uuid AND EXISTS (SELECT 1 FROM "AspNetUserRoles" ur WHERE ur.user_id = a.id
  AND EXISTS (SELECT 1 FROM "AspNetRoles" r WHERE r.id = ur.role_id AND r.name = 'leader')) ORDER BY load, a.id;
\startpipeline
INSERT INTO audit_entries (action, actor_id, at, dossier_id, from_status, reason, step_key, to_status)
  VALUES ('complete-step', :officer::uuid, now(), :d::uuid, 4, NULL, 'xu-ly', 4) RETURNING id;
UPDATE dossier_steps SET completed_at = now(), completed_by_id = :officer::uuid, on_time = true, outcome = 1, working_minutes = 95
  WHERE id = (SELECT id FROM dossier_steps WHERE dossier_id = :d::uuid ORDER BY sequence DESC LIMIT 1);
INSERT INTO dossier_steps (id, assignee_id, back_from_partner_at, back_mode, completed_at, completed_by_id, dossier_id, due_at, name, on_time,
  outcome, sent_mode, sent_to_partner_at, sequence, started_at, step_key, unit_function, unit_id, working_minutes)
  VALUES (gen_random_uuid(), :officer::uuid, NULL, NULL, NULL, NULL, :d::uuid, now() + interval '1 day', 'Ký duyệt, đóng dấu', NULL, NULL, NULL, NULL,
  nextval('step_sequence'), now(), 'ky-duyet', 'leadership', :leaders::uuid, NULL);
UPDATE dossiers SET current_step_key = 'ky-duyet', event_version = event_version + 3, status = 4 WHERE id = :d::uuid RETURNING xmin;
INSERT INTO outbox_messages (id, attempts, dossier_id, last_error, next_attempt_at, occurred_at, payload, published_at, type)
  VALUES (gen_random_uuid(), 0, :d::uuid, NULL, NULL, now(), jsonb_build_object('type', 'StepCompleted', 'dossierId', :d::uuid, 'at', now(), 'status', 'InProgress', 'stepKey', 'xu-ly', 'onTime', true, 'agencyId', :agency::uuid, 'unitId', :unit::uuid, 'officerId', :officer::uuid, 'procedureCode', '2.000815', 'channel', 'Counter', 'version', :n::int), NULL, 'StepCompleted');
INSERT INTO outbox_messages (id, attempts, dossier_id, last_error, next_attempt_at, occurred_at, payload, published_at, type)
  VALUES (gen_random_uuid(), 0, :d::uuid, NULL, NULL, now(), jsonb_build_object('type', 'StepStarted', 'dossierId', :d::uuid, 'at', now(), 'status', 'InProgress', 'stepKey', 'ky-duyet', 'due', now(), 'agencyId', :agency::uuid, 'unitId', :leaders::uuid, 'procedureCode', '2.000815', 'channel', 'Counter', 'version', :n::int), NULL, 'StepStarted');
INSERT INTO outbox_messages (id, attempts, dossier_id, last_error, next_attempt_at, occurred_at, payload, published_at, type)
  VALUES (gen_random_uuid(), 0, :d::uuid, NULL, NULL, now(), jsonb_build_object('type', 'StepAssigned', 'dossierId', :d::uuid, 'at', now(), 'status', 'InProgress', 'stepKey', 'ky-duyet', 'agencyId', :agency::uuid, 'unitId', :leaders::uuid, 'officerId', :officer::uuid, 'procedureCode', '2.000815', 'channel', 'Counter', 'version', :n::int), NULL, 'StepAssigned');
\endpipeline
INSERT INTO idempotent_requests (agency_id, key, action, created_at, dossier_id, response, status_code)
  VALUES (:agency::uuid, md5(:key::text), 'complete-step', now(), :d::uuid, jsonb_build_object('id', :d::uuid, 'detail', repeat('x', 3000)), 200);
COMMIT;
