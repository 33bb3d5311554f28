using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ReadPaths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_kpi_step_completions_agency_id_completed_at",
                table: "kpi_step_completions");

            migrationBuilder.DropIndex(
                name: "ix_kpi_dossier_facts_agency_id_received_at",
                table: "kpi_dossier_facts");

            migrationBuilder.CreateIndex(
                name: "ix_kpi_step_completions_agency_id_completed_at",
                table: "kpi_step_completions",
                columns: new[] { "agency_id", "completed_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "officer_id", "on_time" });

            migrationBuilder.CreateIndex(
                name: "ix_kpi_dossier_facts_agency_id_closed_at",
                table: "kpi_dossier_facts",
                columns: new[] { "agency_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_kpi_dossier_facts_agency_id_rated_at",
                table: "kpi_dossier_facts",
                columns: new[] { "agency_id", "rated_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "rating" });

            migrationBuilder.CreateIndex(
                name: "ix_kpi_dossier_facts_agency_id_received_at",
                table: "kpi_dossier_facts",
                columns: new[] { "agency_id", "received_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "channel", "fee", "paid_online", "transfers_electronic", "transfers_paper", "apology_letters", "digitised_documents", "reused_documents" });

            migrationBuilder.CreateIndex(
                name: "ix_kpi_dossier_facts_agency_id_result_ready_at",
                table: "kpi_dossier_facts",
                columns: new[] { "agency_id", "result_ready_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "received_at", "original_appointment_at", "appointment_at", "result_digitised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dossier_steps_assignee_id_due_at",
                table: "dossier_steps",
                columns: new[] { "assignee_id", "due_at" },
                filter: "completed_at IS NULL");

            // Dossiers in progress at an instant (KpiCounts.OpenInterval, same expression verbatim): the interval from
            // acceptance (excluded) to the first of result and closing (included) contains the instant. The columns
            // the count reads are included (the expression's own too: the planner needs them for an index-only scan).
            migrationBuilder.Sql("""
                CREATE INDEX ix_kpi_dossier_facts_open_interval ON kpi_dossier_facts USING gist
                    ((tstzrange(received_at, greatest(received_at, coalesce(least(result_ready_at, closed_at), 'infinity'::timestamptz)), '(]')))
                    INCLUDE (agency_id, received_at, result_ready_at, closed_at, status, original_appointment_at, appointment_at)
                    WHERE received_at IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_kpi_dossier_facts_open_interval");

            migrationBuilder.DropIndex(
                name: "ix_kpi_step_completions_agency_id_completed_at",
                table: "kpi_step_completions");

            migrationBuilder.DropIndex(
                name: "ix_kpi_dossier_facts_agency_id_closed_at",
                table: "kpi_dossier_facts");

            migrationBuilder.DropIndex(
                name: "ix_kpi_dossier_facts_agency_id_rated_at",
                table: "kpi_dossier_facts");

            migrationBuilder.DropIndex(
                name: "ix_kpi_dossier_facts_agency_id_received_at",
                table: "kpi_dossier_facts");

            migrationBuilder.DropIndex(
                name: "ix_kpi_dossier_facts_agency_id_result_ready_at",
                table: "kpi_dossier_facts");

            migrationBuilder.DropIndex(
                name: "ix_dossier_steps_assignee_id_due_at",
                table: "dossier_steps");

            migrationBuilder.CreateIndex(
                name: "ix_kpi_step_completions_agency_id_completed_at",
                table: "kpi_step_completions",
                columns: new[] { "agency_id", "completed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_kpi_dossier_facts_agency_id_received_at",
                table: "kpi_dossier_facts",
                columns: new[] { "agency_id", "received_at" });
        }
    }
}
