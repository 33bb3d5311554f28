using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Processing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "at_partner",
                table: "dossiers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "current_step_key",
                table: "dossiers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "event_version",
                table: "dossiers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "original_appointment_at",
                table: "dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "back_from_partner_at",
                table: "dossier_steps",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "back_mode",
                table: "dossier_steps",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "completed_by_id",
                table: "dossier_steps",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "on_time",
                table: "dossier_steps",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "outcome",
                table: "dossier_steps",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sent_mode",
                table: "dossier_steps",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sent_to_partner_at",
                table: "dossier_steps",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "working_minutes",
                table: "dossier_steps",
                type: "bigint",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "reason",
                table: "audit_entries",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2000)",
                oldMaxLength: 2000,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "step_key",
                table: "audit_entries",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dossier_letters",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dossier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    original_appointment = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    proposed_appointment = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    drafted_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    drafted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dossier_letters", x => x.id);
                    table.ForeignKey(
                        name: "fk_dossier_letters_dossiers_dossier_id",
                        column: x => x.dossier_id,
                        principalTable: "dossiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dossier_pauses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dossier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    step_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    supply_by = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    requested_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    paused_minutes = table.Column<long>(type: "bigint", nullable: true),
                    slip_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dossier_pauses", x => x.id);
                    table.ForeignKey(
                        name: "fk_dossier_pauses_counter_slips_slip_id",
                        column: x => x.slip_id,
                        principalTable: "counter_slips",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_dossier_pauses_dossiers_dossier_id",
                        column: x => x.dossier_id,
                        principalTable: "dossiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idempotent_requests",
                columns: table => new
                {
                    agency_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    dossier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotent_requests", x => new { x.agency_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dossier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_agency_id_appointment_at",
                table: "dossiers",
                columns: new[] { "agency_id", "appointment_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dossier_steps_unit_id_completed_at_due_at",
                table: "dossier_steps",
                columns: new[] { "unit_id", "completed_at", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dossier_letters_dossier_id",
                table: "dossier_letters",
                column: "dossier_id");

            migrationBuilder.CreateIndex(
                name: "ix_dossier_letters_state_kind",
                table: "dossier_letters",
                columns: new[] { "state", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_dossier_pauses_dossier_id",
                table: "dossier_pauses",
                column: "dossier_id");

            migrationBuilder.CreateIndex(
                name: "ix_dossier_pauses_slip_id",
                table: "dossier_pauses",
                column: "slip_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_published_at",
                table: "outbox_messages",
                column: "published_at",
                filter: "published_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_published_at_next_attempt_at_id",
                table: "outbox_messages",
                columns: new[] { "published_at", "next_attempt_at", "id" },
                filter: "published_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dossier_letters");

            migrationBuilder.DropTable(
                name: "dossier_pauses");

            migrationBuilder.DropTable(
                name: "idempotent_requests");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_agency_id_appointment_at",
                table: "dossiers");

            migrationBuilder.DropIndex(
                name: "ix_dossier_steps_unit_id_completed_at_due_at",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "at_partner",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "current_step_key",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "event_version",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "original_appointment_at",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "back_from_partner_at",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "back_mode",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "completed_by_id",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "on_time",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "sent_mode",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "sent_to_partner_at",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "working_minutes",
                table: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "step_key",
                table: "audit_entries");

            migrationBuilder.AlterColumn<string>(
                name: "reason",
                table: "audit_entries",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(4000)",
                oldMaxLength: 4000,
                oldNullable: true);
        }
    }
}
