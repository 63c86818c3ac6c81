global using NUnit.Framework;
global using Microsoft.Extensions.DependencyInjection;
global using Jade.Testing;
