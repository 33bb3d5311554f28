using OneStop.Testing;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Features.Reception;
using OneStop.Workflows;

namespace OneStop.Web.Tests.Kpi;

/// <summary>
/// The counts PostgreSQL aggregates (<see cref="KpiCounts.QueryAsync"/>) at the edges of a range: instants exactly at its
/// start and end, a closing recorded before the acceptance (the in-progress interval is then empty), a dossier never
/// accepted. Expected values are worked out by hand below, and must also equal the in-memory counting (<see cref="KpiCounts.Of"/>).
/// </summary>
public sealed class KpiCountsTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private static readonly DateOnly From = new(2026, 11, 1);
    private static readonly DateOnly To = new(2026, 11, 30);
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, Vietnam);
    private static readonly DateTimeOffset End = new(2026, 12, 1, 0, 0, 0, Vietnam);
    private static readonly TimeSpan Micro = TimeSpan.FromTicks(10);
    private static readonly Guid Agency = Guid.CreateVersion7();
    private static readonly Guid Unit = Guid.CreateVersion7();

    private TestDatabase _db = null!;
    private List<KpiDossierFact> _facts = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("kpicounts");
        _facts =
        [
            // Received at the very start, result at the very end: received in the range, still in progress at its end.
            Fact(Channel.Counter, DossierStatus.Finished, received: Start, resultReady: End, fee: 50_000, paidOnline: true),
            // Received just before the end, stopped "before" it was received: finished (stopped), not in progress.
            Fact(Channel.Online, DossierStatus.Stopped, received: End - Micro, closed: End - TimeSpan.FromDays(2)),
            // Received before the range, waiting for a supplement, due on the range's last day: in progress, within deadline, paused.
            Fact(Channel.Counter, DossierStatus.SupplementRequested, received: Start.AddDays(-10), appointment: new DateTimeOffset(2026, 11, 30, 16, 0, 0, Vietnam)),
            // Result just before the end, a day after its appointment, digitised only at the end: finished late, result not digitised.
            Fact(Channel.Counter, DossierStatus.Finished, received: Start.AddDays(-20), resultReady: End - Micro,
                appointment: new DateTimeOffset(2026, 11, 29, 10, 0, 0, Vietnam), resultDigitised: End),
            // Online submission not accepted, closed in the range.
            Fact(Channel.Online, DossierStatus.NotAccepted, closed: Start.AddDays(3)),
            // Returned before the range, rated in it.
            Fact(Channel.Counter, DossierStatus.Returned, received: Start.AddDays(-40), resultReady: Start.AddDays(-5),
                rating: Satisfaction.VerySatisfied, rated: Start.AddDays(1)),
            // Received exactly at the end: outside the range, not in progress at its end.
            Fact(Channel.Postal, DossierStatus.Accepted, received: End),
        ];
        await using var context = _db.Context();
        context.KpiDossierFacts.AddRange(_facts);
        await context.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _db.DisposeAsync();

    [Test]
    public async Task PostgreSQL_counts_the_edges_of_the_range_as_worked_out_by_hand_and_as_the_in_memory_counting()
    {
        await using var context = _db.Context();
        var counts = await KpiCounts.QueryAsync(context, From, To, Agency, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((counts.Received, counts.Counter, counts.Online, counts.Postal), Is.EqualTo((2, 1, 1, 0)), "received");
            Assert.That((counts.WithFee, counts.PaidOnline), Is.EqualTo((1, 1)), "fees");
            Assert.That((counts.Finished, counts.Early, counts.OnTime, counts.Late), Is.EqualTo((2, 0, 1, 1)), "finished");
            Assert.That((counts.WithResult, counts.ResultsDigitised), Is.EqualTo((1, 0)), "results");
            Assert.That((counts.InProgress, counts.WithinDeadline, counts.Paused), Is.EqualTo((2, 2, 1)), "in progress");
            Assert.That((counts.Withdrawn, counts.NotAccepted), Is.EqualTo((0, 1)), "closed");
            Assert.That((counts.Rated, counts.Satisfied), Is.EqualTo((1, 1)), "rated");
        });
        var inMemory = KpiCounts.Of(From, To, _facts);
        foreach (var property in typeof(KpiCounts).GetProperties())
        {
            Assert.That(property.GetValue(counts), Is.EqualTo(property.GetValue(inMemory)), property.Name);
        }
    }

    [Test]
    public async Task Filters_by_agency_procedure_and_unit()
    {
        await using var context = _db.Context();
        var otherAgency = await KpiCounts.QueryAsync(context, From, To, Guid.CreateVersion7(), null, null, CancellationToken.None);
        var otherProcedure = await KpiCounts.QueryAsync(context, From, To, Agency, null, "9.999999", CancellationToken.None);
        var otherUnit = await KpiCounts.QueryAsync(context, From, To, Agency, Guid.CreateVersion7(), null, CancellationToken.None);
        var ownUnit = await KpiCounts.QueryAsync(context, From, To, Agency, Unit, "1.000001", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That((otherAgency.Received, otherAgency.InProgress, otherAgency.Rated), Is.EqualTo((0, 0, 0)));
            Assert.That((otherProcedure.Received, otherProcedure.InProgress, otherProcedure.Rated), Is.EqualTo((0, 0, 0)));
            Assert.That((otherUnit.Received, otherUnit.InProgress, otherUnit.Rated), Is.EqualTo((0, 0, 0)));
            Assert.That((ownUnit.Received, ownUnit.InProgress, ownUnit.Rated), Is.EqualTo((2, 2, 1)));
        });
    }

    private static KpiDossierFact Fact(Channel channel, DossierStatus status, DateTimeOffset? received = null, DateTimeOffset? resultReady = null,
        DateTimeOffset? closed = null, DateTimeOffset? appointment = null, DateTimeOffset? resultDigitised = null, long fee = 0,
        bool paidOnline = false, Satisfaction? rating = null, DateTimeOffset? rated = null) => new() // timestamptz takes UTC instants
        {
            DossierId = Guid.CreateVersion7(),
            AgencyId = Agency,
            ProcedureCode = "1.000001",
            Channel = channel,
            Status = status,
            LastVersion = 1,
            SubmittedAt = (received ?? closed)?.ToUniversalTime(),
            ReceivedAt = received?.ToUniversalTime(),
            AppointmentAt = appointment?.ToUniversalTime(),
            ResultReadyAt = resultReady?.ToUniversalTime(),
            ClosedAt = closed?.ToUniversalTime(),
            ResultDigitisedAt = resultDigitised?.ToUniversalTime(),
            Fee = fee,
            PaidOnline = paidOnline,
            Rating = rating,
            RatedAt = rated?.ToUniversalTime(),
            UnitIds = [Unit],
        };
}
