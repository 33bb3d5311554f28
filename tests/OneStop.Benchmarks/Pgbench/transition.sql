-- The SQL of one step transition (complete-step of a processing step, the next step auto-assigned to the least
-- loaded leader), captured from the app with log_statement = all (see README.md), same order and shapes:
-- row lock, idempotency check, dossier load (the dossier joined with its steps, pauses and letters; its documents),
-- candidates for the auto-assigned next step, audit, step rows, dossier update, three outbox events (one batch), the
-- detail answer's audit read and the stored idempotent answer. Units, calendars and names come from the app's cache.
-- Variables: pool (dossiers in bench_tx.pool), agency, unit (the actor's), leaders (unit).
\set n random(1, :pool)
SELECT id AS d FROM pool WHERE n = :n \gset
BEGIN;
SELECT 1 FROM dossiers WHERE id = :d::uuid FOR UPDATE;
SELECT agency_id, key, action, created_at, dossier_id, response, status_code FROM idempotent_requests WHERE agency_id = :agency::uuid AND key = md5(:n::text || random()::text) LIMIT 2;
SELECT d.*, s.*, p.*, l.* FROM (SELECT * FROM dossiers WHERE id = :d::uuid AND agency_id = :agency::uuid LIMIT 2) d
  LEFT JOIN dossier_steps s ON s.dossier_id = d.id LEFT JOIN dossier_pauses p ON p.dossier_id = d.id LEFT JOIN dossier_letters l ON l.dossier_id = d.id
  ORDER BY d.id, s.id, p.id;
SELECT * FROM dossier_documents WHERE dossier_id = :d::uuid;
SELECT a.id, a.full_name, a.title, (SELECT count(*)::int FROM dossier_steps s WHERE s.assignee_id = a.id AND s.completed_at IS NULL) AS load
  FROM "AspNetUsers" a WHERE a.unit_id = :leaders::uuid AND EXISTS (SELECT 1 FROM "AspNetUserRoles" ur WHERE ur.user_id = a.id
  AND EXISTS (SELECT 1 FROM "AspNetRoles" r WHERE r.id = ur.role_id AND r.name = 'leader')) ORDER BY load, a.id;
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
SELECT a.id, a.action, a.actor_id, a.at, a.dossier_id, a.from_status, a.reason, a.step_key, a.to_status FROM audit_entries a WHERE a.dossier_id = :d::uuid ORDER BY a.id;
INSERT INTO idempotent_requests (agency_id, key, action, created_at, dossier_id, response, status_code)
  VALUES (:agency::uuid, md5(:n::text || clock_timestamp()::text || random()::text), 'complete-step', now(), :d::uuid, jsonb_build_object('id', :d::uuid, 'detail', repeat('x', 3000)), 200);
COMMIT;
