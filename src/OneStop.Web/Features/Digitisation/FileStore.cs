using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OneStop.Web.Features.Digitisation;

/// <summary>The bytes as stored: lowercase hex SHA-256 and the size.</summary>
public sealed record StoredBlob(string Sha256, long Size);

/// <summary>
/// Content-addressed file storage outside the database: <c>ab/cd/abcd….bin</c> under the configured folder. Bytes go
/// to a temporary file first and are moved into place in one step, so a reader never sees half a file; identical
/// content is kept once.
/// </summary>
public sealed class FileStore
{
    private const string TempFolder = "tmp";

    public FileStore(IOptions<DigitisationOptions> options, IWebHostEnvironment environment)
    {
        Root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.Path));
    }

    public string Root { get; }

    /// <summary>Lowercase hex SHA-256, exactly 64 characters: the only names that can reach the disk.</summary>
    public static bool IsHash(string? sha256) =>
        sha256 is { Length: 64 } && sha256.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public string PathOf(string sha256)
    {
        if (!IsHash(sha256))
        {
            throw new ArgumentException("Not a lowercase SHA-256 hex string.", nameof(sha256));
        }
        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256 + ".bin");
    }

    public bool Exists(string sha256) => IsHash(sha256) && File.Exists(PathOf(sha256));

    /// <summary>Copies <paramref name="content"/> from its current position to the store; returns its hash and size.</summary>
    public async Task<StoredBlob> SaveAsync(Stream content, CancellationToken ct)
    {
        var tempDir = Path.Combine(Root, TempFolder);
        Directory.CreateDirectory(tempDir);
        var temp = Path.Combine(tempDir, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            string sha;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var target = PathOf(sha);
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temp, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Someone stored the same bytes at the same moment: theirs is ours.
                }
            }
            return new StoredBlob(sha, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The stored bytes, or null when no file has this hash.</summary>
    public Stream? OpenRead(string sha256) =>
        Exists(sha256)
            ? new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null;
}
