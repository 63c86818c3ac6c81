using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Payments.Migrations
{
    /// <inheritdoc />
    public partial class TopUpRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "refund_id",
                schema: "payments",
                table: "payment_orders",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "refund_id",
                schema: "payments",
                table: "payment_orders");
        }
    }
}
