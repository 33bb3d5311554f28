using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;
using static OneStop.Workflows.Tests.Calendar.TestDates;
using static OneStop.Workflows.Tests.Engine.EngineFixtures;

namespace OneStop.Workflows.Tests.Engine;

/// <summary>
/// The kind of a refusal decides the HTTP answer: who the actor is → Forbidden (403), where the dossier is →
/// NotApplicable (409), what the request carries → Invalid (400).
/// </summary>
public sealed class RefusalKindTests
{
    private static Refused Refuse(ProcedureDefinition definition, DossierState state, Actor actor, ActionRequest request, string now) =>
        WorkflowEngine.Decide(definition, state, actor, request, T(now), Office) as Refused
        ?? throw new AssertionException($"{request.Action} by {actor.OfficerId} was accepted.");

    private static readonly DossierState AtSigning = AtAppraisal with { CurrentStep = "duyet-phong", StepAssignee = null, StepDue = T("2026-12-02T10:00") };

    [Test]
    public void Wrong_role_is_forbidden()
    {
        // A specialist approving at the leader's step.
        var refused = Refuse(SocialAllowance, AtSigning, CultureSpecialist, new(WorkflowAction.Approve), "2026-12-01T09:00");

        Assert.That(refused.Kind, Is.EqualTo(RefusalKind.Forbidden));
        Assert.That(refused.Reason, Does.Contain("lãnh đạo"));
    }

    [Test]
    public void Wrong_unit_is_forbidden()
    {
        var otherUnit = new Actor("os-9", new HashSet<Role> { Role.Specialist }, "office");

        var refused = Refuse(SocialAllowance, AtAppraisal with { StepAssignee = "os-9" }, otherUnit, new(WorkflowAction.CompleteStep), "2026-11-24T09:00");

        Assert.That(refused.Kind, Is.EqualTo(RefusalKind.Forbidden));
        Assert.That(refused.Reason, Does.Contain("culture-society"));
    }

    [Test]
    public void Not_holding_the_step_is_forbidden()
    {
        var colleague = CultureSpecialist with { OfficerId = "cs-2" };

        var refused = Refuse(SocialAllowance, AtAppraisal, colleague, new(WorkflowAction.CompleteStep), "2026-11-24T09:00");

        Assert.That(refused.Kind, Is.EqualTo(RefusalKind.Forbidden));
        Assert.That(refused.Reason, Is.EqualTo("Bước “Xem xét, xác thực và chuẩn hóa thông tin với CSDL quốc gia về dân cư, dự thảo quyết định” đang được giao cho cán bộ khác xử lý."));
    }

    [Test]
    public void Assigning_is_forbidden_to_a_leader_of_another_unit()
    {
        var refused = Refuse(SocialAllowance, AtAppraisal, new Actor("ld-1", new HashSet<Role> { Role.Leader }, "leadership"),
            new(WorkflowAction.Assign) { Assignee = "cs-2" }, "2026-11-24T09:00");

        Assert.That(refused.Kind, Is.EqualTo(RefusalKind.Forbidden));
    }

    [Test]
    public void Action_that_does_not_fit_the_step_is_not_applicable()
    {
        var approveAtProcessing = Refuse(SocialAllowance, AtAppraisal, CultureLeader, new(WorkflowAction.Approve), "2026-11-24T09:00");
        var receiveWithoutPause = Refuse(SocialAllowance, AtAppraisal, Desk, new(WorkflowAction.ReceiveSupplement), "2026-11-24T09:00");
        var transferAtProcessing = Refuse(SocialAllowance, AtAppraisal, CultureSpecialist, new(WorkflowAction.TransferToPartner), "2026-11-24T09:00");

        Assert.Multiple(() =>
        {
            Assert.That(approveAtProcessing.Kind, Is.EqualTo(RefusalKind.NotApplicable));
            Assert.That(approveAtProcessing.Reason, Does.Contain("không phải bước phê duyệt"));
            Assert.That(receiveWithoutPause.Kind, Is.EqualTo(RefusalKind.NotApplicable));
            Assert.That(receiveWithoutPause.Reason, Is.EqualTo("Hồ sơ không ở trạng thái chờ bổ sung."));
            Assert.That(transferAtProcessing.Kind, Is.EqualTo(RefusalKind.NotApplicable));
        });
    }

    [Test]
    public void State_guards_are_not_applicable_even_for_the_right_officer()
    {
        var paused = AtAppraisal with
        {
            Status = DossierStatus.SupplementRequested,
            Pauses = [new PauseInterval(T("2026-11-24T09:00"), null, "Thiếu giấy xác nhận khuyết tật")],
        };
        var granted = AtAppraisal with { ExtensionGranted = true };
        var extension = new ActionRequest(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-14T08:00"), Reason = "Chờ xác minh" };

        var completeWhilePaused = Refuse(SocialAllowance, paused, CultureSpecialist, new(WorkflowAction.CompleteStep), "2026-11-25T09:00");
        var secondExtension = Refuse(SocialAllowance, granted, CultureSpecialist, extension, "2026-11-25T09:00");
        var approveWithoutDraft = Refuse(SocialAllowance, AtAppraisal, CultureLeader, new(WorkflowAction.ApproveExtension), "2026-11-25T09:00");

        Assert.Multiple(() =>
        {
            Assert.That(completeWhilePaused.Kind, Is.EqualTo(RefusalKind.NotApplicable));
            Assert.That(completeWhilePaused.Reason, Does.StartWith("Hồ sơ đang tạm dừng chờ công dân bổ sung"));
            Assert.That(secondExtension.Kind, Is.EqualTo(RefusalKind.NotApplicable));
            Assert.That(approveWithoutDraft.Kind, Is.EqualTo(RefusalKind.NotApplicable));
            Assert.That(approveWithoutDraft.Reason, Is.EqualTo("Không có thư xin lỗi nào đang chờ duyệt."));
        });
    }

    [TestCase(WorkflowAction.CompleteStep)]
    [TestCase(WorkflowAction.Refuse)]
    [TestCase(WorkflowAction.Withdraw)]
    [TestCase(WorkflowAction.RequestExtension)]
    public void Closed_dossiers_refuse_everything_as_not_applicable(WorkflowAction action)
    {
        foreach (var status in new[] { DossierStatus.Returned, DossierStatus.Stopped, DossierStatus.Withdrawn })
        {
            var refused = Refuse(SocialAllowance, AtAppraisal with { Status = status }, CultureLeader,
                new(action) { Reason = "Lý do", NewAppointment = T("2026-12-14T08:00") }, "2026-11-25T09:00");
            Assert.That(refused.Kind, Is.EqualTo(RefusalKind.NotApplicable), $"{action} when {status}");
        }
    }

    [Test]
    public void Bad_parameters_are_invalid()
    {
        var now = "2026-11-24T09:00";
        var cases = new (ActionRequest Request, Actor Actor, string Message)[]
        {
            (new(WorkflowAction.SendBack) { TargetStep = "tiep-nhan" }, CultureSpecialist, "Phải nêu lý do trả lại hồ sơ."),
            (new(WorkflowAction.SendBack) { TargetStep = "duyet-phong", Reason = "x" }, CultureSpecialist, "chỉ được trả lại bước: tiep-nhan"),
            (new(WorkflowAction.RequestSupplement) { Reason = " " }, CultureSpecialist, "Mẫu 02"),
            (new(WorkflowAction.RequestSupplement) { Reason = "Thiếu tờ khai", SupplyBy = T("2026-11-24T08:00") }, CultureSpecialist, "Hạn bổ sung hồ sơ phải sau thời điểm hiện tại."),
            (new(WorkflowAction.Refuse), CultureSpecialist, "Phải nêu rõ lý do từ chối giải quyết hồ sơ."),
            (new(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-07T08:00"), Reason = "x" }, CultureSpecialist, "Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại."),
            (new(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-14T08:00") }, CultureSpecialist, "Mẫu 04"),
            (new(WorkflowAction.Assign), CultureLeader, "Vui lòng chọn cán bộ được phân công."),
            (new(WorkflowAction.Assign) { Assignee = "cs-1" }, CultureLeader, "Cán bộ này đang xử lý bước này."),
        };
        Assert.Multiple(() =>
        {
            foreach (var (request, actor, message) in cases)
            {
                var refused = Refuse(SocialAllowance, AtAppraisal, actor, request, now);
                Assert.That(refused.Kind, Is.EqualTo(RefusalKind.Invalid), $"{request.Action}: {refused.Reason}");
                Assert.That(refused.Reason, Does.Contain(message));
            }
        });
    }

    [Test]
    public void Rejecting_a_draft_without_a_reason_is_invalid()
    {
        var drafted = AtAppraisal with { PendingExtension = new ExtensionDraft(T("2026-12-14T08:00"), "Chờ xác minh", "cs-1", T("2026-11-30T09:00")) };

        var refused = Refuse(SocialAllowance, drafted, CultureLeader, new(WorkflowAction.RejectExtension), "2026-11-30T10:00");

        Assert.That(refused.Kind, Is.EqualTo(RefusalKind.Invalid));
    }

    [Test]
    public void A_draft_overtaken_by_a_supplement_cannot_move_the_appointment_earlier()
    {
        // Draft Mon 30/11 09:00: appointment Mon 07/12 08:00 → proposed Tue 08/12 08:00.
        // Supplement requested Mon 30/11 10:00, received Wed 02/12 10:00: 2 working days = 960 min paused,
        // so the appointment moves to Wed 09/12 08:00 — later than the letter's proposal.
        var draft = Accept(WorkflowEngine.Decide(SocialAllowance, AtAppraisal, CultureSpecialist,
            new(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-08T08:00"), Reason = "Chờ xác minh" }, T("2026-11-30T09:00"), Office)).State;
        var paused = Accept(WorkflowEngine.Decide(SocialAllowance, draft, CultureSpecialist,
            new(WorkflowAction.RequestSupplement) { Reason = "Thiếu giấy xác nhận khuyết tật" }, T("2026-11-30T10:00"), Office)).State;
        var resumed = Accept(WorkflowEngine.Decide(SocialAllowance, paused, Desk, new(WorkflowAction.ReceiveSupplement), T("2026-12-02T10:00"), Office)).State;
        Assert.That(resumed.Appointment, Is.EqualTo(T("2026-12-09T08:00")));

        var decision = WorkflowEngine.Decide(SocialAllowance, resumed, CultureLeader, new(WorkflowAction.ApproveExtension), T("2026-12-02T11:00"), Office);

        Assert.That(decision, Is.TypeOf<Refused>(), "approving would move the appointment from 09/12 back to 08/12");
        Assert.That(((Refused)decision).Kind, Is.EqualTo(RefusalKind.NotApplicable));
        Assert.That(WorkflowEngine.AllowedActions(SocialAllowance, resumed, CultureLeader, T("2026-12-02T11:00"), Office),
            Does.Not.Contain(WorkflowAction.ApproveExtension).And.Contain(WorkflowAction.RejectExtension));
    }

    [Test]
    public void Refusing_and_receiving_a_supplement_are_for_the_holder_the_desk_or_a_leader()
    {
        var colleague = CultureSpecialist with { OfficerId = "cs-2" };
        var officeSpecialist = OfficeSpecialist;
        var refuse = new ActionRequest(WorkflowAction.Refuse) { Reason = "Không thuộc đối tượng" };
        var paused = AtAppraisal with
        {
            Status = DossierStatus.SupplementRequested,
            Pauses = [new PauseInterval(T("2026-11-24T09:00"), null, "Thiếu tờ khai")],
        };
        const string now = "2026-11-25T09:00";

        Assert.Multiple(() =>
        {
            foreach (var outsider in new[] { colleague, officeSpecialist })
            {
                Assert.That(Refuse(SocialAllowance, AtAppraisal, outsider, refuse, now).Kind, Is.EqualTo(RefusalKind.Forbidden), outsider.OfficerId);
                Assert.That(Refuse(SocialAllowance, paused, outsider, refuse, now).Kind, Is.EqualTo(RefusalKind.Forbidden), outsider.OfficerId);
                Assert.That(Refuse(SocialAllowance, paused, outsider, new(WorkflowAction.ReceiveSupplement), now).Kind, Is.EqualTo(RefusalKind.Forbidden), outsider.OfficerId);
            }
            Assert.That(WorkflowEngine.Decide(SocialAllowance, AtAppraisal, CultureSpecialist, refuse, T(now), Office), Is.TypeOf<Accepted>());
            Assert.That(WorkflowEngine.Decide(SocialAllowance, AtAppraisal, CultureLeader, refuse, T(now), Office), Is.TypeOf<Accepted>());
            Assert.That(WorkflowEngine.Decide(SocialAllowance, paused, Desk, new(WorkflowAction.ReceiveSupplement), T(now), Office), Is.TypeOf<Accepted>());
            Assert.That(WorkflowEngine.Decide(SocialAllowance, paused, CultureSpecialist, new(WorkflowAction.ReceiveSupplement), T(now), Office), Is.TypeOf<Accepted>());
        });
    }
}
