using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;
using static OneStop.Workflows.Tests.Calendar.TestDates;
using static OneStop.Workflows.Tests.Engine.EngineFixtures;

namespace OneStop.Workflows.Tests.Engine;

// Office hours 07:00–11:30 and 13:30–17:00 (480 working minutes a day); November/December 2026 has no holidays.
public sealed class WorkflowEngineTests
{
    private static Decision Decide(ProcedureDefinition definition, DossierState state, Actor actor, ActionRequest request, string now) =>
        WorkflowEngine.Decide(definition, state, actor, request, T(now), Office);

    private static readonly ActionRequest Complete = new(WorkflowAction.CompleteStep);

    private static DossierState ReceivedSocialAllowance() =>
        DossierState.Received(SocialAllowance, Office, T("2026-11-23T08:00"));

    [Test]
    public void Only_the_steps_role_and_unit_may_complete_it()
    {
        var state = ReceivedSocialAllowance();

        var wrongRole = Decide(SocialAllowance, state, CultureSpecialist, Complete, "2026-11-23T09:00");
        var wrongUnit = Decide(SocialAllowance, state, Desk with { UnitFunction = "culture-society" }, Complete, "2026-11-23T09:00");
        var noUnitKnown = Decide(SocialAllowance, state, Desk with { UnitFunction = null }, Complete, "2026-11-23T09:00");

        Assert.That(Refusal(wrongRole), Does.Contain("vai trò tiếp nhận và trả kết quả"));
        Assert.That(Refusal(wrongUnit), Does.Contain("thuộc đơn vị “one-stop”"));
        Assert.That(Accept(noUnitKnown).State.CurrentStep, Is.EqualTo("tham-dinh"));
    }

    [Test]
    public void Completing_moves_to_next_and_computes_its_due_with_StepDue()
    {
        // Received Mon 23/11 08:00 → appointment +10 working days = Mon 07/12 08:00; tiep-nhan (4 h) due 08:00+4 h = 14:00.
        var state = ReceivedSocialAllowance();
        Assert.That(state.Appointment, Is.EqualTo(T("2026-12-07T08:00")));
        Assert.That(state.StepDue, Is.EqualTo(T("2026-11-23T14:00")));

        var accepted = Accept(Decide(SocialAllowance, state, Desk, Complete, "2026-11-23T10:00"));

        // tham-dinh: 6 working days from Mon 10:00 = Tue 01/12 10:00.
        Assert.That(accepted.State.CurrentStep, Is.EqualTo("tham-dinh"));
        Assert.That(accepted.State.StepStarted, Is.EqualTo(T("2026-11-23T10:00")));
        Assert.That(accepted.State.StepDue, Is.EqualTo(T("2026-12-01T10:00")));
        Assert.That(accepted.State.Status, Is.EqualTo(DossierStatus.Accepted), "status 2 until the processing unit acts");
        Assert.That(accepted.Events, Is.EqualTo(new WorkflowEvent[]
        {
            new StepCompleted(T("2026-11-23T10:00"), "tiep-nhan", true, 120),
            new StepStarted(T("2026-11-23T10:00"), "tham-dinh", T("2026-12-01T10:00")),
        }));
    }

    [Test]
    public void Completing_the_terminal_return_step_makes_the_result_ready()
    {
        var atReturn = AtAppraisal with { Status = DossierStatus.Finished, CurrentStep = "tra-ket-qua", StepDue = T("2026-12-04T11:00") };

        var accepted = Accept(Decide(SocialAllowance, atReturn, Desk, Complete, "2026-12-04T09:00"));

        Assert.That(accepted.State.Status, Is.EqualTo(DossierStatus.Returned));
        Assert.That(WorkflowEngine.MachineState(accepted.State), Is.EqualTo(WorkflowEngine.ResultReadyState));
        Assert.That(accepted.Events[^1], Is.EqualTo(new ResultReturned(T("2026-12-04T09:00"))));
    }

    [Test]
    public void Send_back_goes_only_to_listed_steps_and_needs_a_reason()
    {
        var notListed = new ActionRequest(WorkflowAction.SendBack) { TargetStep = "duyet-phong", Reason = "Thiếu xác minh" };
        var noReason = new ActionRequest(WorkflowAction.SendBack) { TargetStep = "tiep-nhan" };
        var valid = noReason with { Reason = "Tờ khai chưa ký" };

        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, notListed, "2026-11-24T09:00")),
            Does.Contain("chỉ được trả lại bước: tiep-nhan"));
        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, noReason, "2026-11-24T09:00")),
            Is.EqualTo("Phải nêu lý do trả lại hồ sơ."));
        var accepted = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, valid, "2026-11-24T09:00"));
        Assert.That(accepted.State.CurrentStep, Is.EqualTo("tiep-nhan"));
        Assert.That(accepted.Events[0], Is.EqualTo(new StepSentBack(T("2026-11-24T09:00"), "tham-dinh", "tiep-nhan", "Tờ khai chưa ký")));
    }

    [Test]
    public void Supplement_request_pauses_the_clock_and_receipt_moves_deadlines_by_the_paused_working_minutes()
    {
        var request = new ActionRequest(WorkflowAction.RequestSupplement) { Reason = "Bổ sung giấy xác nhận khuyết tật" };
        var paused = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-11-25T09:00")).State;

        Assert.That(paused.Status, Is.EqualTo(DossierStatus.SupplementRequested));
        Assert.That(paused.Pauses, Is.EqualTo(new[] { new PauseInterval(T("2026-11-25T09:00"), null, "Bổ sung giấy xác nhận khuyết tật") { SupplyBy = T("2026-12-09T09:00") } }));
        Assert.That(WorkflowEngine.MachineState(paused), Is.EqualTo(WorkflowEngine.PausedState));

        var resumed = Accept(Decide(SocialAllowance, paused, Desk, new ActionRequest(WorkflowAction.ReceiveSupplement), "2026-11-27T14:00"));

        // Paused Wed 09:00 → Fri 14:00: 360 (Wed) + 480 (Thu) + 300 (Fri 07:00–14:00) = 1140 working minutes.
        // Appointment Mon 07/12 08:00 + 1140: 420 on Mon, 480 on Tue, 240 on Wed from 07:00 → Wed 09/12 11:00.
        // Step due Tue 01/12 10:00 + 1140: 300 on Tue, 480 on Wed, 360 on Thu (270 + 90 after 13:30) → Thu 03/12 15:00.
        Assert.That(resumed.Events, Is.EqualTo(new WorkflowEvent[] { new SupplementReceived(T("2026-11-27T14:00"), 1140, T("2026-12-09T11:00")) }));
        Assert.That(resumed.State.Appointment, Is.EqualTo(T("2026-12-09T11:00")));
        Assert.That(resumed.State.StepDue, Is.EqualTo(T("2026-12-03T15:00")));
        Assert.That(resumed.State.CurrentStep, Is.EqualTo("tham-dinh"));
        Assert.That(resumed.State.Status, Is.EqualTo(DossierStatus.InProgress));
        Assert.That(resumed.State.Pauses.Single().End, Is.EqualTo(T("2026-11-27T14:00")));
    }

    [Test]
    public void Supplement_with_restart_clock_recomputes_the_appointment_and_returns_to_the_first_processing_step()
    {
        var restart = SocialAllowance with { SupplementClock = SupplementClock.Restart };
        var paused = AtAppraisal with
        {
            Status = DossierStatus.SupplementRequested,
            CurrentStep = "duyet-phong",
            Pauses = [new PauseInterval(T("2026-11-25T09:00"), null, "Bổ sung tờ khai")],
        };

        var resumed = Accept(Decide(restart, paused, Desk, new ActionRequest(WorkflowAction.ReceiveSupplement), "2026-11-27T14:00"));

        // Fri 27/11 14:00 + 10 working days = Fri 11/12 14:00; tham-dinh 6 days = Mon 07/12 14:00.
        Assert.That(resumed.State.Appointment, Is.EqualTo(T("2026-12-11T14:00")));
        Assert.That(resumed.State.CurrentStep, Is.EqualTo("tham-dinh"));
        Assert.That(resumed.State.StepDue, Is.EqualTo(T("2026-12-07T14:00")));
    }

    [Test]
    public void Pause_intervals_never_overlap_so_a_second_supplement_request_while_paused_is_refused()
    {
        var request = new ActionRequest(WorkflowAction.RequestSupplement) { Reason = "Bổ sung tờ khai" };
        var paused = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-11-25T09:00")).State;

        var again = Decide(SocialAllowance, paused, CultureSpecialist, request, "2026-11-25T10:00");

        Assert.That(Refusal(again), Does.Contain("đang tạm dừng chờ bổ sung"));
    }

    [Test]
    public void Deadlines_never_move_earlier_when_no_working_time_was_paused()
    {
        // Requested Sat 28/11, received Sun 29/11: no working minute passed, nothing moves (not even to the next opening).
        var paused = AtAppraisal with { Status = DossierStatus.SupplementRequested, Pauses = [new PauseInterval(T("2026-11-28T09:00"), null, "Bổ sung")] };

        var resumed = Accept(Decide(SocialAllowance, paused, Desk, new ActionRequest(WorkflowAction.ReceiveSupplement), "2026-11-29T10:00"));

        Assert.That(resumed.State.Appointment, Is.EqualTo(AtAppraisal.Appointment));
        Assert.That(resumed.State.StepDue, Is.EqualTo(AtAppraisal.StepDue));
    }

    [Test]
    public void Deadlines_never_move_earlier_when_a_restart_would_give_an_earlier_appointment()
    {
        var restart = SocialAllowance with { SupplementClock = SupplementClock.Restart };
        var extended = T("2026-12-31T17:00");
        var paused = AtAppraisal with
        {
            Status = DossierStatus.SupplementRequested,
            Appointment = extended,
            Pauses = [new PauseInterval(T("2026-11-25T09:00"), null, "Bổ sung")],
        };

        var resumed = Accept(Decide(restart, paused, Desk, new ActionRequest(WorkflowAction.ReceiveSupplement), "2026-11-27T14:00"));

        Assert.That(resumed.State.Appointment, Is.EqualTo(extended));
    }

    [Test]
    public void Approval_steps_need_a_leader()
    {
        var atApproval = AtAppraisal with { CurrentStep = "duyet-phong", StepDue = T("2026-12-02T10:00"), StepAssignee = "cl-1" };
        var approve = new ActionRequest(WorkflowAction.Approve);

        Assert.That(Refusal(Decide(SocialAllowance, atApproval, CultureSpecialist, approve, "2026-12-01T09:00")),
            Does.Contain("chỉ do lãnh đạo"));
        var accepted = Accept(Decide(SocialAllowance, atApproval, CultureLeader, approve, "2026-12-01T09:00"));
        Assert.That(accepted.Events[0], Is.EqualTo(new Approved(T("2026-12-01T09:00"), "duyet-phong", "cl-1")));
        Assert.That(accepted.State.CurrentStep, Is.EqualTo("quyet-dinh"));
    }

    [Test]
    public void Approval_steps_are_not_completed_with_the_plain_complete_action()
    {
        var atApproval = AtAppraisal with { CurrentStep = "duyet-phong" };

        Assert.That(Refusal(Decide(SocialAllowance, atApproval, CultureLeader, Complete, "2026-12-01T09:00")),
            Does.Contain("phê duyệt"));
    }

    [Test]
    public void Return_for_rework_is_a_leaders_send_back_from_an_approval_step()
    {
        var atApproval = AtAppraisal with { CurrentStep = "duyet-phong", StepAssignee = "cl-1" };
        var rework = new ActionRequest(WorkflowAction.ReturnForRework) { TargetStep = "tham-dinh", Reason = "Dự thảo sai mức trợ cấp" };

        Assert.That(Refusal(Decide(SocialAllowance, atApproval, CultureSpecialist, rework, "2026-12-01T09:00")), Does.Contain("lãnh đạo"));
        var accepted = Accept(Decide(SocialAllowance, atApproval, CultureLeader, rework, "2026-12-01T09:00"));

        // tham-dinh restarts with its 6-day budget but never past the appointment Mon 07/12 08:00.
        Assert.That(accepted.State.CurrentStep, Is.EqualTo("tham-dinh"));
        Assert.That(accepted.State.StepDue, Is.EqualTo(T("2026-12-07T08:00")));
    }

    [Test]
    public void Extension_is_granted_at_most_once()
    {
        var already = AtAppraisal with { ExtensionGranted = true };
        var request = new ActionRequest(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-14T08:00"), Reason = "Chờ xác minh" };

        Assert.That(Refusal(Decide(SocialAllowance, already, CultureSpecialist, request, "2026-11-30T09:00")),
            Does.Contain("không quá một lần"));
    }

    [Test]
    public void Extension_only_until_one_working_day_before_the_appointment()
    {
        // Appointment Mon 07/12 08:00. From Fri 04/12 08:00: 420 (Fri) + 60 (Mon 07:00–08:00) = 480 minutes — still allowed.
        var request = new ActionRequest(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-14T08:00"), Reason = "Chờ xác minh" };

        Assert.That(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-12-04T08:00"), Is.TypeOf<Accepted>());
        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-12-04T08:01")),
            Does.Contain("chậm nhất một ngày làm việc trước ngày hẹn trả"));
    }

    [Test]
    public void Extension_must_be_later_than_the_current_appointment()
    {
        var earlier = new ActionRequest(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-07T08:00"), Reason = "Chờ xác minh" };

        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, earlier, "2026-11-30T09:00")),
            Is.EqualTo("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại."));
    }

    [Test]
    public void Extension_is_drafted_by_the_officer_and_granted_only_when_a_leader_approves_it()
    {
        var request = new ActionRequest(WorkflowAction.RequestExtension) { NewAppointment = T("2026-12-14T08:00"), Reason = "Chờ xác minh" };

        var drafted = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-11-30T09:00"));

        Assert.That(drafted.Events, Is.EqualTo(new WorkflowEvent[] { new ExtensionDrafted(T("2026-11-30T09:00"), T("2026-12-14T08:00"), "Chờ xác minh", "cs-1") }));
        Assert.That(drafted.State.Appointment, Is.EqualTo(T("2026-12-07T08:00")), "a draft changes nothing yet");
        Assert.That(Refusal(Decide(SocialAllowance, drafted.State, CultureSpecialist, new(WorkflowAction.ApproveExtension), "2026-11-30T10:00")),
            Does.Contain("lãnh đạo"));
        Assert.That(Refusal(Decide(SocialAllowance, drafted.State, CultureSpecialist, request, "2026-11-30T10:00")),
            Does.Contain("đang chờ lãnh đạo duyệt"));

        var approved = Accept(Decide(SocialAllowance, drafted.State, CultureLeader, new(WorkflowAction.ApproveExtension), "2026-11-30T10:00"));

        Assert.That(approved.Events, Is.EqualTo(new WorkflowEvent[]
        {
            new ExtensionGranted(T("2026-11-30T10:00"), T("2026-12-07T08:00"), T("2026-12-14T08:00"), "Chờ xác minh", "cl-1"),
        }));
        Assert.That(approved.State.PendingExtension, Is.Null);
    }

    [Test]
    public void Extension_keeps_the_original_appointment_so_the_dossier_still_counts_as_late()
    {
        var drafted = AtAppraisal with { PendingExtension = new ExtensionDraft(T("2026-12-14T08:00"), "Chờ xác minh", "cs-1", T("2026-11-30T09:00")) };

        var accepted = Accept(Decide(SocialAllowance, drafted, CultureLeader, new(WorkflowAction.ApproveExtension), "2026-11-30T10:00"));

        Assert.That(accepted.State.Appointment, Is.EqualTo(T("2026-12-14T08:00")));
        Assert.That(accepted.State.AppointmentBeforeExtension, Is.EqualTo(T("2026-12-07T08:00")));
        Assert.That(accepted.State.ExtensionGranted, Is.True);
    }

    [Test]
    public void A_rejected_extension_draft_needs_a_reason_and_leaves_the_appointment_alone()
    {
        var drafted = AtAppraisal with { PendingExtension = new ExtensionDraft(T("2026-12-14T08:00"), "Chờ xác minh", "cs-1", T("2026-11-30T09:00")) };

        Assert.That(Refusal(Decide(SocialAllowance, drafted, CultureLeader, new(WorkflowAction.RejectExtension), "2026-11-30T10:00")),
            Does.Contain("lý do"));
        var rejected = Accept(Decide(SocialAllowance, drafted, CultureLeader, new(WorkflowAction.RejectExtension) { Reason = "Đủ thời gian xử lý" }, "2026-11-30T10:00"));

        Assert.That(rejected.State.PendingExtension, Is.Null);
        Assert.That(rejected.State.Appointment, Is.EqualTo(T("2026-12-07T08:00")));
        Assert.That(rejected.State.ExtensionGranted, Is.False);
    }

    [Test]
    public void Only_the_officer_holding_a_step_may_act_on_it()
    {
        var held = AtAppraisal with { StepAssignee = "cs-2" };

        Assert.That(Refusal(Decide(SocialAllowance, held, CultureSpecialist, Complete, "2026-11-24T09:00")),
            Does.Contain("đang được giao cho cán bộ khác"));
        Assert.That(Decide(SocialAllowance, held, CultureSpecialist with { OfficerId = "cs-2" }, Complete, "2026-11-24T09:00"), Is.TypeOf<Accepted>());
    }

    [Test]
    public void A_step_assigned_by_the_leader_waits_for_the_assignment()
    {
        // tham-dinh says "assignment: leader".
        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal with { StepAssignee = null }, CultureSpecialist, Complete, "2026-11-24T09:00")),
            Does.Contain("chưa được lãnh đạo đơn vị phân công"));
    }

    [Test]
    public void Only_the_units_leader_assigns_and_every_assignment_is_an_event()
    {
        var assign = new ActionRequest(WorkflowAction.Assign) { Assignee = "cs-1" };

        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, assign, "2026-11-23T10:05")), Does.Contain("Chỉ lãnh đạo đơn vị"));
        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureLeader with { UnitFunction = "leadership" }, assign, "2026-11-23T10:05")),
            Does.Contain("Chỉ lãnh đạo đơn vị"));

        var assigned = Accept(Decide(SocialAllowance, AtAppraisal with { StepAssignee = null }, CultureLeader, assign, "2026-11-23T10:05"));
        var reassigned = Accept(Decide(SocialAllowance, assigned.State, CultureLeader, assign with { Assignee = "cs-2" }, "2026-11-24T08:00"));

        Assert.That(assigned.Events, Is.EqualTo(new WorkflowEvent[] { new StepAssigned(T("2026-11-23T10:05"), "tham-dinh", "cs-1", null, "cl-1") }));
        Assert.That(reassigned.Events, Is.EqualTo(new WorkflowEvent[] { new StepAssigned(T("2026-11-24T08:00"), "tham-dinh", "cs-2", "cs-1", "cl-1") }));
        Assert.That(reassigned.State.StepDue, Is.EqualTo(AtAppraisal.StepDue), "reassignment keeps the step's due");
    }

    [Test]
    public void Supplement_request_gives_the_citizen_a_deadline_to_supply()
    {
        var request = new ActionRequest(WorkflowAction.RequestSupplement) { Reason = "Thiếu giấy xác nhận khuyết tật" };

        var paused = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-11-24T09:00"));

        Assert.That(paused.State.Pauses.Single().SupplyBy, Is.EqualTo(Office.AddWorkingDays(T("2026-11-24T09:00"), WorkflowEngine.DefaultSupplyWorkingDays)));
        Assert.That(Refusal(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request with { SupplyBy = T("2026-11-24T08:00") }, "2026-11-24T09:00")),
            Is.EqualTo("Hạn bổ sung hồ sơ phải sau thời điểm hiện tại."));
    }

    [Test]
    public void Transfer_steps_emit_TransferredToPartner_with_the_mode_and_complete_when_the_partner_sends_back()
    {
        var atTransfer = new DossierState
        {
            Status = DossierStatus.InProgress,
            CurrentStep = "lien-thong-cong-an",
            StepStarted = T("2026-11-30T08:00"),
            StepDue = T("2026-12-01T08:00"),
            Appointment = T("2026-12-02T08:00"),
        };

        var sent = Accept(Decide(InterAgency, atTransfer, OfficeSpecialist, new ActionRequest(WorkflowAction.TransferToPartner), "2026-11-30T09:00"));
        Assert.That(sent.Events, Is.EqualTo(new WorkflowEvent[]
        {
            new TransferredToPartner(T("2026-11-30T09:00"), "lien-thong-cong-an", "police", TransferMode.Electronic),
        }));
        Assert.That(sent.State.AtPartner, Is.True);
        Assert.That(Decide(InterAgency, sent.State, OfficeSpecialist, Complete, "2026-11-30T10:00"), Is.TypeOf<Refused>());

        var back = Accept(Decide(InterAgency, sent.State, OfficeSpecialist,
            new ActionRequest(WorkflowAction.ReceiveFromPartner) { Mode = TransferMode.Paper }, "2026-11-30T15:00"));
        Assert.That(back.Events[0], Is.EqualTo(new ReceivedFromPartner(T("2026-11-30T15:00"), "lien-thong-cong-an", "police", TransferMode.Paper)));
        Assert.That(back.State.CurrentStep, Is.EqualTo("lien-thong-bhxh"));
        Assert.That(back.State.AtPartner, Is.False);
    }

    [Test]
    public void Withdraw_is_allowed_before_the_result_is_ready_only()
    {
        var withdraw = new ActionRequest(WorkflowAction.Withdraw) { Reason = "Công dân xin rút" };
        var done = AtAppraisal with { Status = DossierStatus.Returned, CurrentStep = "tra-ket-qua" };

        var accepted = Accept(Decide(SocialAllowance, AtAppraisal, Desk, withdraw, "2026-11-30T09:00"));

        Assert.That(accepted.State.Status, Is.EqualTo(DossierStatus.Withdrawn));
        Assert.That(Refusal(Decide(SocialAllowance, done, Desk, withdraw, "2026-12-08T09:00")), Is.EqualTo("Hồ sơ đã có kết quả nên không thể rút."));
    }

    [Test]
    public void Step_completed_on_time_means_at_or_before_the_step_due()
    {
        // Liên thông tiep-nhan budget 2 h: received Fri 27/11 09:00 → due 11:00.
        var received = DossierState.Received(InterAgency, Office, T("2026-11-27T09:00"));
        Assert.That(received.StepDue, Is.EqualTo(T("2026-11-27T11:00")));

        var exactly = Accept(Decide(InterAgency, received, Desk, Complete, "2026-11-27T11:00"));
        var late = Accept(Decide(InterAgency, received, Desk, Complete, "2026-11-27T13:31"));

        Assert.That(exactly.Events[0], Is.EqualTo(new StepCompleted(T("2026-11-27T11:00"), "tiep-nhan", true, 120)));
        // 09:00–11:30 = 150, lunch not counted, 13:30–13:31 = 1.
        Assert.That(late.Events[0], Is.EqualTo(new StepCompleted(T("2026-11-27T13:31"), "tiep-nhan", false, 151)));
    }

    [Test]
    public void Refusal_needs_a_reason_and_at_reception_means_not_accepted()
    {
        var received = ReceivedSocialAllowance();
        var refuse = new ActionRequest(WorkflowAction.Refuse);

        Assert.That(Refusal(Decide(SocialAllowance, received, Desk, refuse, "2026-11-23T09:00")), Does.Contain("lý do từ chối"));
        var atDesk = Accept(Decide(SocialAllowance, received, Desk, refuse with { Reason = "Không thuộc thẩm quyền" }, "2026-11-23T09:00"));
        var later = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, refuse with { Reason = "Không đủ điều kiện" }, "2026-11-24T09:00"));

        Assert.That(atDesk.State.Status, Is.EqualTo(DossierStatus.NotAccepted));
        Assert.That(later.State.Status, Is.EqualTo(DossierStatus.Stopped));
    }

    [Test]
    public void Allowed_actions_list_what_the_actor_may_do_now()
    {
        var now = T("2026-11-24T09:00");

        Assert.That(WorkflowEngine.AllowedActions(SocialAllowance, AtAppraisal, CultureSpecialist, now, Office), Is.EqualTo(new[]
        {
            WorkflowAction.CompleteStep, WorkflowAction.SendBack, WorkflowAction.RequestSupplement,
            WorkflowAction.Refuse, WorkflowAction.RequestExtension,
        }));
        Assert.That(WorkflowEngine.AllowedActions(SocialAllowance, AtAppraisal, Desk, now, Office), Is.EqualTo(new[] { WorkflowAction.Withdraw }));
    }

    [Test]
    public void Same_inputs_give_the_same_decision()
    {
        var request = new ActionRequest(WorkflowAction.RequestSupplement) { Reason = "Bổ sung tờ khai" };

        var first = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-11-25T09:00"));
        var second = Accept(Decide(SocialAllowance, AtAppraisal, CultureSpecialist, request, "2026-11-25T09:00"));

        Assert.That(second.Events, Is.EqualTo(first.Events));
        Assert.That(second.State.Pauses, Is.EqualTo(first.State.Pauses));
        Assert.That(second.State with { Pauses = first.State.Pauses }, Is.EqualTo(first.State));
    }
}
