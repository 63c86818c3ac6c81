using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Ledger.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "ledger");

            migrationBuilder.CreateTable(
                name: "accounts",
                schema: "ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "char(3)", nullable: false),
                    code = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    flags = table.Column<int>(type: "integer", nullable: false),
                    debits_pending = table.Column<long>(type: "bigint", nullable: false),
                    debits_posted = table.Column<long>(type: "bigint", nullable: false),
                    credits_pending = table.Column<long>(type: "bigint", nullable: false),
                    credits_posted = table.Column<long>(type: "bigint", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    timestamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                    table.CheckConstraint("ck_accounts_credits_pending", "credits_pending >= 0");
                    table.CheckConstraint("ck_accounts_credits_posted", "credits_posted >= 0");
                    table.CheckConstraint("ck_accounts_debits_pending", "debits_pending >= 0");
                    table.CheckConstraint("ck_accounts_debits_posted", "debits_posted >= 0");
                });

            migrationBuilder.CreateTable(
                name: "failed_transfers",
                schema: "ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    result = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_failed_transfers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "ledger",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    correlation_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pending_status",
                schema: "ledger",
                columns: table => new
                {
                    transfer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_status", x => x.transfer_id);
                });

            migrationBuilder.CreateTable(
                name: "transfers",
                schema: "ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    debit_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    credit_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "char(3)", nullable: false),
                    code = table.Column<int>(type: "integer", nullable: false),
                    flags = table.Column<int>(type: "integer", nullable: false),
                    pending_id = table.Column<Guid>(type: "uuid", nullable: true),
                    timeout_seconds = table.Column<long>(type: "bigint", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    timestamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transfers", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_owner_id",
                schema: "ledger",
                table: "accounts",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_timestamp",
                schema: "ledger",
                table: "accounts",
                column: "timestamp");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                schema: "ledger",
                table: "outbox_messages",
                column: "id",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pending_status_expires_at",
                schema: "ledger",
                table: "pending_status",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_transfers_credit_account_id_timestamp",
                schema: "ledger",
                table: "transfers",
                columns: new[] { "credit_account_id", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_transfers_debit_account_id_timestamp",
                schema: "ledger",
                table: "transfers",
                columns: new[] { "debit_account_id", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_transfers_timestamp",
                schema: "ledger",
                table: "transfers",
                column: "timestamp",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "failed_transfers",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "pending_status",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "transfers",
                schema: "ledger");
        }
    }
}
