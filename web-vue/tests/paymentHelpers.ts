import { afterEach, vi, type Mock } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { createPinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { i18n } from '@/i18n'
import { PAYMENT_POLL_TIMING } from '@/composables/usePaymentPoll'
import type { KycUpgradeView } from '@/api/kyc'
import type { PaymentDetail, PaymentLimits, PaymentView } from '@/api/payments'
import type { PollTiming } from '@/utils/payments'
import PayView from '@/views/PayView.vue'
import PaymentsView from '@/views/PaymentsView.vue'
import PaymentDetailView from '@/views/PaymentDetailView.vue'
import PaymentReceiptView from '@/views/PaymentReceiptView.vue'
import TopUpView from '@/views/TopUpView.vue'
import WithdrawView from '@/views/WithdrawView.vue'
import { flush, jsonResponse } from './helpers'

/** Fast enough for tests, slow enough to count the looks. */
export const TEST_POLL: PollTiming = { firstMs: 20, maxMs: 80, factor: 2 }

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits (up to `ms`) until `done()` holds, e.g. for a lazily loaded route or a few polls. */
export async function until(done: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!done() && Date.now() < end) {
    await sleep(10)
    await flush()
  }
}

const mounted: (() => void)[] = []

/** Unmounts whatever a test left mounted (say, after a failed expectation), so its polling cannot leak into the next test. */
export function unmountAll(): void {
  while (mounted.length) mounted.pop()!()
}

/** Registers the teardown every payments page spec needs: pages, stubs and mocks gone, an empty DOM, zh-CN again. */
export function resetPaymentPagesAfterEach(): void {
  afterEach(() => {
    unmountAll()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
    i18n.global.locale.value = 'zh-CN'
  })
}

/** A reply, or a maker of replies: a maker left last in its queue answers every further call. */
export type Reply = Response | Error | (() => Response | Error)

export const LIMITS = 'GET /api/payments/limits'
/** The people the customer paid lately, listed on the send page's first step. */
export const RECENT_PAYEES = 'GET /api/payments/payees/recent'

/** The customer's level 3 application, which the limits hint asks for at level 2 (when level 3 is on offer). */
export const KYC_UPGRADE = 'GET /api/identity/kyc/upgrade'

/** A level 3 application view: by default, the customer never applied and may. */
export const upgradeView = (extra: Partial<KycUpgradeView> = {}): KycUpgradeView => ({
  status: 'none',
  applicationId: null,
  submittedAt: null,
  decidedAt: null,
  occupation: null,
  employer: null,
  sourceOfFunds: null,
  annualIncome: null,
  purpose: null,
  address: null,
  eligible: true,
  reapplyAfter: null,
  ...extra,
})

/** The customer's limits at level 2 with nothing used today: roomy enough for every amount the flows type. */
export const limits = (extra: Partial<PaymentLimits> = {}): PaymentLimits => ({
  kycLevel: 2,
  currency: 'CNY',
  perTransactionMinor: 5_000_000,
  perDayMinor: 10_000_000,
  usedTodayMinor: 0,
  remainingTodayMinor: 10_000_000,
  resetsAt: '2026-11-28T16:00:00+00:00',
  nextLevel: { kycLevel: 3, perTransactionMinor: 20_000_000, perDayMinor: 50_000_000 },
  ...extra,
})

/**
 * Replaces fetch with one that answers by "METHOD /path?query" (or "METHOD /path" for any query), each from its own
 * queue, so the order of independent requests does not matter. Calls nobody expected are recorded in `unexpected`
 * and fail as network errors. The limits the send and withdraw pages show by the amount field are answered with
 * `limits()`, the level 3 application the hint asks for at level 2 with `upgradeView()` (none yet), and the send
 * page's recent payees with none, unless `routes` says otherwise.
 */
export function serveFetch(routes: Record<string, Reply[]>): Mock & { unexpected: string[]; calls: (key: string) => number } {
  const withDefaults: Record<string, Reply[]> = {
    [LIMITS]: [() => jsonResponse(limits())],
    [KYC_UPGRADE]: [() => jsonResponse(upgradeView())],
    [RECENT_PAYEES]: [() => jsonResponse({ items: [] })],
    ...routes,
  }
  const queues = new Map(Object.entries(withDefaults).map(([key, replies]) => [key, [...replies]]))
  const unexpected: string[] = []
  const counts = new Map<string, number>()
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    const full = `${method} ${url}`
    const bare = `${method} ${url.split('?')[0]}`
    const key = queues.has(full) ? full : bare
    const queue = queues.get(key)
    counts.set(key, (counts.get(key) ?? 0) + 1)
    if (!queue || queue.length === 0) {
      unexpected.push(full)
      throw new TypeError(`unexpected ${full}`)
    }
    const next = queue.length === 1 && typeof queue[0] === 'function' ? queue[0] : queue.shift()!
    const reply = typeof next === 'function' ? next() : next
    if (reply instanceof Error) throw reply
    return reply
  }) as unknown as Mock & { unexpected: string[]; calls: (key: string) => number }
  fetchMock.unexpected = unexpected
  fetchMock.calls = (key: string) => counts.get(key) ?? 0
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

export const order = (extra: Partial<PaymentView> = {}): PaymentView => ({
  id: 'ord-1',
  kind: 'p2p',
  direction: 'outgoing',
  status: 'accepted',
  amountMinor: 3000,
  currency: 'CNY',
  counterparty: { customerId: 'cust-2', maskedName: 's*****e@example.com' },
  memo: null,
  failureReason: null,
  createdAt: '2026-11-27T08:00:00Z',
  updatedAt: '2026-11-27T08:00:00Z',
  completedAt: null,
  ...extra,
})

export const detail = (extra: Partial<PaymentDetail> = {}): PaymentDetail => ({
  ...order(),
  timeline: [{ status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null }],
  ...extra,
})

const Stub = defineComponent({ render: () => h('div', { 'data-testid': 'stub-page' }) })

/**
 * Mounts the app's payment pages at `path` in a small router (the real views for pay, topup, withdraw, payments,
 * payment-detail and payment-receipt, stubs elsewhere), with fast polling. Everything teleported lands in document.body.
 */
export async function mountPayments(path: string, options: { timing?: PollTiming } = {}) {
  const pinia: Pinia = createPinia()
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/pay', name: 'pay', component: PayView, meta: { titleKey: 'titles.pay' } },
      { path: '/topup', name: 'topup', component: TopUpView, meta: { titleKey: 'titles.topup' } },
      { path: '/withdraw', name: 'withdraw', component: WithdrawView, meta: { titleKey: 'titles.withdraw' } },
      { path: '/cards', name: 'cards', component: Stub, meta: { titleKey: 'titles.cards' } },
      { path: '/payments', name: 'payments', component: PaymentsView, meta: { titleKey: 'titles.payments' } },
      {
        path: '/payments/:id',
        name: 'payment-detail',
        component: PaymentDetailView,
        meta: { titleKey: 'titles.paymentDetail' },
      },
      {
        path: '/payments/:id/receipt',
        name: 'payment-receipt',
        component: PaymentReceiptView,
        meta: { titleKey: 'titles.paymentReceipt' },
      },
      { path: '/:rest(.*)*', name: 'other', component: Stub, meta: { titleKey: 'titles.notFound' } },
    ],
  })
  await router.push(path)
  await router.isReady()

  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp({ render: () => h(RouterView) })
  app.use(pinia).use(i18n).use(router)
  app.provide(PAYMENT_POLL_TIMING, options.timing ?? TEST_POLL)
  app.mount(el)
  await flush()

  const q = <T extends HTMLElement = HTMLElement>(testId: string) => document.querySelector<T>(`[data-testid="${testId}"]`)
  const all = <T extends HTMLElement = HTMLElement>(testId: string) => [...document.querySelectorAll<T>(`[data-testid="${testId}"]`)]
  const input = (testId: string) => {
    const found = q(testId)
    return (found instanceof HTMLInputElement ? found : found?.querySelector('input')) as HTMLInputElement
  }
  const type = async (testId: string, value: string) => {
    const field = input(testId)
    if (!field) throw new Error(`no input: ${testId}`)
    field.value = value
    field.dispatchEvent(new Event('input', { bubbles: true }))
    field.dispatchEvent(new Event('change', { bubbles: true }))
    await flush()
  }
  const click = async (target: string | HTMLElement | null | undefined) => {
    const node = typeof target === 'string' ? q(target) : target
    if (!node) throw new Error(`nothing to click: ${String(target)}`)
    node.click()
    await flush()
  }
  /** Submits the form `testId` is in (Element Plus shows a form item's error after a 100 ms debounce). */
  const submit = async (testId: string) => {
    const form = q(testId)?.closest('form')
    if (!form) throw new Error(`no form around ${testId}`)
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await settle()
  }
  const settle = async () => {
    await flush()
    await sleep(120)
    await flush()
  }
  const itemError = (testId: string) => q(testId)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
  const text = (testId: string) => q(testId)?.textContent?.trim() ?? ''
  let alive = true
  const unmount = () => {
    if (!alive) return
    alive = false
    app.unmount()
    el.remove()
  }
  mounted.push(unmount)
  return { el, router, pinia, q, all, input, type, click, submit, settle, itemError, text, unmount }
}
