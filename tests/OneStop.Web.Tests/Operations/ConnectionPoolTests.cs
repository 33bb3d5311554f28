using Npgsql;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Tests.Operations;

/// <summary>The web app's default connection pool: sized by cores unless the connection string says otherwise.</summary>
public sealed class ConnectionPoolTests
{
    [Test]
    public void Without_a_pool_size_the_app_uses_six_connections_per_core()
    {
        var built = new NpgsqlConnectionStringBuilder(HostingExtensions.WithPoolSize("Host=127.0.0.1;Database=onestop;Username=postgres"));
        Assert.Multiple(() =>
        {
            Assert.That(built.MaxPoolSize, Is.EqualTo(6 * Environment.ProcessorCount));
            Assert.That(built.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(built.Database, Is.EqualTo("onestop"));
        });
    }

    [TestCase("Maximum Pool Size=40")]
    [TestCase("MaxPoolSize=40")]
    [TestCase("maximum pool size=40")]
    public void An_explicit_pool_size_is_kept(string setting) =>
        Assert.That(new NpgsqlConnectionStringBuilder(HostingExtensions.WithPoolSize("Host=127.0.0.1;" + setting)).MaxPoolSize, Is.EqualTo(40));
}
