using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Payments.Migrations
{
    /// <inheritdoc />
    public partial class SuspenseItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "suspense_items",
                schema: "payments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    statement_date = table.Column<DateOnly>(type: "date", nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    object_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    channel_amount = table.Column<long>(type: "bigint", nullable: true),
                    booked_amount = table.Column<long>(type: "bigint", nullable: true),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    found_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_suspense_items", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_suspense_items_channel_object_id_reason",
                schema: "payments",
                table: "suspense_items",
                columns: new[] { "channel", "object_id", "reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_suspense_items_resolved_at",
                schema: "payments",
                table: "suspense_items",
                column: "resolved_at",
                filter: "resolved_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "suspense_items",
                schema: "payments");
        }
    }
}
