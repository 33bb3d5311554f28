using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Reception;

/// <summary>
/// The lookup PIN (mã tra cứu) printed on the receipt beside the QR code. Stored only as an HMAC keyed with a server
/// secret and bound to the dossier id, so a copied table reveals nothing and checking one costs microseconds.
/// </summary>
public sealed class LookupPin(IOptions<OneStopOptions> options)
{
    public const int Length = 6;

    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.LookupPinKey);

    /// <summary>Six digits from a cryptographic generator.</summary>
    public static string Generate() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public string Hash(Guid dossierId, string pin) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{dossierId:N}:{pin}")));

    /// <summary>Constant-time comparison; a null stored hash never matches.</summary>
    public bool Verify(Guid dossierId, string? storedHash, string pin)
    {
        var actual = Encoding.ASCII.GetBytes(Hash(dossierId, pin));
        var expected = Encoding.ASCII.GetBytes(storedHash ?? new string('0', actual.Length));
        return CryptographicOperations.FixedTimeEquals(actual, expected) && storedHash is not null;
    }
}
