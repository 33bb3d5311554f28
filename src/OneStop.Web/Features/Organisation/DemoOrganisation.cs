using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Organisation;

/// <summary>
/// The demo organisation of UBND xã Nguyên Giáp: its one-stop centre and specialised bodies (NĐ 150/2025 structure),
/// the partner agencies consulted through liên thông, and one demo officer per role. Loaded only when asked
/// (<c>onestop seed --demo</c>, which <c>deploy/run.sh</c> runs). Idempotent: existing rows are left as they are,
/// except that a password given explicitly is applied, so the printed logins always work.
/// </summary>
public static class DemoOrganisation
{
    /// <summary>Demo code, not a real mã định danh (real codes are issued under QĐ 20/2020 and QĐ 09/2025).</summary>
    public const string CommuneCode = "H99.100";

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("tiepnhan", "Trần Thị Thu Hà", Roles.Reception, "H99.100.01", "Công chức tiếp nhận và trả kết quả"),
        new("chuyenvien", "Lê Văn Minh", Roles.Specialist, "H99.100.02", "Công chức Tư pháp – Hộ tịch"),
        new("chuyenvien2", "Phạm Thị Lan", Roles.Specialist, "H99.100.04", "Công chức Văn hóa – Xã hội"),
        new("lanhdao", "Nguyễn Văn Hùng", Roles.Leader, "H99.100.00", "Chủ tịch UBND xã"),
        new("truongphong", "Vũ Đức Thắng", Roles.Leader, "H99.100.04", "Trưởng phòng Văn hóa – Xã hội"),
        new("giamsat", "Hoàng Thị Mai", Roles.Supervisor, "H99.100.02", "Chánh Văn phòng HĐND và UBND xã"),
        new("quantri", "Đỗ Quang Huy", Roles.Admin, "H99.100.02", "Quản trị hệ thống"),
    ];

    public sealed record DemoUser(string UserName, string FullName, string Role, string UnitCode, string Title);

    private sealed record UnitSeed(string Code, string Name, string Function);

    private sealed record AgencySeed(string Code, string Name, AgencyKind Kind, string? ParentName, string PlaceName, string? Address, string? Phone, UnitSeed[] Units);

    private const string OfficeHours = "07:00-11:30,13:30-17:00";

    private static readonly AgencySeed[] Agencies =
    [
        new(CommuneCode, "Ủy ban nhân dân xã Nguyên Giáp", AgencyKind.Commune, "UBND XÃ NGUYÊN GIÁP", "Nguyên Giáp",
            "Trụ sở UBND xã Nguyên Giáp", "0207 3812 345",
        [
            new("H99.100.00", "Lãnh đạo UBND xã", "leadership"),
            new("H99.100.01", "Trung tâm Phục vụ hành chính công xã", "one-stop"),
            new("H99.100.02", "Văn phòng HĐND và UBND xã", "office"),
            new("H99.100.03", "Phòng Kinh tế", "economy"),
            new("H99.100.04", "Phòng Văn hóa – Xã hội", "culture-society"),
        ]),
        new("G01.H99.100", "Công an xã Nguyên Giáp", AgencyKind.Partner, "CÔNG AN TỈNH", "Nguyên Giáp", null, null,
            [new("G01.H99.100.01", "Bộ phận đăng ký cư trú – Công an xã", "police")]),
        new("BHXH.H99.01", "Bảo hiểm xã hội cơ sở khu vực Nguyên Giáp", AgencyKind.Partner, "BẢO HIỂM XÃ HỘI TỈNH", "Nguyên Giáp", null, null,
            [new("BHXH.H99.01.01", "Bộ phận một cửa – Bảo hiểm xã hội", "social-insurance")]),
        new("H99.30.01", "Chi nhánh Văn phòng đăng ký đất đai khu vực Nguyên Giáp", AgencyKind.Partner, "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Nguyên Giáp", null, null,
            [new("H99.30.01.01", "Bộ phận tiếp nhận – Chi nhánh VPĐKĐĐ", "land-registry")]),
    ];

    /// <summary>
    /// Creates what is missing. Returns the password given to newly created (or reset) demo users, or null when every
    /// demo user existed already and no password was given (their passwords are left alone).
    /// </summary>
    public static async Task<string?> SeedAsync(
        OneStopDbContext db, UserManager<Officer> users, TimeProvider clock, string? password, CancellationToken ct = default)
    {
        foreach (var seed in Agencies)
        {
            var agency = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == seed.Code, ct);
            if (agency is null)
            {
                agency = new Agency
                {
                    Id = Guid.CreateVersion7(clock.GetUtcNow()),
                    Code = seed.Code,
                    Name = seed.Name,
                    Kind = seed.Kind,
                    ParentName = seed.ParentName,
                    PlaceName = seed.PlaceName,
                    Address = seed.Address,
                    Phone = seed.Phone,
                    OfficeHours = OfficeHours,
                    EffectiveFrom = new DateOnly(2025, 7, 1),
                };
                db.Agencies.Add(agency);
            }
            foreach (var unit in seed.Units.Where(u => agency.Units.All(x => x.Code != u.Code)))
            {
                agency.Units.Add(new Unit { Id = Guid.CreateVersion7(clock.GetUtcNow()), Code = unit.Code, Name = unit.Name, Function = unit.Function });
            }
        }
        await db.SaveChangesAsync(ct);

        var newPassword = password ?? GeneratePassword();
        var used = false;
        var commune = await db.Agencies.SingleAsync(a => a.Code == CommuneCode, ct);
        foreach (var demo in Users)
        {
            var unit = await db.Units.SingleAsync(u => u.Code == demo.UnitCode, ct);
            var officer = await users.FindByNameAsync(demo.UserName);
            if (officer is null)
            {
                officer = new Officer
                {
                    Id = Guid.CreateVersion7(clock.GetUtcNow()),
                    UserName = demo.UserName,
                    FullName = demo.FullName,
                    Title = demo.Title,
                    AgencyId = commune.Id,
                    UnitId = unit.Id,
                };
                Check(await users.CreateAsync(officer, newPassword));
                used = true;
            }
            else if (password is not null)
            {
                var token = await users.GeneratePasswordResetTokenAsync(officer);
                Check(await users.ResetPasswordAsync(officer, token, password));
                used = true;
                await users.SetLockoutEndDateAsync(officer, null);
                await users.ResetAccessFailedCountAsync(officer);
            }
            if (!await users.IsInRoleAsync(officer, demo.Role))
            {
                Check(await users.AddToRoleAsync(officer, demo.Role));
            }
        }
        return used ? newPassword : null;
    }

    /// <summary>The five roles exist in every installation, demo or not.</summary>
    public static async Task SeedRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)));
            }
        }
    }

    /// <summary>16 characters from an alphabet without look-alikes, always with an upper, a lower and a digit.</summary>
    private static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        var all = upper + lower + digits;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
