using Jade.Messaging;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Risk.Cases;
using Jade.Risk.Customers;
using Jade.Risk.Decisions;
using Jade.Risk.Rules;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk;

public sealed class RiskDb(DbContextOptions<RiskDb> options, IDataProtectionProvider dataProtection) : DbContext(options)
{
    public const string Schema = "risk";

    public DbSet<CustomerRow> Customers => Set<CustomerRow>();
    public DbSet<RuleRow> Rules => Set<RuleRow>();
    public DbSet<RuleVersionRow> RuleVersions => Set<RuleVersionRow>();
    public DbSet<RuleProposalRow> RuleProposals => Set<RuleProposalRow>();
    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();
    public DbSet<CaseRow> Cases => Set<CaseRow>();
    public DbSet<CaseNoteRow> CaseNotes => Set<CaseNoteRow>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<CustomerRow>(e => e.HasKey(c => c.Id));
        RuleRow.Configure(modelBuilder);
        DecisionRow.Configure(modelBuilder, dataProtection);
        CaseRow.Configure(modelBuilder, dataProtection);
        CaseNoteRow.Configure(modelBuilder, dataProtection);
        modelBuilder.AddAuditTrail();
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotencyKeys();
    }
}
