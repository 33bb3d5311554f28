using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ResultDigitised : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "result_digitised_at",
                table: "kpi_dossier_facts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "result_digitised_at",
                table: "dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "result_file_id",
                table: "dossiers",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_result_file_id",
                table: "dossiers",
                column: "result_file_id");

            migrationBuilder.AddForeignKey(
                name: "fk_dossiers_stored_files_result_file_id",
                table: "dossiers",
                column: "result_file_id",
                principalTable: "stored_files",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_dossiers_stored_files_result_file_id",
                table: "dossiers");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_result_file_id",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "result_digitised_at",
                table: "kpi_dossier_facts");

            migrationBuilder.DropColumn(
                name: "result_digitised_at",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "result_file_id",
                table: "dossiers");
        }
    }
}
