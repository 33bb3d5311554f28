using System.Security.Cryptography;

namespace OneStop.Workflows.Definitions;

/// <summary>Hash of a definition file that does not change when Git or an editor swaps LF and CRLF.</summary>
public static class ContentHash
{
    /// <summary>SHA-256, lower-case hex, of the bytes with CRLF and lone CR replaced by LF.</summary>
    public static string Compute(ReadOnlySpan<byte> bytes)
    {
        var normalised = new byte[bytes.Length];
        var n = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\r')
            {
                normalised[n++] = (byte)'\n';
                if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    i++;
                }
            }
            else
            {
                normalised[n++] = bytes[i];
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(normalised.AsSpan(0, n)));
    }
}
