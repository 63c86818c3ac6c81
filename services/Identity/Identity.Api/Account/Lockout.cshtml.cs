namespace Jade.Identity.Account;

public sealed class LockoutModel : AccountPageModel
{
    public void OnGet()
    {
    }
}
