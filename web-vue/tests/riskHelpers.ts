import { createApp, defineComponent, h, type Component } from 'vue'
import { createPinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type Router, type RouteRecordRaw } from 'vue-router'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { flush } from './helpers'

const Stub = defineComponent({ render: () => h('div', { 'data-testid': 'stub-page' }) })

export const officer = {
  isAuthenticated: true as const,
  sub: 'officer-1',
  email: 'officer@jade.example',
  name: 'Olivia Officer',
  roles: ['staff', 'risk_officer'],
  logoutUrl: '/bff/logout?sid=x',
}

/**
 * Mounts one risk console view at `path` inside a small router (the console's route names, no guards, plus
 * `extraRoutes` for another console's view), with a signed-in officer (or `user`) in the session store. Everything it
 * teleports (dialogs, drawers) lands in document.body.
 */
export async function mountRiskView(view: Component, path: string, user = officer, extraRoutes: RouteRecordRaw[] = []) {
  const pinia: Pinia = createPinia()
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/risk/cases', name: 'risk-cases', component: view, meta: { titleKey: 'titles.riskCases' } },
      { path: '/admin/risk/cases/:id', name: 'risk-case', component: view, meta: { titleKey: 'titles.riskCase' } },
      { path: '/admin/risk/rules', name: 'risk-rules', component: view, meta: { titleKey: 'titles.riskRules' } },
      { path: '/admin/risk/report', name: 'risk-report', component: view, meta: { titleKey: 'titles.riskReport' } },
      { path: '/admin/risk/sanctions', name: 'risk-sanctions', component: view, meta: { titleKey: 'titles.riskSanctions' } },
      ...extraRoutes,
      { path: '/:rest(.*)*', name: 'other', component: Stub, meta: { titleKey: 'titles.notFound' } },
    ],
  })
  useSessionStore(pinia).user = user
  await router.push(path)
  await router.isReady()

  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp({ render: () => h(RouterView) })
  app.use(pinia).use(i18n).use(router)
  app.mount(el)
  await flush()

  /** Looks in the whole document: dialogs and drawers are teleported out of `el`. */
  const q = <T extends HTMLElement = HTMLElement>(testId: string) => document.querySelector<T>(`[data-testid="${testId}"]`)
  const all = <T extends HTMLElement = HTMLElement>(testId: string) => [...document.querySelectorAll<T>(`[data-testid="${testId}"]`)]
  const click = async (target: string | HTMLElement) => {
    const node = typeof target === 'string' ? q(target) : target
    if (!node) throw new Error(`nothing to click: ${String(target)}`)
    node.click()
    await flush()
  }
  const type = async (testId: string, value: string) => {
    const node = q(testId)
    const input = node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement ? node : node?.querySelector('input, textarea')
    if (!input) throw new Error(`no input: ${testId}`)
    ;(input as HTMLInputElement).value = value
    input.dispatchEvent(new Event('input'))
    await flush()
  }
  const unmount = () => {
    app.unmount()
    el.remove()
    document.body.innerHTML = ''
  }
  return { el, router, pinia, q, all, click, type, unmount }
}
