using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Ledger.Migrations
{
    /// <inheritdoc />
    public partial class PerAccountTimestampsAndAnnouncedHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transfers_timestamp",
                schema: "ledger",
                table: "transfers");

            migrationBuilder.DropIndex(
                name: "ix_pending_status_expires_at",
                schema: "ledger",
                table: "pending_status");

            migrationBuilder.AlterTable(
                name: "accounts",
                schema: "ledger")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.AddColumn<bool>(
                name: "announced",
                schema: "ledger",
                table: "pending_status",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_transfers_pending_id",
                schema: "ledger",
                table: "transfers",
                column: "pending_id",
                filter: "pending_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_transfers_timestamp",
                schema: "ledger",
                table: "transfers",
                column: "timestamp");

            migrationBuilder.CreateIndex(
                name: "ix_pending_status_expires_at",
                schema: "ledger",
                table: "pending_status",
                column: "expires_at",
                filter: "status = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transfers_pending_id",
                schema: "ledger",
                table: "transfers");

            migrationBuilder.DropIndex(
                name: "ix_transfers_timestamp",
                schema: "ledger",
                table: "transfers");

            migrationBuilder.DropIndex(
                name: "ix_pending_status_expires_at",
                schema: "ledger",
                table: "pending_status");

            migrationBuilder.DropColumn(
                name: "announced",
                schema: "ledger",
                table: "pending_status");

            migrationBuilder.AlterTable(
                name: "accounts",
                schema: "ledger")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.CreateIndex(
                name: "ix_transfers_timestamp",
                schema: "ledger",
                table: "transfers",
                column: "timestamp",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pending_status_expires_at",
                schema: "ledger",
                table: "pending_status",
                column: "expires_at");
        }
    }
}
