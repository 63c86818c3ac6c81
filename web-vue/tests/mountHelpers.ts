import { vi } from 'vitest'
import { createApp, type Component } from 'vue'
import { createPinia } from 'pinia'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { flush, requestOf } from './helpers'
import { serveFetch, sleep, type Reply } from './paymentHelpers'

/** A signed-in customer, as `/bff/user` answers for one. */
export const customerUser = {
  isAuthenticated: true as const,
  sub: 'cust-1',
  email: 'cust@jade.example',
  name: 'Casey Customer',
  roles: ['customer'],
  logoutUrl: '/bff/logout?sid=x',
}

export interface MountOptions {
  /** Where the queries look: in the mounted element, or in the whole document (for what Element Plus teleports to the body, such as dialogs). */
  scope?: 'mount' | 'document'
  /** What `click` waits for: `flush`, or `settle` (for dialogs that open with a transition, or form errors shown after a debounce). */
  afterClick?: 'flush' | 'settle'
  /** The signed-in user the session store starts with (`/bff/user`'s answer), for parts shown by role. */
  user?: unknown
}

/**
 * Mounts `component` with a fresh Pinia and the app's i18n, fetch answered by `serveFetch(routes)`, and returns it
 * with small helpers that find elements by data-testid.
 */
export async function mountWithFetch(component: Component, routes: Record<string, Reply[]>, options: MountOptions = {}) {
  const fetchMock = serveFetch(routes)
  const el = document.createElement('div')
  document.body.appendChild(el)
  const pinia = createPinia()
  if (options.user) {
    const session = useSessionStore(pinia)
    session.user = options.user as typeof session.user
    session.loaded = true
  }
  const app = createApp(component).use(pinia).use(i18n)
  app.mount(el)
  await flush()

  const root: ParentNode = options.scope === 'document' ? document : el
  const q = (testId: string) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const all = (testId: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)]
  /** The element's text, trimmed ('' when it is not there). */
  const text = (testId: string) => q(testId)?.textContent?.trim() ?? ''
  /** Each element's text, whitespace collapsed and trimmed. */
  const texts = (testId: string) => all(testId).map((node) => node.textContent?.replace(/\s+/g, ' ').trim())
  /** The element if it is an input, else the input inside it (as an Element Plus input wraps its own). */
  const input = (testId: string) => {
    const found = q(testId)
    return (found instanceof HTMLInputElement ? found : found?.querySelector('input')) as HTMLInputElement
  }
  const type = async (testId: string, value: string) => {
    const field = input(testId)
    field.value = value
    field.dispatchEvent(new Event('input', { bubbles: true }))
    await flush()
  }
  // Element Plus shows a form item's error after a 100 ms debounce; dialogs open with a transition.
  const settle = async () => {
    await flush()
    await sleep(120)
    await flush()
  }
  const click = async (target: string | HTMLElement | null | undefined) => {
    const node = typeof target === 'string' ? q(target) : target
    if (!node) throw new Error(`nothing to click: ${String(target)}`)
    node.click()
    await (options.afterClick === 'settle' ? settle() : flush())
  }
  /** Submits the form `testId` is in. */
  const submit = async (testId: string) => {
    const form = q(testId)?.closest('form')
    if (!form) throw new Error(`no form around ${testId}`)
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await settle()
  }
  /** The error Element Plus shows under the form item `testId` is in ('' when none). */
  const itemError = (testId: string) =>
    q(testId)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
  const requests = () => fetchMock.mock.calls.map((_, i) => requestOf(fetchMock, i))
  const urls = () => requests().map((r) => r.url)
  const unmount = () => {
    app.unmount()
    el.remove()
  }
  return { el, fetchMock, q, all, text, texts, input, type, settle, click, submit, itemError, requests, urls, unmount }
}

/** For afterEach: undoes stubbed globals and spies, empties the body and puts the locale back to zh-CN. */
export function resetDom(): void {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
}
