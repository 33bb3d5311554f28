using System.Globalization;

namespace OneStop.Workflows.Definitions;

/// <summary>
/// The rules a JSON Schema cannot express. Each yields the JSON pointer of the offending YAML node (for its line)
/// and a Vietnamese message.
/// </summary>
/// <remarks>
/// The step graph is a chain: every step names one <c>next</c> step, or is <c>terminal: true</c>; <c>sendBackTo</c>
/// lets a step return the dossier to an earlier step (e.g. leader → specialist). Refusal, supplement requests and
/// withdrawal are engine actions, not extra branches. So the "main path" is the chain from the first step to the
/// terminal step, and its budgets are what must add up to the legal time limit:
/// <list type="bullet">
/// <item>workingDays / workingHours: the sum equals the limit (1 working day = 8 working hours);</item>
/// <item>sameDay: the sum fits in one working day (≤ 8 h) — the desk returns the result the same day, or the next
/// working day when received after the cut-off (NĐ 23/2015/NĐ-CP Điều 7 for chứng thực; Luật Hộ tịch 2014 for hộ tịch);</item>
/// <item>calendarDays: the sum is at most limit × 8 h (a calendar day is never shorter than a working day).</item>
/// </list>
/// </remarks>
internal static class DefinitionRules
{
    public static IEnumerable<(string Pointer, string Message)> Check(ProcedureDefinition d, string fileName, UnitCatalog units)
    {
        if (d.Version < 1)
        {
            yield return ("/version", $"phiên bản phải là số nguyên ≥ 1 (đang là {d.Version.ToString(CultureInfo.InvariantCulture)})");
        }

        if (!fileName.StartsWith(d.Code + "-", StringComparison.Ordinal))
        {
            yield return ("/code", $"tên tệp '{fileName}' phải bắt đầu bằng mã thủ tục '{d.Code}-'");
        }

        // Fields that only make sense for one kind of time limit or fee line (the schema requires, this forbids).
        if (d.TimeLimit.Unit == TimeLimitUnit.SameDay && d.TimeLimit.Value is not null)
        {
            yield return ("/timeLimit/value", "thời hạn 'sameDay' (trong ngày) không ghi 'value'");
        }

        if (d.TimeLimit.Unit != TimeLimitUnit.SameDay && d.TimeLimit.Cutoff is not null)
        {
            yield return ("/timeLimit/cutoff", "chỉ thời hạn 'sameDay' (trong ngày) mới có giờ chốt 'cutoff'");
        }

        for (var i = 0; i < d.Fees.Count; i++)
        {
            var fee = d.Fees[i];
            var at = $"/fees/{I(i)}";
            if (fee.Basis == FeeBasis.PerPage && fee.Amount is not null)
            {
                yield return (at + "/amount", $"dòng phí '{fee.Key}': tính theo trang (perPage) thì ghi giá trong 'tiers', không ghi 'amount'");
            }

            if (fee.Basis != FeeBasis.PerPage && (fee.Tiers.Count > 0 || fee.MaxPerCopy is not null))
            {
                yield return (at + (fee.Tiers.Count > 0 ? "/tiers" : "/maxPerCopy"), $"dòng phí '{fee.Key}': 'tiers' và 'maxPerCopy' chỉ dùng khi tính theo trang (perPage)");
            }
        }

        foreach (var problem in Keys(d.Documents.Select(x => x.Key).ToList(), "/documents", "thành phần hồ sơ"))
        {
            yield return problem;
        }

        foreach (var problem in Keys(d.Fees.Select(x => x.Key).ToList(), "/fees", "dòng phí"))
        {
            yield return problem;
        }

        for (var i = 0; i < d.Fees.Count; i++)
        {
            foreach (var problem in Tiers(d.Fees[i], $"/fees/{I(i)}"))
            {
                yield return problem;
            }
        }

        foreach (var problem in Steps(d, units))
        {
            yield return problem;
        }
    }

    private static IEnumerable<(string, string)> Keys(IReadOnlyList<string> keys, string pointer, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (!seen.Add(keys[i]))
            {
                yield return ($"{pointer}/{I(i)}/key", $"{what} '{keys[i]}': khóa bị trùng");
            }
        }
    }

    // Tiers must start at page 1, follow each other without gaps, and only the last may be open-ended,
    // so that every page of every copy has exactly one price.
    private static IEnumerable<(string, string)> Tiers(FeeLine fee, string pointer)
    {
        if (fee.Basis != FeeBasis.PerPage)
        {
            yield break;
        }

        var expectedFrom = 1;
        for (var t = 0; t < fee.Tiers.Count; t++)
        {
            var tier = fee.Tiers[t];
            var at = $"{pointer}/tiers/{I(t)}";
            if (tier.FromPage != expectedFrom)
            {
                yield return (at + "/fromPage", $"dòng phí '{fee.Key}': bậc thứ {I(t + 1)} phải bắt đầu từ trang {I(expectedFrom)}");
                yield break;
            }

            if (tier.ToPage is null)
            {
                if (t != fee.Tiers.Count - 1)
                {
                    yield return (at, $"dòng phí '{fee.Key}': chỉ bậc cuối cùng được bỏ trống 'toPage'");
                }

                yield break;
            }

            if (tier.ToPage < tier.FromPage)
            {
                yield return (at + "/toPage", $"dòng phí '{fee.Key}': 'toPage' nhỏ hơn 'fromPage'");
                yield break;
            }

            expectedFrom = tier.ToPage.Value + 1;
        }

        yield return ($"{pointer}/tiers", $"dòng phí '{fee.Key}': bậc cuối cùng phải bỏ trống 'toPage' (áp dụng cho mọi trang còn lại)");
    }

    private static IEnumerable<(string, string)> Steps(ProcedureDefinition d, UnitCatalog units)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < d.Steps.Count; i++)
        {
            var step = d.Steps[i];
            var at = $"/steps/{I(i)}";
            if (!index.TryAdd(step.Key, i))
            {
                yield return (at + "/key", $"bước '{step.Key}': khóa bước bị trùng (đã có ở bước thứ {I(index[step.Key] + 1)})");
            }
        }

        var documentKeys = d.Documents.Select(x => x.Key).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < d.Steps.Count; i++)
        {
            var step = d.Steps[i];
            var at = $"/steps/{I(i)}";

            if (!units.TryGet(step.Unit, out _))
            {
                yield return (at + "/unit", $"bước '{step.Key}': đơn vị '{step.Unit}' không có trong danh mục {UnitCatalog.FileName}");
            }

            if (step.Kind == StepKind.Transfer)
            {
                if (step.Partner is null)
                {
                    yield return (at + "/kind", $"bước '{step.Key}': bước liên thông (kind: transfer) phải nêu 'partner'");
                }
                else if (!units.TryGet(step.Partner, out var partner))
                {
                    yield return (at + "/partner", $"bước '{step.Key}': cơ quan phối hợp '{step.Partner}' không có trong danh mục {UnitCatalog.FileName}");
                }
                else if (!partner.IsPartner)
                {
                    yield return (at + "/partner", $"bước '{step.Key}': '{step.Partner}' không phải cơ quan phối hợp (partner: true trong {UnitCatalog.FileName})");
                }
            }
            else if (step.Partner is not null)
            {
                yield return (at + "/partner", $"bước '{step.Key}': chỉ bước liên thông (kind: transfer) mới có 'partner'");
            }

            if (step.Kind == StepKind.Approval && step.Role != Role.Leader)
            {
                yield return (at + "/role", $"bước '{step.Key}': bước phê duyệt (kind: approval) phải do vai trò 'leader' thực hiện");
            }

            if (step.Terminal && step.Next is not null)
            {
                yield return (at + "/next", $"bước '{step.Key}': bước kết thúc (terminal: true) không được có 'next'");
            }
            else if (!step.Terminal && step.Next is null)
            {
                yield return (at + "/key", $"bước '{step.Key}': thiếu 'next' (hoặc ghi 'terminal: true' nếu là bước cuối)");
            }
            else if (step.Next is not null && !index.ContainsKey(step.Next))
            {
                yield return (at + "/next", $"bước '{step.Key}': bước tiếp theo (next) '{step.Next}' không tồn tại");
            }

            for (var s = 0; s < step.SendBackTo.Count; s++)
            {
                var target = step.SendBackTo[s];
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    yield return ($"{at}/sendBackTo/{I(s)}", $"bước '{step.Key}': bước trả lại (sendBackTo) '{target}' không tồn tại");
                }
                else if (targetIndex >= i)
                {
                    yield return ($"{at}/sendBackTo/{I(s)}", $"bước '{step.Key}': chỉ được trả lại (sendBackTo) bước đứng trước, '{target}' không đứng trước");
                }
            }

            for (var k = 0; k < step.Documents.Count; k++)
            {
                if (!documentKeys.Contains(step.Documents[k]))
                {
                    yield return ($"{at}/documents/{I(k)}", $"bước '{step.Key}': thành phần hồ sơ '{step.Documents[k]}' không có trong 'documents'");
                }
            }
        }

        if (!d.Steps.Any(s => s.Terminal))
        {
            yield return ("/steps", "không có bước kết thúc (cần một bước 'terminal: true')");
            yield break;
        }

        if (d.Steps[0].Kind != StepKind.Reception)
        {
            yield return ("/steps/0/kind", $"bước đầu tiên '{d.Steps[0].Key}' phải là bước tiếp nhận (kind: reception)");
        }

        foreach (var problem in MainPath(d, index))
        {
            yield return problem;
        }
    }

    private static IEnumerable<(string, string)> MainPath(ProcedureDefinition d, Dictionary<string, int> index)
    {
        var path = new List<int>();
        var visited = new HashSet<int>();
        var current = 0;
        while (true)
        {
            if (!visited.Add(current))
            {
                yield return ($"/steps/{I(path[^1])}/next", $"bước '{d.Steps[path[^1]].Key}': 'next' tạo vòng lặp về bước '{d.Steps[current].Key}' (dùng 'sendBackTo' để trả lại)");
                yield break;
            }

            path.Add(current);
            var step = d.Steps[current];
            if (step.Terminal)
            {
                break;
            }

            if (step.Next is null || !index.TryGetValue(step.Next, out current))
            {
                yield break; // already reported above
            }
        }

        for (var i = 0; i < d.Steps.Count; i++)
        {
            // A repeated key was reported already; its step cannot be reached by name anyway.
            if (!visited.Contains(i) && index[d.Steps[i].Key] == i)
            {
                yield return ($"/steps/{I(i)}/key", $"bước '{d.Steps[i].Key}': không thể đi tới từ bước đầu tiên '{d.Steps[0].Key}' (không bước nào có 'next' trỏ tới)");
            }
        }

        var last = d.Steps[path[^1]];
        if (last.Kind != StepKind.Return)
        {
            yield return ($"/steps/{I(path[^1])}/kind", $"bước kết thúc '{last.Key}' phải là bước trả kết quả (kind: return)");
        }

        var sum = path.Sum(p => d.Steps[p].Budget.WorkingHours);
        var limit = d.TimeLimit.WorkingHours;
        var fits = d.TimeLimit.BudgetsMustMatchExactly ? sum == limit : sum <= limit;
        if (!fits)
        {
            var relation = d.TimeLimit.BudgetsMustMatchExactly ? "phải bằng" : "không được vượt";
            yield return ("/timeLimit", $"tổng thời gian các bước là {Hours(sum)} giờ làm việc, {relation} thời hạn giải quyết {Hours(limit)} giờ ({Describe(d.TimeLimit)}, 1 ngày làm việc = 8 giờ)");
        }
    }

    private static string Describe(TimeLimit t) => t.Unit switch
    {
        TimeLimitUnit.WorkingDays => $"{I(t.Value ?? 0)} ngày làm việc",
        TimeLimitUnit.WorkingHours => $"{I(t.Value ?? 0)} giờ làm việc",
        TimeLimitUnit.CalendarDays => $"{I(t.Value ?? 0)} ngày",
        TimeLimitUnit.SameDay => "trong ngày",
    };

    private static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
