using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Payments.Migrations
{
    /// <inheritdoc />
    public partial class PartnerCredits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "partner_client_id",
                schema: "payments",
                table: "payment_orders",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "partner_reference",
                schema: "payments",
                table: "payment_orders",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_partner_client_id_partner_reference",
                schema: "payments",
                table: "payment_orders",
                columns: new[] { "partner_client_id", "partner_reference" },
                unique: true,
                filter: "partner_client_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payment_orders_partner_client_id_partner_reference",
                schema: "payments",
                table: "payment_orders");

            migrationBuilder.DropColumn(
                name: "partner_client_id",
                schema: "payments",
                table: "payment_orders");

            migrationBuilder.DropColumn(
                name: "partner_reference",
                schema: "payments",
                table: "payment_orders");
        }
    }
}
