global using NUnit.Framework;
global using Jade.Ledger.Domain;
global using Jade.Ledger.Domain.Accounts;
global using Jade.Ledger.Domain.Results;
global using Jade.Ledger.Domain.State;
global using Jade.Ledger.Domain.Transfers;
global using Jade.Ledger.Domain.TwoPhase;
