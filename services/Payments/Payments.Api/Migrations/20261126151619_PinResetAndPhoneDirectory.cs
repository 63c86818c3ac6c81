using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Payments.Migrations
{
    /// <inheritdoc />
    public partial class PinResetAndPhoneDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "masked_phone",
                schema: "payments",
                table: "customers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone_index",
                schema: "payments",
                table: "customers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "step_up_uses",
                schema: "payments",
                columns: table => new
                {
                    token_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_step_up_uses", x => x.token_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customers_phone_index",
                schema: "payments",
                table: "customers",
                column: "phone_index");

            migrationBuilder.CreateIndex(
                name: "ix_step_up_uses_customer_id",
                schema: "payments",
                table: "step_up_uses",
                column: "customer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "step_up_uses",
                schema: "payments");

            migrationBuilder.DropIndex(
                name: "ix_customers_phone_index",
                schema: "payments",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "masked_phone",
                schema: "payments",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "phone_index",
                schema: "payments",
                table: "customers");
        }
    }
}
