using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Kpi;

/// <summary>
/// The same facts as the projection, recomputed from the source tables (dossiers, dossier_steps, dossier_letters,
/// dossier_documents). <c>kpi rebuild</c> writes them; <c>kpi verify</c> compares them with the projection.
/// Only dossiers with at least one event are included: the projection cannot know of any other.
/// </summary>
public static class KpiSource
{
    public static async Task<(List<KpiDossierFact> Facts, List<KpiStepCompletion> Steps)> ComputeAsync(OneStopDbContext db, CancellationToken ct)
    {
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => d.EventVersion > 0)
            .Include(d => d.Steps).Include(d => d.Letters).Include(d => d.Documents)
            .AsSplitQuery()
            .OrderBy(d => d.Id)
            .ToListAsync(ct);
        var facts = new List<KpiDossierFact>(dossiers.Count);
        var steps = new List<KpiStepCompletion>();
        foreach (var d in dossiers)
        {
            facts.Add(new KpiDossierFact
            {
                DossierId = d.Id,
                AgencyId = d.AgencyId,
                ProcedureCode = d.ProcedureCode,
                Channel = d.Channel,
                Status = d.Status,
                LastVersion = d.EventVersion,
                SubmittedAt = d.SubmittedAt,
                ReceivedAt = d.ReceivedAt,
                AppointmentAt = d.AppointmentAt,
                OriginalAppointmentAt = d.OriginalAppointmentAt,
                ResultReadyAt = d.ResultReadyAt,
                ReturnedAt = d.ReturnedAt,
                ResultDigitisedAt = d.ResultDigitisedAt,
                ClosedAt = d.ClosedAt,
                Fee = d.Fee,
                PaidOnline = d.PaymentMethod == PaymentMethod.Online,
                Rating = d.Rating,
                RatedAt = d.RatedAt,
                TransfersElectronic = d.Steps.Count(s => s.SentMode == TransferMode.Electronic) + d.Steps.Count(s => s.BackMode == TransferMode.Electronic),
                TransfersPaper = d.Steps.Count(s => s.SentMode == TransferMode.Paper) + d.Steps.Count(s => s.BackMode == TransferMode.Paper),
                ApologyLetters = d.Letters.Count(l => l.Kind == LetterKind.Apology && l.State == LetterState.Approved),
                DigitisedDocuments = [.. d.Documents.Where(x => x.FileId != null && x.ReusedFromDocumentId == null)
                    .Select(x => x.DocumentKey).Distinct().Order(StringComparer.Ordinal)],
                ReusedDocuments = [.. d.Documents.Where(x => x.ReusedFromDocumentId != null)
                    .Select(x => x.DocumentKey).Distinct().Order(StringComparer.Ordinal)],
                UnitIds = [.. d.Steps.Where(s => s.UnitId != null).OrderBy(s => s.Sequence).Select(s => s.UnitId!.Value).Distinct()],
            });
            steps.AddRange(d.Steps.Where(s => s.Outcome == StepOutcome.Completed && s.CompletedAt != null).Select(s => new KpiStepCompletion
            {
                DossierId = d.Id, AgencyId = d.AgencyId, ProcedureCode = d.ProcedureCode, StepKey = s.StepKey, UnitId = s.UnitId,
                OfficerId = s.AssigneeId, CompletedAt = s.CompletedAt!.Value, DueAt = s.DueAt, OnTime = s.OnTime ?? true,
            }));
        }
        return (facts, steps);
    }
}
