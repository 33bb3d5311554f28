using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Processing;

/// <summary>
/// Reads a dossier with its steps, pauses, letters and (when asked) documents and audit trail in one round trip: one
/// <see cref="NpgsqlBatch"/> of plain SELECTs, read into the entity classes by hand. Every "what may I do", every
/// action and every dossier page starts here; EF's include query did the same in two round trips with a cartesian
/// join of the children and cost the most CPU of any request (tests/OneStop.Benchmarks/README.md). The columns are the
/// ones EF maps; <c>DossierRowsTests</c> compares this reader with EF's own load of the same dossier, property by property.
/// </summary>
public static class DossierRows
{
    private const string DossierColumns =
        "id, code, agency_id, procedure_version_id, procedure_code, procedure_version, procedure_name, status, channel, result_delivery, "
        + "payment_method, fee, set_count, owner_full_name, owner_id_number, owner_phone, owner_email, owner_address, submitter_full_name, "
        + "submitter_id_number, submitter_phone, submitter_email, submitter_address, note, submitted_at, received_at, appointment_at, "
        + "received_by_id, register_year, register_number, lookup_pin_hash, lookup_failures, lookup_locked_until, idempotency_key, "
        + "result_ready_at, returned_at, returned_to, return_note, rating, rating_comment, rated_at, at_partner, closed_at, current_step_key, "
        + "event_version, original_appointment_at, result_digitised_at, result_file_id, xmin";

    private const string StepColumns =
        "id, dossier_id, sequence, step_key, name, unit_function, unit_id, assignee_id, started_at, due_at, completed_at, completed_by_id, "
        + "outcome, on_time, working_minutes, sent_to_partner_at, sent_mode, back_from_partner_at, back_mode";

    private const string PauseColumns =
        "id, dossier_id, step_key, started_at, ended_at, reason, supply_by, requested_by_id, received_by_id, paused_minutes, slip_id";

    private const string LetterColumns =
        "id, dossier_id, kind, number, year, state, reason, original_appointment, proposed_appointment, drafted_by_id, drafted_at, "
        + "decided_by_id, decided_at, decision_note";

    private const string DocumentColumns =
        "id, dossier_id, document_key, name, originals, certified, photocopies, file_id, reused_from_document_id";

    private const string AuditColumns = "id, dossier_id, at, actor_id, action, from_status, to_status, reason, step_key";

    /// <summary>What to do and read besides the dossier, its steps, pauses and letters.</summary>
    [Flags]
    public enum Parts
    {
        None = 0,
        Documents = 1,
        /// <summary>The audit trail, in id order.</summary>
        Audit = 2,
        /// <summary>
        /// First lock the dossier row (<c>FOR UPDATE</c>, until the transaction ends). Each statement of the batch reads
        /// a fresh snapshot, so what follows the lock is what the previous holder committed.
        /// </summary>
        Lock = 4,
    }

    /// <summary>The dossier (null when the agency has none with that id), its audit trail and the stored answer of <c>replayKey</c>.</summary>
    public sealed record Loaded(Dossier? Dossier, IReadOnlyList<AuditEntry> Audit, IdempotentRequest? Replay);

    /// <summary>
    /// The dossier of <paramref name="agencyId"/>, untracked, in one round trip, in the context's transaction when it has
    /// one. With <paramref name="replayKey"/> it also reads the answer stored under that Idempotency-Key (after the lock).
    /// </summary>
    public static Task<Loaded> ReadAsync(OneStopDbContext db, Guid agencyId, Guid id, Parts parts, CancellationToken ct,
        string? replayKey = null) => RunAsync(db, batch =>
        {
            if (parts.HasFlag(Parts.Lock))
            {
                Add(batch, "SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE", id);
            }
            if (replayKey is not null)
            {
                Add(batch, "SELECT dossier_id, action, status_code, response::text, created_at FROM idempotent_requests WHERE agency_id = $1 AND key = $2",
                    agencyId, replayKey);
            }
            Add(batch, $"SELECT {DossierColumns} FROM dossiers WHERE id = $1 AND agency_id = $2", id, agencyId);
            Add(batch, $"SELECT {StepColumns} FROM dossier_steps WHERE dossier_id = $1 ORDER BY sequence", id);
            Add(batch, $"SELECT {PauseColumns} FROM dossier_pauses WHERE dossier_id = $1 ORDER BY started_at, id", id);
            Add(batch, $"SELECT {LetterColumns} FROM dossier_letters WHERE dossier_id = $1 ORDER BY drafted_at, id", id);
            if (parts.HasFlag(Parts.Documents))
            {
                Add(batch, $"SELECT {DocumentColumns} FROM dossier_documents WHERE dossier_id = $1 ORDER BY id", id);
            }
            if (parts.HasFlag(Parts.Audit))
            {
                Add(batch, $"SELECT {AuditColumns} FROM audit_entries WHERE dossier_id = $1 ORDER BY id", id);
            }
        }, async r =>
        {
            if (parts.HasFlag(Parts.Lock))
            {
                await r.NextResultAsync(ct);
            }
            IdempotentRequest? replay = null;
            if (replayKey is not null)
            {
                if (await r.ReadAsync(ct))
                {
                    replay = new IdempotentRequest
                    {
                        AgencyId = agencyId, Key = replayKey, DossierId = r.GetGuid(0), Action = r.GetString(1), StatusCode = r.GetInt32(2),
                        Response = r.GetString(3), CreatedAt = At(r, 4),
                    };
                }
                await r.NextResultAsync(ct);
            }
            if (!await r.ReadAsync(ct))
            {
                return new Loaded(null, [], replay);
            }
            var d = ReadDossier(r);
            await ReadAllAsync(r, d.Steps, ReadStep, ct);
            await ReadAllAsync(r, d.Pauses, ReadPause, ct);
            await ReadAllAsync(r, d.Letters, ReadLetter, ct);
            if (parts.HasFlag(Parts.Documents))
            {
                await ReadAllAsync(r, d.Documents, ReadDocument, ct);
            }
            var audit = new List<AuditEntry>();
            if (parts.HasFlag(Parts.Audit))
            {
                await ReadAllAsync(r, audit, ReadAudit, ct);
            }
            return new Loaded(d, audit, replay);
        }, ct);

    /// <summary>The dossier with <paramref name="code"/> (any agency: codes are unique) and its steps, untracked, or null: the citizen lookup.</summary>
    public static Task<Dossier?> ReadByCodeAsync(OneStopDbContext db, string code, CancellationToken ct) => RunAsync(db, batch =>
        {
            Add(batch, $"SELECT {DossierColumns} FROM dossiers WHERE code = $1", code);
            Add(batch, $"SELECT {StepColumns} FROM dossier_steps WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1) ORDER BY sequence", code);
        }, async r =>
        {
            if (!await r.ReadAsync(ct))
            {
                return null;
            }
            var d = ReadDossier(r);
            await ReadAllAsync(r, d.Steps, ReadStep, ct);
            return d;
        }, ct);

    /// <summary>Runs one batch on the context's connection (and transaction, when it has one).</summary>
    private static async Task<T> RunAsync<T>(OneStopDbContext db, Action<NpgsqlBatch> build, Func<NpgsqlDataReader, Task<T>> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
            {
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            build(batch);
            await using var r = await batch.ExecuteReaderAsync(ct);
            return await read(r);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The next result set, row by row, into <paramref name="into"/>.</summary>
    private static async Task ReadAllAsync<T>(NpgsqlDataReader r, List<T> into, Func<DbDataReader, T> row, CancellationToken ct)
    {
        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            into.Add(row(r));
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        batch.BatchCommands.Add(command);
    }

    private static Dossier ReadDossier(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Code = Text(r, 1),
        AgencyId = r.GetGuid(2),
        ProcedureVersionId = r.GetGuid(3),
        ProcedureCode = r.GetString(4),
        ProcedureVersion = r.GetInt32(5),
        ProcedureName = r.GetString(6),
        Status = (DossierStatus)r.GetInt32(7),
        Channel = (Channel)r.GetInt32(8),
        ResultDelivery = (ResultDelivery)r.GetInt32(9),
        PaymentMethod = (PaymentMethod)r.GetInt32(10),
        Fee = r.GetInt64(11),
        SetCount = r.GetInt32(12),
        Owner = new Person { FullName = r.GetString(13), IdNumber = Text(r, 14), Phone = Text(r, 15), Email = Text(r, 16), Address = Text(r, 17) },
        Submitter = r.IsDBNull(18) ? null
            : new Person { FullName = r.GetString(18), IdNumber = Text(r, 19), Phone = Text(r, 20), Email = Text(r, 21), Address = Text(r, 22) },
        Note = Text(r, 23),
        SubmittedAt = At(r, 24),
        ReceivedAt = MaybeAt(r, 25),
        AppointmentAt = MaybeAt(r, 26),
        ReceivedById = MaybeGuid(r, 27),
        RegisterYear = MaybeInt(r, 28),
        RegisterNumber = MaybeInt(r, 29),
        LookupPinHash = Text(r, 30),
        LookupFailures = r.GetInt32(31),
        LookupLockedUntil = MaybeAt(r, 32),
        IdempotencyKey = Text(r, 33),
        ResultReadyAt = MaybeAt(r, 34),
        ReturnedAt = MaybeAt(r, 35),
        ReturnedTo = Text(r, 36),
        ReturnNote = Text(r, 37),
        Rating = r.IsDBNull(38) ? null : (Satisfaction)r.GetInt32(38),
        RatingComment = Text(r, 39),
        RatedAt = MaybeAt(r, 40),
        AtPartner = r.GetBoolean(41),
        ClosedAt = MaybeAt(r, 42),
        CurrentStepKey = Text(r, 43),
        EventVersion = r.GetInt64(44),
        OriginalAppointmentAt = MaybeAt(r, 45),
        ResultDigitisedAt = MaybeAt(r, 46),
        ResultFileId = MaybeGuid(r, 47),
        RowVersion = r.GetFieldValue<uint>(48),
    };

    private static DossierStep ReadStep(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        DossierId = r.GetGuid(1),
        Sequence = r.GetInt32(2),
        StepKey = r.GetString(3),
        Name = r.GetString(4),
        UnitFunction = r.GetString(5),
        UnitId = MaybeGuid(r, 6),
        AssigneeId = MaybeGuid(r, 7),
        StartedAt = At(r, 8),
        DueAt = At(r, 9),
        CompletedAt = MaybeAt(r, 10),
        CompletedById = MaybeGuid(r, 11),
        Outcome = r.IsDBNull(12) ? null : (StepOutcome)r.GetInt32(12),
        OnTime = r.IsDBNull(13) ? null : r.GetBoolean(13),
        WorkingMinutes = r.IsDBNull(14) ? null : r.GetInt64(14),
        SentToPartnerAt = MaybeAt(r, 15),
        SentMode = r.IsDBNull(16) ? null : (TransferMode)r.GetInt32(16),
        BackFromPartnerAt = MaybeAt(r, 17),
        BackMode = r.IsDBNull(18) ? null : (TransferMode)r.GetInt32(18),
    };

    private static DossierPause ReadPause(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        DossierId = r.GetGuid(1),
        StepKey = r.GetString(2),
        StartedAt = At(r, 3),
        EndedAt = MaybeAt(r, 4),
        Reason = r.GetString(5),
        SupplyBy = MaybeAt(r, 6),
        RequestedById = r.GetGuid(7),
        ReceivedById = MaybeGuid(r, 8),
        PausedMinutes = r.IsDBNull(9) ? null : r.GetInt64(9),
        SlipId = MaybeGuid(r, 10),
    };

    private static DossierLetter ReadLetter(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        DossierId = r.GetGuid(1),
        Kind = (LetterKind)r.GetInt32(2),
        Number = r.GetInt32(3),
        Year = r.GetInt32(4),
        State = (LetterState)r.GetInt32(5),
        Reason = r.GetString(6),
        OriginalAppointment = MaybeAt(r, 7),
        ProposedAppointment = MaybeAt(r, 8),
        DraftedById = r.GetGuid(9),
        DraftedAt = At(r, 10),
        DecidedById = MaybeGuid(r, 11),
        DecidedAt = MaybeAt(r, 12),
        DecisionNote = Text(r, 13),
    };

    private static DossierDocument ReadDocument(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        DossierId = r.GetGuid(1),
        DocumentKey = r.GetString(2),
        Name = r.GetString(3),
        Originals = r.GetInt32(4),
        Certified = r.GetInt32(5),
        Photocopies = r.GetInt32(6),
        FileId = MaybeGuid(r, 7),
        ReusedFromDocumentId = MaybeGuid(r, 8),
    };

    private static AuditEntry ReadAudit(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        DossierId = r.GetGuid(1),
        At = At(r, 2),
        ActorId = MaybeGuid(r, 3),
        Action = r.GetString(4),
        FromStatus = r.IsDBNull(5) ? null : (DossierStatus)r.GetInt32(5),
        ToStatus = (DossierStatus)r.GetInt32(6),
        Reason = Text(r, 7),
        StepKey = Text(r, 8),
    };

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static Guid? MaybeGuid(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetGuid(i);

    private static int? MaybeInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static DateTimeOffset At(DbDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

    private static DateTimeOffset? MaybeAt(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
