using OneStop.Web.Features.Account;
using OneStop.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddOneStop();

var app = builder.Build();
app.UseOneStop();
app.MapAccount();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
