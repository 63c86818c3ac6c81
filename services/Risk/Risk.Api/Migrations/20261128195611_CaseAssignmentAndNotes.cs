using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Risk.Migrations
{
    /// <inheritdoc />
    public partial class CaseAssignmentAndNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "assigned_at",
                schema: "risk",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                schema: "risk",
                table: "cases",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to_name",
                schema: "risk",
                table: "cases",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_notes",
                schema: "risk",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    text = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_notes_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "risk",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_assigned_to_status",
                schema: "risk",
                table: "cases",
                columns: new[] { "assigned_to", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_case_notes_case_id_created_at",
                schema: "risk",
                table: "case_notes",
                columns: new[] { "case_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_notes",
                schema: "risk");

            migrationBuilder.DropIndex(
                name: "ix_cases_assigned_to_status",
                schema: "risk",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "assigned_at",
                schema: "risk",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                schema: "risk",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "assigned_to_name",
                schema: "risk",
                table: "cases");
        }
    }
}
