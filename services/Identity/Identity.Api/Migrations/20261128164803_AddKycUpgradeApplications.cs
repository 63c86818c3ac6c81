using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Identity.Migrations
{
    /// <inheritdoc />
    public partial class AddKycUpgradeApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kyc_upgrade_applications",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    occupation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    employer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    source_of_funds = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    annual_income = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    address = table.Column<string>(type: "text", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decision_message_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kyc_upgrade_applications", x => x.id);
                    table.CheckConstraint("ck_kyc_upgrade_applications_status", "status IN ('pending', 'approved', 'rejected')");
                    table.ForeignKey(
                        name: "fk_kyc_upgrade_applications_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "identity",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kyc_upgrade_applications_user_id_submitted_at",
                schema: "identity",
                table: "kyc_upgrade_applications",
                columns: new[] { "user_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ux_kyc_upgrade_applications_pending",
                schema: "identity",
                table: "kyc_upgrade_applications",
                column: "user_id",
                unique: true,
                filter: "status = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kyc_upgrade_applications",
                schema: "identity");
        }
    }
}
