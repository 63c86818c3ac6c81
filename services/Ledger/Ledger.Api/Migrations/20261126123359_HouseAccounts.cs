using Jade.Contracts.Ledger;
using Jade.Ledger.Domain.Chart;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jade.Ledger.Migrations
{
    /// <summary>
    /// Opens Jade's own CNY accounts that sagas name (settlement, operating cash, suspense) under the ids
    /// <see cref="LedgerAccounts.House"/> derives, so every environment has them from its first migration on.
    /// </summary>
    public partial class HouseAccounts : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var code in LedgerAccounts.HouseCodes)
            {
                var flags = (int)ChartOfAccounts.Get(code).Flags;
                migrationBuilder.Sql($"""
                    INSERT INTO ledger.accounts (id, currency, code, owner_id, flags, debits_pending, debits_posted, credits_pending, credits_posted, metadata, timestamp)
                    VALUES ('{LedgerAccounts.House(code)}', 'CNY', {code}, NULL, {flags}, 0, 0, 0, 0, NULL,
                            (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint + {code})
                    ON CONFLICT (id) DO NOTHING;
                    """);
            }
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var code in LedgerAccounts.HouseCodes)
            {
                migrationBuilder.Sql($"""
                    DELETE FROM ledger.accounts
                     WHERE id = '{LedgerAccounts.House(code)}' AND debits_pending = 0 AND debits_posted = 0 AND credits_pending = 0 AND credits_posted = 0;
                    """);
            }
        }
    }
}
