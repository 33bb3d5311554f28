using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OneStop.Web.Features.Reception;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;

namespace OneStop.Benchmarks.Data;

/// <summary>
/// Loads many dossiers straight into the schema with binary COPY: each one received on a working day of the last
/// months, numbered like the desk numbers them (code per day, register number per year, continuing the counters),
/// with its steps as the engine would have written them (officers of the demo organisation by unit and role, due
/// times on the agency's working calendar), a supplement pause on some, the audit trail, and the KPI facts the
/// projection would hold. Older dossiers are mostly returned; recent ones are still being worked on, some overdue.
/// </summary>
internal sealed class DataGenerator(NpgsqlDataSource dataSource, DefinitionCatalog catalog, string workflowsPath, string lookupPinKey)
{
    private const int BatchSize = 20_000;
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân"];
    private static readonly string[] GivenNames = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"];
    private static readonly string[] Hamlets = ["Thôn Đông Hưng", "Thôn Tây Hòa", "Thôn Bắc Sơn", "Thôn Nam Tiến", "Xóm Chùa", "Xóm Mới"];

    public sealed record Outcome(int Dossiers, long Rows, TimeSpan Elapsed);

    public async Task<Outcome> RunAsync(int count, int months, int seed, IProgress<int>? progress, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DemoData demo;
        Dictionary<string, int> counters;
        await using (var db = await dataSource.OpenConnectionAsync(ct))
        {
            demo = await DemoData.LoadAsync(db, ct);
            counters = await CountersAsync(db, demo.AgencyId, ct);
        }
        var calendar = new AgencyCalendars(CalendarDecisions.Load(Path.Combine(workflowsPath, "calendar"))).For(demo.OfficeHours);
        var plan = new Planner(demo, calendar, [.. catalog.Definitions.Where(d => demo.ProcedureVersions.ContainsKey((d.Code, d.Version)))],
            new LookupPin(Options.Create(new OneStopOptions { LookupPinKey = lookupPinKey })), counters, seed,
            TimeProvider.System.GetUtcNow(), months);

        // One producer plans batches; two writers COPY them, each batch in its own transaction (parents before children).
        var batches = System.Threading.Channels.Channel.CreateBounded<Batch>(2);
        long rows = 0;
        var done = 0;
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                Interlocked.Add(ref rows, await WriteAsync(batch, ct));
                progress?.Report(Interlocked.Add(ref done, batch.Dossiers.Count));
            }
        }, ct)).ToList();
        for (var start = 0; start < count; start += BatchSize)
        {
            var batch = new Batch();
            for (var i = start; i < Math.Min(count, start + BatchSize); i++)
            {
                plan.Dossier(batch);
            }
            await batches.Writer.WriteAsync(batch, ct);
        }
        batches.Writer.Complete();
        await Task.WhenAll(writers);
        await using (var db = await dataSource.OpenConnectionAsync(ct))
        {
            await SaveCountersAsync(db, demo.AgencyId, plan.Counters, ct);
            await using var analyze = new NpgsqlCommand("ANALYZE", db);
            await analyze.ExecuteNonQueryAsync(ct);
        }
        return new Outcome(count, rows, watch.Elapsed);
    }

    private static async Task<Dictionary<string, int>> CountersAsync(NpgsqlConnection db, Guid agencyId, CancellationToken ct)
    {
        var counters = new Dictionary<string, int>();
        await using var cmd = new NpgsqlCommand("SELECT scope, value FROM counters WHERE agency_id = @a", db);
        cmd.Parameters.AddWithValue("a", agencyId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            counters[r.GetString(0)] = r.GetInt32(1);
        }
        return counters;
    }

    /// <summary>The desk continues after the generated numbers: codes and register entries stay unique.</summary>
    private static async Task SaveCountersAsync(NpgsqlConnection db, Guid agencyId, IReadOnlyDictionary<string, int> counters, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO counters (agency_id, scope, value) SELECT @a, s, v FROM unnest(@s, @v) AS t(s, v)
            ON CONFLICT (agency_id, scope) DO UPDATE SET value = GREATEST(counters.value, excluded.value)
            """, db);
        cmd.Parameters.AddWithValue("a", agencyId);
        cmd.Parameters.AddWithValue("s", counters.Keys.ToArray());
        cmd.Parameters.AddWithValue("v", counters.Values.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<long> WriteAsync(Batch b, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        // Bulk load: the rows are consistent by construction, so the per-row foreign-key triggers are skipped
        // (session_replication_role = replica, superuser) and the commit does not wait for the WAL flush.
        await using (var setup = new NpgsqlCommand("SET LOCAL session_replication_role = replica; SET LOCAL synchronous_commit = off", db, tx))
        {
            await setup.ExecuteNonQueryAsync(ct);
        }
        long rows = 0;
        rows += await CopyAsync(db, """
            dossiers (id, code, agency_id, procedure_version_id, procedure_code, procedure_version, procedure_name, status, channel,
              result_delivery, payment_method, fee, set_count, owner_full_name, owner_id_number, owner_phone, owner_address,
              submitted_at, received_at, appointment_at, received_by_id, register_year, register_number, lookup_pin_hash,
              lookup_failures, result_ready_at, returned_at, returned_to, rating, rated_at, at_partner, closed_at,
              current_step_key, event_version)
            """, b.Dossiers, (w, d) =>
        {
            w.Write(d.Id, NpgsqlDbType.Uuid);
            w.Write(d.Code, NpgsqlDbType.Varchar);
            w.Write(d.AgencyId, NpgsqlDbType.Uuid);
            w.Write(d.ProcedureVersionId, NpgsqlDbType.Uuid);
            w.Write(d.ProcedureCode, NpgsqlDbType.Varchar);
            w.Write(d.ProcedureVersion, NpgsqlDbType.Integer);
            w.Write(d.ProcedureName, NpgsqlDbType.Varchar);
            w.Write((int)d.Status, NpgsqlDbType.Integer);
            w.Write((int)d.Channel, NpgsqlDbType.Integer);
            w.Write((int)d.ResultDelivery, NpgsqlDbType.Integer);
            w.Write((int)d.PaymentMethod, NpgsqlDbType.Integer);
            w.Write(d.Fee, NpgsqlDbType.Bigint);
            w.Write(d.SetCount, NpgsqlDbType.Integer);
            w.Write(d.Owner.FullName, NpgsqlDbType.Varchar);
            w.Write(d.Owner.IdNumber!, NpgsqlDbType.Varchar);
            w.Write(d.Owner.Phone!, NpgsqlDbType.Varchar);
            w.Write(d.Owner.Address!, NpgsqlDbType.Varchar);
            w.Write(d.SubmittedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            w.Write(d.ReceivedAt!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            w.Write(d.AppointmentAt!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            w.Write(d.ReceivedById!.Value, NpgsqlDbType.Uuid);
            w.Write(d.RegisterYear!.Value, NpgsqlDbType.Integer);
            w.Write(d.RegisterNumber!.Value, NpgsqlDbType.Integer);
            w.Write(d.LookupPinHash!, NpgsqlDbType.Varchar);
            w.Write(0, NpgsqlDbType.Integer);
            Nullable(w, d.ResultReadyAt, NpgsqlDbType.TimestampTz);
            Nullable(w, d.ReturnedAt, NpgsqlDbType.TimestampTz);
            Nullable(w, d.ReturnedTo, NpgsqlDbType.Varchar);
            Nullable(w, d.Rating is { } r ? (int)r : (int?)null, NpgsqlDbType.Integer);
            Nullable(w, d.RatedAt, NpgsqlDbType.TimestampTz);
            w.Write(d.AtPartner, NpgsqlDbType.Boolean);
            Nullable(w, d.ClosedAt, NpgsqlDbType.TimestampTz);
            Nullable(w, d.CurrentStepKey, NpgsqlDbType.Varchar);
            w.Write(d.EventVersion, NpgsqlDbType.Bigint);
        }, ct);
        rows += await CopyAsync(db, "dossier_documents (id, dossier_id, document_key, name, originals, certified, photocopies)",
            b.Dossiers.SelectMany(d => d.Documents), (w, x) =>
            {
                w.Write(x.Id, NpgsqlDbType.Uuid);
                w.Write(x.DossierId, NpgsqlDbType.Uuid);
                w.Write(x.DocumentKey, NpgsqlDbType.Varchar);
                w.Write(x.Name, NpgsqlDbType.Varchar);
                w.Write(x.Originals, NpgsqlDbType.Integer);
                w.Write(x.Certified, NpgsqlDbType.Integer);
                w.Write(x.Photocopies, NpgsqlDbType.Integer);
            }, ct);
        rows += await CopyAsync(db, """
            dossier_steps (id, dossier_id, sequence, step_key, name, unit_function, unit_id, assignee_id, started_at, due_at,
              completed_at, completed_by_id, on_time, outcome, working_minutes, sent_to_partner_at, sent_mode, back_from_partner_at, back_mode)
            """, b.Dossiers.SelectMany(d => d.Steps), (w, s) =>
            {
                w.Write(s.Id, NpgsqlDbType.Uuid);
                w.Write(s.DossierId, NpgsqlDbType.Uuid);
                w.Write(s.Sequence, NpgsqlDbType.Integer);
                w.Write(s.StepKey, NpgsqlDbType.Varchar);
                w.Write(s.Name, NpgsqlDbType.Varchar);
                w.Write(s.UnitFunction, NpgsqlDbType.Varchar);
                Nullable(w, s.UnitId, NpgsqlDbType.Uuid);
                Nullable(w, s.AssigneeId, NpgsqlDbType.Uuid);
                w.Write(s.StartedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                w.Write(s.DueAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                Nullable(w, s.CompletedAt, NpgsqlDbType.TimestampTz);
                Nullable(w, s.CompletedById, NpgsqlDbType.Uuid);
                Nullable(w, s.OnTime, NpgsqlDbType.Boolean);
                Nullable(w, s.Outcome is { } o ? (int)o : (int?)null, NpgsqlDbType.Integer);
                Nullable(w, s.WorkingMinutes, NpgsqlDbType.Bigint);
                Nullable(w, s.SentToPartnerAt, NpgsqlDbType.TimestampTz);
                Nullable(w, s.SentMode is { } sm ? (int)sm : (int?)null, NpgsqlDbType.Integer);
                Nullable(w, s.BackFromPartnerAt, NpgsqlDbType.TimestampTz);
                Nullable(w, s.BackMode is { } bm ? (int)bm : (int?)null, NpgsqlDbType.Integer);
            }, ct);
        rows += await CopyAsync(db, "dossier_pauses (id, dossier_id, step_key, started_at, ended_at, reason, supply_by, requested_by_id, received_by_id, paused_minutes)",
            b.Dossiers.SelectMany(d => d.Pauses), (w, p) =>
            {
                w.Write(p.Id, NpgsqlDbType.Uuid);
                w.Write(p.DossierId, NpgsqlDbType.Uuid);
                w.Write(p.StepKey, NpgsqlDbType.Varchar);
                w.Write(p.StartedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                Nullable(w, p.EndedAt, NpgsqlDbType.TimestampTz);
                w.Write(p.Reason, NpgsqlDbType.Varchar);
                Nullable(w, p.SupplyBy, NpgsqlDbType.TimestampTz);
                w.Write(p.RequestedById, NpgsqlDbType.Uuid);
                Nullable(w, p.ReceivedById, NpgsqlDbType.Uuid);
                Nullable(w, p.PausedMinutes, NpgsqlDbType.Bigint);
            }, ct);
        rows += await CopyAsync(db, "audit_entries (dossier_id, at, actor_id, action, from_status, to_status, reason, step_key)", b.Audit, (w, a) =>
        {
            w.Write(a.DossierId, NpgsqlDbType.Uuid);
            w.Write(a.At.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            Nullable(w, a.ActorId, NpgsqlDbType.Uuid);
            w.Write(a.Action, NpgsqlDbType.Varchar);
            Nullable(w, a.FromStatus is { } f ? (int)f : (int?)null, NpgsqlDbType.Integer);
            w.Write((int)a.ToStatus, NpgsqlDbType.Integer);
            Nullable(w, a.Reason, NpgsqlDbType.Varchar);
            Nullable(w, a.StepKey, NpgsqlDbType.Varchar);
        }, ct);
        rows += await CopyAsync(db, """
            kpi_dossier_facts (dossier_id, agency_id, procedure_code, channel, status, last_version, submitted_at, received_at, appointment_at,
              result_ready_at, returned_at, closed_at, fee, paid_online, rating, rated_at, transfers_electronic, transfers_paper,
              apology_letters, digitised_documents, reused_documents, unit_ids)
            """, b.Dossiers, (w, d) =>
            {
                w.Write(d.Id, NpgsqlDbType.Uuid);
                w.Write(d.AgencyId, NpgsqlDbType.Uuid);
                w.Write(d.ProcedureCode, NpgsqlDbType.Varchar);
                w.Write((int)d.Channel, NpgsqlDbType.Integer);
                w.Write((int)d.Status, NpgsqlDbType.Integer);
                w.Write(d.EventVersion, NpgsqlDbType.Bigint);
                w.Write(d.SubmittedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                w.Write(d.ReceivedAt!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                w.Write(d.AppointmentAt!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                Nullable(w, d.ResultReadyAt, NpgsqlDbType.TimestampTz);
                Nullable(w, d.ReturnedAt, NpgsqlDbType.TimestampTz);
                Nullable(w, d.ClosedAt, NpgsqlDbType.TimestampTz);
                w.Write(d.Fee, NpgsqlDbType.Bigint);
                w.Write(d.PaymentMethod == PaymentMethod.Online, NpgsqlDbType.Boolean);
                Nullable(w, d.Rating is { } r ? (int)r : (int?)null, NpgsqlDbType.Integer);
                Nullable(w, d.RatedAt, NpgsqlDbType.TimestampTz);
                var transfers = d.Steps.Count(s => s.SentMode is not null) + d.Steps.Count(s => s.BackMode is not null);
                w.Write(transfers, NpgsqlDbType.Integer);
                w.Write(0, NpgsqlDbType.Integer);
                w.Write(0, NpgsqlDbType.Integer);
                w.Write(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                w.Write(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                w.Write(d.Steps.Where(s => s.UnitId != null).Select(s => s.UnitId!.Value).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            }, ct);
        rows += await CopyAsync(db, "kpi_step_completions (dossier_id, version, agency_id, procedure_code, step_key, unit_id, officer_id, completed_at, due_at, on_time)",
            b.Dossiers.SelectMany(d => d.Steps.Where(s => s.Outcome == StepOutcome.Completed).Select(s => (d, s))), (w, x) =>
            {
                w.Write(x.d.Id, NpgsqlDbType.Uuid);
                w.Write((long)x.s.Sequence, NpgsqlDbType.Bigint);
                w.Write(x.d.AgencyId, NpgsqlDbType.Uuid);
                w.Write(x.d.ProcedureCode, NpgsqlDbType.Varchar);
                w.Write(x.s.StepKey, NpgsqlDbType.Varchar);
                Nullable(w, x.s.UnitId, NpgsqlDbType.Uuid);
                Nullable(w, x.s.AssigneeId, NpgsqlDbType.Uuid);
                w.Write(x.s.CompletedAt!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                w.Write(x.s.DueAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                w.Write(x.s.OnTime ?? true, NpgsqlDbType.Boolean);
            }, ct);
        await tx.CommitAsync(ct);
        return rows;
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection db, string target, IEnumerable<T> items, Action<NpgsqlBinaryImporter, T> write,
        CancellationToken ct)
    {
        await using var importer = await db.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        foreach (var item in items)
        {
            await importer.StartRowAsync(ct);
            write(importer, item);
        }
        return (long)await importer.CompleteAsync(ct);
    }

    private static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is DateTimeOffset instant)
        {
            w.Write(instant.ToUniversalTime(), type);
        }
        else if (value is { } v)
        {
            w.Write(v, type);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static void Nullable(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, type);
        }
    }

    internal sealed class Batch
    {
        public List<Dossier> Dossiers { get; } = [];
        public List<AuditEntry> Audit { get; } = [];
    }

    /// <summary>Decides each dossier's story; single-threaded (counters, random).</summary>
    private sealed class Planner(DemoData demo, WorkingCalendar calendar, IReadOnlyList<ProcedureDefinition> procedures, LookupPin pins,
        Dictionary<string, int> counters, int seed, DateTimeOffset now, int months)
    {
        private readonly Random _random = new(seed);
        private readonly Guid _desk = demo.Officers.First(o => o.Role == "reception").Id;

        public IReadOnlyDictionary<string, int> Counters => counters;

        public void Dossier(Batch batch)
        {
            var definition = procedures[_random.Next(procedures.Count)];
            var (versionId, name) = demo.ProcedureVersions[(definition.Code, definition.Version)];
            var received = ReceivedAt();
            var local = WorkingCalendar.ToVietnamTime(received);
            var id = Guid.CreateVersion7(received);
            var day = Next("D" + local.ToString("yyMMdd", CultureInfo.InvariantCulture));
            var entry = Next("R" + local.Year.ToString(CultureInfo.InvariantCulture));
            var appointment = Deadlines.Appointment(definition.TimeLimit, calendar, received);
            var owner = $"{Pick(FamilyNames)} {Pick(MiddleNames)} {Pick(GivenNames)}";
            var fee = definition.Fees.Count == 0 ? 0 : 10_000 * _random.Next(1, 6);
            var d = new Dossier
            {
                Id = id,
                Code = $"{demo.AgencyCode}-{local:yyMMdd}-{day.ToString("D4", CultureInfo.InvariantCulture)}",
                AgencyId = demo.AgencyId,
                ProcedureVersionId = versionId,
                ProcedureCode = definition.Code,
                ProcedureVersion = definition.Version,
                ProcedureName = name,
                Channel = _random.Next(4) == 0 ? Channel.Online : Channel.Counter,
                ResultDelivery = ResultDelivery.Desk,
                Fee = fee,
                Owner = new Person
                {
                    FullName = owner,
                    IdNumber = "0" + _random.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture),
                    Phone = "09" + _random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                    Address = $"{Pick(Hamlets)}, xã Nguyên Giáp",
                },
                SubmittedAt = received,
                ReceivedAt = received,
                AppointmentAt = appointment,
                ReceivedById = _desk,
                RegisterYear = local.Year,
                RegisterNumber = entry,
                LookupPinHash = pins.Hash(id, DemoData.PinOf(id)),
            };
            d.PaymentMethod = fee == 0 ? PaymentMethod.None : d.Channel == Channel.Online ? PaymentMethod.Online : PaymentMethod.Cash;
            d.Documents = [.. definition.Documents.Where(x => x.Mandatory).Select(x => new DossierDocument
            {
                Id = Guid.CreateVersion7(received), DossierId = id, DocumentKey = x.Key, Name = x.Name,
                Originals = Math.Max(1, x.Original), Certified = x.Certified, Photocopies = x.Photocopy,
            })];
            batch.Dossiers.Add(d);
            Walk(d, definition, batch.Audit);
        }

        /// <summary>
        /// Steps in order from receipt, each taking 10–130 % of its budget on the working calendar, until the story stops:
        /// old dossiers are mostly returned; the most recent are open at some step (overdue when their due has passed).
        /// </summary>
        private void Walk(Dossier d, ProcedureDefinition definition, List<AuditEntry> audit)
        {
            var chain = Chain(definition);
            var ageDays = (now - d.ReceivedAt!.Value).TotalDays;
            var roll = _random.NextDouble();
            // Index of the step left open (chain.Count: none, returned); -1 closes the dossier early (withdrawn/stopped).
            var open = ageDays > 30
                ? roll < 0.93 ? chain.Count : roll < 0.96 ? chain.Count - 1 : roll < 0.98 ? _random.Next(1, chain.Count - 1) : -1
                : roll < 0.35 ? chain.Count : _random.Next(1, chain.Count);
            var pause = _random.NextDouble() < 0.08;
            var t = d.ReceivedAt!.Value;
            var status = DossierStatus.Accepted;
            var version = 0L;
            void Audit(DateTimeOffset at, Guid? actor, string action, DossierStatus? from, DossierStatus to, string? step) =>
                audit.Add(new AuditEntry { DossierId = d.Id, At = at, ActorId = actor, Action = action, FromStatus = from, ToStatus = to, StepKey = step, Reason = null });
            Audit(t, _desk, "Registered", null, status, chain[0].Key);
            version++;
            var last = open < 0 ? _random.Next(1, chain.Count - 1) : Math.Min(open, chain.Count - 1);
            for (var i = 0; i <= last; i++)
            {
                var step = chain[i];
                var due = Deadlines.StepDue(step.Budget, calendar, t, d.AppointmentAt!.Value);
                var assignee = Officer(step);
                var s = new DossierStep
                {
                    Id = Guid.CreateVersion7(t), DossierId = d.Id, Sequence = i + 1, StepKey = step.Key, Name = step.Name,
                    UnitFunction = step.Unit, UnitId = demo.UnitByFunction.GetValueOrDefault(step.Unit), AssigneeId = assignee,
                    StartedAt = t, DueAt = due,
                };
                s.UnitId = s.UnitId == Guid.Empty ? null : s.UnitId;
                d.Steps.Add(s);
                var minutes = (long)Math.Max(1, (double)step.Budget.WorkingHours * 60 * (0.1 + 1.2 * _random.NextDouble()));
                var end = i == 0 ? t : calendar.AddWorkingMinutes(t, minutes);
                var closesHere = i == last && open < chain.Count;
                if (closesHere && open >= 0 || end > now)
                {
                    // The open step: still held (overdue if its due has passed); a supplement may be pending on it.
                    d.CurrentStepKey = step.Key;
                    d.Status = step.Kind == StepKind.Return ? DossierStatus.Finished : status;
                    d.ResultReadyAt = step.Kind == StepKind.Return ? t : null;
                    if (pause && step.Kind == StepKind.Processing)
                    {
                        d.Status = DossierStatus.SupplementRequested;
                        d.Pauses.Add(Pause(d, step, t, null, assignee));
                    }
                    else if (step.Kind == StepKind.Transfer && _random.Next(2) == 0)
                    {
                        s.SentToPartnerAt = t;
                        s.SentMode = TransferMode.Electronic;
                        d.AtPartner = true;
                        Audit(t, assignee, "transfer-to-partner", d.Status, d.Status, step.Key);
                        version++;
                    }
                    break;
                }
                if (closesHere)
                {
                    // Withdrawn at the citizen's request or stopped (letter 05) while this step was held.
                    var stop = _random.Next(2) == 0 ? DossierStatus.Withdrawn : DossierStatus.Stopped;
                    s.CompletedAt = end;
                    s.CompletedById = assignee;
                    s.Outcome = StepOutcome.Withdrawn;
                    s.OnTime = end <= due;
                    d.Status = stop;
                    d.ClosedAt = end;
                    Audit(end, assignee, "withdraw", status, stop, step.Key);
                    version++;
                    break;
                }
                if (pause && step.Kind == StepKind.Processing)
                {
                    var back = calendar.AddWorkingMinutes(t, 60 * _random.Next(8, 60));
                    d.Pauses.Add(Pause(d, step, t, back, assignee));
                    Audit(t, assignee, "request-supplement", DossierStatus.InProgress, DossierStatus.SupplementRequested, step.Key);
                    Audit(back, _desk, "receive-supplement", DossierStatus.SupplementRequested, DossierStatus.InProgress, step.Key);
                    version += 2;
                    end = calendar.AddWorkingMinutes(back, minutes);
                    pause = false;
                }
                if (step.Kind == StepKind.Transfer)
                {
                    s.SentToPartnerAt = t;
                    s.SentMode = TransferMode.Electronic;
                    s.BackFromPartnerAt = end;
                    s.BackMode = TransferMode.Electronic;
                    Audit(t, assignee, "transfer-to-partner", DossierStatus.InProgress, DossierStatus.InProgress, step.Key);
                    version++;
                }
                s.CompletedAt = end;
                s.CompletedById = assignee;
                s.Outcome = StepOutcome.Completed;
                s.OnTime = end <= due;
                s.WorkingMinutes = calendar.WorkingMinutesBetween(t, end);
                var next = i + 1 < chain.Count ? chain[i + 1] : null;
                var to = next is null ? DossierStatus.Returned : next.Kind == StepKind.Return ? DossierStatus.Finished : DossierStatus.InProgress;
                if (i > 0)
                {
                    var action = step.Kind switch
                    {
                        StepKind.Approval => "approve",
                        StepKind.Transfer => "receive-from-partner",
                        StepKind.Return => "ResultReturned",
                        _ => "complete-step",
                    };
                    Audit(end, step.Kind == StepKind.Return ? _desk : assignee, action, status, to, step.Key);
                    version++;
                }
                // The desk's own step ends with the registration: the dossier stays "Được tiếp nhận" until the first step is done.
                status = i == 0 ? status : to;
                d.Status = status;
                d.CurrentStepKey = next?.Key;
                if (to == DossierStatus.Finished)
                {
                    d.ResultReadyAt = end;
                }
                if (to == DossierStatus.Returned)
                {
                    d.ReturnedAt = end;
                    d.ReturnedTo = d.Owner.FullName;
                    if (_random.Next(10) < 6)
                    {
                        d.Rating = _random.Next(10) switch { < 7 => Satisfaction.VerySatisfied, < 9 => Satisfaction.Satisfied, _ => Satisfaction.Unsatisfied };
                        d.RatedAt = end.AddHours(_random.Next(1, 48));
                        d.RatedAt = d.RatedAt > now ? now : d.RatedAt;
                        Audit(d.RatedAt.Value, null, "Rated", DossierStatus.Returned, DossierStatus.Returned, null);
                        version++;
                    }
                }
                t = end;
            }
            d.EventVersion = version;
        }

        private DossierPause Pause(Dossier d, StepDefinition step, DateTimeOffset from, DateTimeOffset? back, Guid? by) => new()
        {
            Id = Guid.CreateVersion7(from), DossierId = d.Id, StepKey = step.Key, StartedAt = from, EndedAt = back,
            Reason = "Thiếu giấy tờ chứng minh nơi cư trú", SupplyBy = calendar.AddWorkingDays(from, 10),
            RequestedById = by ?? _desk, ReceivedById = back is null ? null : _desk,
            PausedMinutes = back is { } b ? calendar.WorkingMinutesBetween(from, b) : null,
        };

        private static List<StepDefinition> Chain(ProcedureDefinition definition)
        {
            var chain = new List<StepDefinition>();
            for (var step = definition.FirstStep; step is not null; step = step.Next is { } n ? definition.Step(n) : null)
            {
                chain.Add(step);
            }
            return chain;
        }

        /// <summary>An officer of the step's unit with its role, else any officer with the role.</summary>
        private Guid? Officer(StepDefinition step)
        {
            var role = step.Role.ToString().ToLowerInvariant();
            var unit = demo.UnitByFunction.GetValueOrDefault(step.Unit);
            var inUnit = demo.Officers.Where(o => o.Role == role && o.UnitId == unit).ToList();
            var any = inUnit.Count > 0 ? inUnit : [.. demo.Officers.Where(o => o.Role == role)];
            return any.Count == 0 ? null : any[_random.Next(any.Count)].Id;
        }

        /// <summary>A working-hours instant of the last months, more of them recent.</summary>
        private DateTimeOffset ReceivedAt()
        {
            var daysBack = months * 30.4 * Math.Pow(_random.NextDouble(), 1.3);
            var local = WorkingCalendar.ToVietnamTime(now.AddDays(-daysBack));
            var date = DateOnly.FromDateTime(local.DateTime);
            if (!calendar.IsWorkingDay(date))
            {
                date = calendar.NextWorkingDay(date);
            }
            var minute = _random.Next(7 * 60 + 30, 16 * 60 + 30);
            var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(minute / 60, minute % 60)), WorkingCalendar.VietnamOffset);
            return at > now ? now.AddMinutes(-_random.Next(1, 600)) : at;
        }

        private int Next(string scope) => counters[scope] = counters.GetValueOrDefault(scope) + 1;

        private string Pick(string[] values) => values[_random.Next(values.Length)];
    }
}
