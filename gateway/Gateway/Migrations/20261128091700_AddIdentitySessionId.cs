using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Gateway.Migrations
{
    /// <inheritdoc />
    public partial class AddIdentitySessionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "identity_session_id",
                schema: "gateway",
                table: "sessions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_sessions_identity_session_id",
                schema: "gateway",
                table: "sessions",
                column: "identity_session_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sessions_identity_session_id",
                schema: "gateway",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "identity_session_id",
                schema: "gateway",
                table: "sessions");
        }
    }
}
