using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Identity.Migrations
{
    /// <inheritdoc />
    public partial class AddKnownDevices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "known_devices",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    device_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false),
                    user_agent_summary = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    masked_ip = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_known_devices", x => x.id);
                    table.ForeignKey(
                        name: "fk_known_devices_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "identity",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_known_devices_user_id_device_hash",
                schema: "identity",
                table: "known_devices",
                columns: new[] { "user_id", "device_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "known_devices",
                schema: "identity");
        }
    }
}
