using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Payments.Migrations
{
    /// <inheritdoc />
    public partial class KeyedPaymentOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                schema: "payments",
                table: "payment_orders",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_customer_id_idempotency_key",
                schema: "payments",
                table: "payment_orders",
                columns: new[] { "customer_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payment_orders_customer_id_idempotency_key",
                schema: "payments",
                table: "payment_orders");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                schema: "payments",
                table: "payment_orders");
        }
    }
}
