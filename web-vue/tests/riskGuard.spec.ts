import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { RISK_OFFICER, useSessionStore } from '@/stores/session'
import AppShell from '@/components/AppShell.vue'
import { flush, jsonResponse, mockFetch } from './helpers'
import { officer } from './riskHelpers'

const customer = { ...officer, sub: 'cust-1', email: 'cust@jade.example', roles: ['customer'] }

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

async function navigate(user: unknown, path: string) {
  mockFetch(jsonResponse(user), jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 }))
  const pinia = createPinia()
  const router = createAppRouter(createMemoryHistory())
  const app = createApp({ render: () => h(RouterView) }).use(pinia).use(i18n).use(router)
  await router.push(path)
  return { router, app, session: useSessionStore(pinia) }
}

describe('risk console guard', { timeout: 20_000 }, () => {
  it('sends a signed-in user without the risk_officer role to the "not authorised" page', async () => {
    const { router, app } = await navigate(customer, '/admin/risk/rules')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.query.from).toBe('/admin/risk/rules')
    const el = document.createElement('div')
    app.mount(el)
    await flush()
    expect(el.querySelector('[data-testid="forbidden"]')?.textContent).toContain(i18n.global.t('forbidden.heading'))
    app.unmount()
  })

  it('lets a risk officer in, starting at the case queue', async () => {
    const { router, session } = await navigate(officer, '/admin/risk')
    expect(session.hasRole(RISK_OFFICER)).toBe(true)
    expect(router.currentRoute.value.name).toBe('risk-cases')
    expect(router.currentRoute.value.meta.requiresAuth).toBe(true)
  })

  it('asks an anonymous visitor to sign in first', async () => {
    const { router } = await navigate({ isAuthenticated: false }, '/admin/risk/cases/c1')
    expect(router.currentRoute.value.name).toBe('landing')
    expect(router.currentRoute.value.query.returnUrl).toBe('/admin/risk/cases/c1')
  })
})

describe('risk console nav entry', () => {
  async function shell(roles: string[]) {
    const pinia = createPinia()
    const router = createAppRouter(createMemoryHistory())
    useSessionStore(pinia).user = { ...officer, roles }
    useSessionStore(pinia).loaded = true
    const el = document.createElement('div')
    document.body.appendChild(el)
    const app = createApp(AppShell).use(pinia).use(i18n).use(router)
    app.mount(el)
    await flush()
    return { el, unmount: () => (app.unmount(), el.remove()) }
  }

  it('appears only for risk officers', async () => {
    i18n.global.locale.value = 'en'
    const forOfficer = await shell(['staff', 'risk_officer'])
    const link = forOfficer.el.querySelector<HTMLAnchorElement>('[data-testid="nav-risk"]')
    expect(link?.textContent).toBe(i18n.global.t('nav.risk'))
    expect(link?.getAttribute('href')).toBe('/admin/risk')
    forOfficer.unmount()
    const forCustomer = await shell(['customer'])
    expect(forCustomer.el.querySelector('[data-testid="nav-risk"]')).toBeNull()
    forCustomer.unmount()
  })
})
