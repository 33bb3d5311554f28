using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class SlipDossier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "dossier_id",
                table: "counter_slips",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_counter_slips_dossier_id",
                table: "counter_slips",
                column: "dossier_id");

            migrationBuilder.AddForeignKey(
                name: "fk_counter_slips_dossiers_dossier_id",
                table: "counter_slips",
                column: "dossier_id",
                principalTable: "dossiers",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_counter_slips_dossiers_dossier_id",
                table: "counter_slips");

            migrationBuilder.DropIndex(
                name: "ix_counter_slips_dossier_id",
                table: "counter_slips");

            migrationBuilder.DropColumn(
                name: "dossier_id",
                table: "counter_slips");
        }
    }
}
