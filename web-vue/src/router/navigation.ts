import type { RouteLocationRaw, RouteMeta, Router } from 'vue-router'

/** One link of the main navigation, to a named route. */
export interface NavEntry {
  name: string
  labelKey: string
  testId: string
  /** A staff console: where a signed-in user without the customer role starts. */
  console?: boolean
}

/**
 * The main navigation, in order. Each link shows only to users who may open its route (its `roles`, see mayOpen), so
 * the routes' meta is the one place that says who may go where. The consoles for one staff role come before the
 * console every member of staff has, so staff start at the work of their own role.
 */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { name: 'dashboard', labelKey: 'nav.dashboard', testId: 'nav-dashboard' },
  { name: 'wallet', labelKey: 'nav.wallet', testId: 'nav-wallet' },
  { name: 'pay', labelKey: 'nav.pay', testId: 'nav-pay' },
  { name: 'topup', labelKey: 'nav.topup', testId: 'nav-topup' },
  { name: 'withdraw', labelKey: 'nav.withdraw', testId: 'nav-withdraw' },
  { name: 'payments', labelKey: 'nav.payments', testId: 'nav-payments' },
  { name: 'cards', labelKey: 'nav.cards', testId: 'nav-cards' },
  { name: 'security', labelKey: 'nav.security', testId: 'nav-security' },
  { name: 'verification', labelKey: 'nav.verification', testId: 'nav-verification' },
  { name: 'notifications', labelKey: 'nav.notifications', testId: 'nav-notifications' },
  { name: 'risk', labelKey: 'nav.risk', testId: 'nav-risk', console: true },
  { name: 'payments-suspense', labelKey: 'nav.suspense', testId: 'nav-suspense', console: true },
  { name: 'support', labelKey: 'nav.support', testId: 'nav-support', console: true },
  { name: 'notification-console', labelKey: 'nav.notificationConsole', testId: 'nav-notification-console', console: true },
]

/** The page every signed-in user may open, for one who has neither the customer role nor a console. */
const FALLBACK_HOME = 'security'

/** Whether a user with `hasRole` may open `route`: it names no roles, or the user has one of them (children inherit). */
export function mayOpen(route: { meta: RouteMeta }, hasRole: (role: string) => boolean): boolean {
  const roles = route.meta.roles
  return !roles || roles.some((role) => hasRole(role))
}

/** The navigation's links the user may open. */
export function navEntriesFor(router: Router, hasRole: (role: string) => boolean): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => mayOpen(router.resolve({ name: entry.name }), hasRole))
}

/**
 * Where a signed-in user starts: the dashboard for a customer; for anyone else (staff have no wallet), the first
 * console in the navigation they may open, or the security page when there is none.
 */
export function homeRoute(router: Router, hasRole: (role: string) => boolean): RouteLocationRaw {
  if (mayOpen(router.resolve({ name: 'dashboard' }), hasRole)) return { name: 'dashboard' }
  const console = navEntriesFor(router, hasRole).find((entry) => entry.console)
  return { name: console?.name ?? FALLBACK_HOME }
}
