using OneStop.Web.Features.Account;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Digitisation;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Features.Reception;
using OneStop.Web.Features.Lookup;
using OneStop.Web.Features.Reports;
using OneStop.Web.Features.Returns;
using OneStop.Web.Features.Overdue;
using OneStop.Web.Features.Processing;
using OneStop.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddOneStop();
}
catch (InvalidWorkflowFilesException e)
{
    await e.PrintAsync(Console.Error);
    return 1;
}

var app = builder.Build();
app.UseOneStop();
if (OneStopOptions.RoleOf(app.Configuration) != "worker")
{
    // A worker serves only /health/*: it has no pages and no API.
    app.MapAccount();
    app.MapCatalogue();
    app.MapReception();
    app.MapOnlineIntake();
    app.MapLookup();
    app.MapReturns();
    app.MapProcessing();
    app.MapProcessingForms();
    app.MapOverdue();
    app.MapReports();
    app.MapDigitisation();
    app.MapKpi();
    app.MapOutboxStatus();
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
