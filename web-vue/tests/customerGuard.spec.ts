import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { NAV_ENTRIES } from '@/router/navigation'
import { useSessionStore } from '@/stores/session'
import AppShell from '@/components/AppShell.vue'
import { flush, jsonResponse, mockFetch } from './helpers'
import { officer } from './riskHelpers'

const customer = { ...officer, sub: 'cust-1', email: 'cust@jade.example', roles: ['customer'] }
const staff = (...roles: string[]) => ({ ...officer, sub: 'staff-1', email: 'ops@jade.example', roles: ['staff', ...roles] })

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

/** Where the app's router takes `user` (as /bff/user answers) asking for `path`. */
async function land(user: unknown, path: string) {
  mockFetch(jsonResponse(user))
  const router = createAppRouter(createMemoryHistory())
  createApp({ render: () => null }).use(createPinia()).use(router)
  await router.push(path)
  return router.currentRoute.value
}

const CUSTOMER_PAGES = [
  '/dashboard',
  '/wallet',
  '/pay',
  '/topup',
  '/withdraw',
  '/payments',
  '/payments/ord-1',
  '/payments/ord-1/receipt',
  '/cards',
  '/verification',
]

describe('customer pages guard', { timeout: 20_000 }, () => {
  it.each(CUSTOMER_PAGES.filter((p) => p !== '/dashboard'))('refuses %s to staff, who have no wallet', async (path) => {
    const route = await land(staff('risk_officer'), path)
    expect(route.name).toBe('forbidden')
    expect(route.query.from).toBe(path)
  })

  it.each(CUSTOMER_PAGES)('opens %s for a customer', async (path) => {
    const route = await land(customer, path)
    expect(route.fullPath).toBe(path)
    expect(route.meta.roles).toEqual(['customer'])
  })

  it('keeps the Security page open to everyone signed in', async () => {
    expect((await land(staff('support_agent'), '/security')).name).toBe('security')
    expect((await land(customer, '/security')).name).toBe('security')
  })

  it.each([
    [['risk_officer'], 'risk-cases'],
    [['payments_operator'], 'payments-suspense'],
    [['support_agent'], 'support'],
    [['support_agent', 'risk_officer'], 'risk-cases'],
    [[], 'notification-deliveries'],
  ])('starts staff with %j at their first console (%s) instead of the dashboard, after sign-in and from "/"', async (roles, name) => {
    expect((await land(staff(...roles), '/dashboard')).name).toBe(name)
    expect((await land(staff(...roles), '/')).name).toBe(name)
  })

  it('starts a customer at the dashboard, and someone with neither role nor console at the Security page', async () => {
    expect((await land(customer, '/')).name).toBe('dashboard')
    expect((await land({ ...customer, roles: [] }, '/dashboard')).name).toBe('security')
  })
})

describe('main navigation by role', { timeout: 20_000 }, () => {
  async function shell(roles: string[]) {
    const pinia = createPinia()
    const session = useSessionStore(pinia)
    session.user = { ...officer, roles }
    session.loaded = true
    const el = document.createElement('div')
    document.body.appendChild(el)
    const app = createApp(AppShell).use(pinia).use(i18n).use(createAppRouter(createMemoryHistory()))
    app.mount(el)
    await flush()
    const links = () => [...el.querySelectorAll<HTMLAnchorElement>('nav a')].map((a) => a.getAttribute('data-testid'))
    const brand = () => el.querySelector('.brand')?.getAttribute('href')
    return { links, brand, unmount: () => (app.unmount(), el.remove()) }
  }

  const customerLinks = NAV_ENTRIES.filter((e) => !e.console).map((e) => e.testId)

  it('shows a customer the customer pages and no console', async () => {
    const m = await shell(['customer'])
    expect(m.links()).toEqual(customerLinks)
    expect(m.brand()).toBe('/dashboard')
    m.unmount()
  })

  it('shows staff their consoles and the Security page, none of the customer pages', async () => {
    const m = await shell(['staff', 'support_agent'])
    expect(m.links()).toEqual(['nav-security', 'nav-support', 'nav-notification-console'])
    expect(m.brand()).toBe('/admin/support')
    m.unmount()
  })
})
