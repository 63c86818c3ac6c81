using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Payments.Migrations
{
    /// <inheritdoc />
    public partial class PartnerListCancellationAndLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cancellation_reason",
                schema: "payments",
                table: "payment_orders",
                type: "character varying(4)",
                maxLength: 4,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_partner_client_id_created_at",
                schema: "payments",
                table: "payment_orders",
                columns: new[] { "partner_client_id", "created_at" },
                filter: "partner_client_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_partner_client_id_id",
                schema: "payments",
                table: "payment_orders",
                columns: new[] { "partner_client_id", "id" },
                filter: "partner_client_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payment_orders_partner_client_id_created_at",
                schema: "payments",
                table: "payment_orders");

            migrationBuilder.DropIndex(
                name: "ix_payment_orders_partner_client_id_id",
                schema: "payments",
                table: "payment_orders");

            migrationBuilder.DropColumn(
                name: "cancellation_reason",
                schema: "payments",
                table: "payment_orders");
        }
    }
}
