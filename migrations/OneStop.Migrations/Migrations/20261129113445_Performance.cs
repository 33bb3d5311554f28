using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Performance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dossier_steps_due_at",
                table: "dossier_steps",
                column: "due_at",
                filter: "completed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_dossier_steps_due_at",
                table: "dossier_steps");
        }
    }
}
