using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;

namespace OneStop.Testing;

/// <summary>Dossiers written straight into the test database, in a given status, with steps and a known PIN.</summary>
public static class TestDossiers
{
    public const string OwnerName = "Nguyễn Thị Hoa";
    public const string OwnerIdNumber = "001190012345";
    public const string OwnerPhone = "0912345678";
    public const string OwnerEmail = "hoa.nguyen@example.vn";
    public const string OwnerAddress = "Thôn Đông Hòa, xã Nguyên Giáp";
    /// <summary>The officer assigned to the processing steps (a specialist of the demo organisation).</summary>
    public const string AssigneeUserName = "chuyenvien";

    private static int _next;

    public sealed record Created(Guid Id, string Code, string Pin, Guid AssigneeId, IReadOnlyList<DossierStep> Steps);

    /// <summary>
    /// A dossier of the first catalogue procedure (1.000656, four steps) whose rows are what the workflow would
    /// have written: steps before the current one completed, the current one open, later ones not started yet.
    /// InProgress → the processing step open, Finished → the return step open, Returned → all completed.
    /// </summary>
    public static async Task<Created> CreateAsync(IServiceProvider services, DossierStatus status,
        string agencyCode = DemoOrganisation.CommuneCode, string ownerName = OwnerName)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<OneStopDbContext>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var agency = await db.Agencies.SingleAsync(a => a.Code == agencyCode);
        var procedure = await db.ProcedureVersions.OrderBy(p => p.Code).ThenBy(p => p.Version).FirstAsync();
        var assignee = await sp.GetRequiredService<UserManager<Officer>>().FindByNameAsync(AssigneeUserName)
            ?? throw new InvalidOperationException("Seed the demo organisation first.");

        var definition = sp.GetRequiredService<OneStop.Workflows.Definitions.DefinitionCatalog>().Find(procedure.Code, procedure.Version)!;
        var stepDefinitions = definition.Steps;
        var received = now.AddDays(-3);
        var number = Interlocked.Increment(ref _next);
        var code = string.Create(CultureInfo.InvariantCulture, $"{agencyCode}-{received:yyMMdd}-{number:D4}");
        var pin = LookupPin.Generate();
        var id = Guid.CreateVersion7(now);
        var openIndex = status switch
        {
            DossierStatus.Finished => 3,
            DossierStatus.Returned => stepDefinitions.Count,
            _ => 1,
        };
        var steps = stepDefinitions.Take(openIndex + 1).Select((step, i) => new DossierStep
        {
            Id = Guid.CreateVersion7(now),
            DossierId = id,
            Sequence = i + 1,
            StepKey = step.Key,
            Name = step.Name,
            UnitFunction = step.Unit,
            AssigneeId = assignee.Id,
            StartedAt = received.AddHours(i),
            DueAt = received.AddDays(i + 1),
            CompletedAt = i < openIndex ? received.AddHours(i + 1) : null,
            Outcome = i < openIndex ? StepOutcome.Completed : null,
        }).ToList();
        var dossier = new Dossier
        {
            Id = id,
            Code = code,
            AgencyId = agency.Id,
            ProcedureVersionId = procedure.Id,
            ProcedureCode = procedure.Code,
            ProcedureVersion = procedure.Version,
            ProcedureName = procedure.Name,
            Status = status,
            Channel = Channel.Counter,
            ResultDelivery = ResultDelivery.Desk,
            Owner = new Person { FullName = ownerName, IdNumber = OwnerIdNumber, Phone = OwnerPhone, Email = OwnerEmail, Address = OwnerAddress },
            SubmittedAt = received,
            ReceivedAt = received,
            AppointmentAt = received.AddDays(5),
            ReceivedById = assignee.Id,
            LookupPinHash = sp.GetRequiredService<LookupPin>().Hash(id, pin),
            ResultReadyAt = status is DossierStatus.Finished or DossierStatus.Returned ? now.AddHours(-2) : null,
            ReturnedAt = status is DossierStatus.Returned ? now.AddHours(-1) : null,
            ReturnedTo = status is DossierStatus.Returned ? ownerName : null,
            Steps = steps,
            CurrentStepKey = steps[^1].StepKey,
        };
        db.Dossiers.Add(dossier);
        await db.SaveChangesAsync();
        return new Created(id, code, pin, assignee.Id, steps);
    }

    /// <summary>A six-digit PIN that is not <paramref name="pin"/>.</summary>
    public static string WrongPin(string pin) =>
        string.Concat((char)('0' + ((pin[0] - '0' + 1) % 10)), pin[1..]);
}
