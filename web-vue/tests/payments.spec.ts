import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { ApiError } from '@/api/http'
import {
  FAILURE_REASONS,
  isDefiniteRefusal,
  isPinNotSet,
  PAYMENT_KINDS,
  PAYMENT_STATUSES,
  paymentOrdersQuery,
  paymentsApi,
  paymentsExportUrl,
  remainingAttemptsOf,
} from '@/api/payments'
import { usePaymentsStore } from '@/stores/payments'
import {
  failureKey,
  isTerminal,
  memoProblem,
  newPinProblem,
  nextPollDelay,
  signedAmountText,
  statusHintKey,
  statusKey,
  timelineStepKey,
} from '@/utils/payments'
import { formatMoney } from '@/utils/format'
import { jsonResponse, mockFetch, noContent, requestOf } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  i18n.global.locale.value = 'zh-CN'
})

const problem = (status: number, extra: Record<string, unknown> = {}) =>
  jsonResponse({ title: 'Refused', status, ...extra }, status, 'application/problem+json')

describe('paymentsApi', () => {
  it('reads the PIN status and sets a PIN with PUT and the anti-forgery header', async () => {
    const fetchMock = mockFetch(jsonResponse({ isSet: true, locked: false, remainingAttempts: 4 }), noContent())
    await expect(paymentsApi.pinStatus()).resolves.toEqual({ isSet: true, locked: false, remainingAttempts: 4 })
    await expect(paymentsApi.setPin({ pin: '246810', currentPin: '135790' })).resolves.toBeUndefined()
    expect(requestOf(fetchMock, 0).url).toBe('/api/payments/pin')
    const put = requestOf(fetchMock, 1)
    expect(put.url).toBe('/api/payments/pin')
    expect(put.init.method).toBe('PUT')
    expect(put.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(put.init.body as string)).toEqual({ pin: '246810', currentPin: '135790' })
  })

  it('looks a payee up by the encoded email address', async () => {
    const fetchMock = mockFetch(jsonResponse({ customerId: 'c-2', maskedEmail: 's*****e@example.com' }))
    await paymentsApi.findPayee('sam+pay@example.com')
    expect(requestOf(fetchMock).url).toBe('/api/payments/payees?email=sam%2Bpay%40example.com')
  })

  it('posts a transfer with its Idempotency-Key and keeps an amount beyond 2^53 exact', async () => {
    const fetchMock = mockFetch(
      new Response('{"id":"o-1","kind":"p2p","direction":"outgoing","status":"accepted","amountMinor":9007199254740993,"currency":"CNY"}', {
        status: 202,
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    const body = { payeeId: 'c-2', amount: '30.00', currency: 'CNY', pin: '246810' }
    const view = await paymentsApi.transfer(body, 'key-1')
    const post = requestOf(fetchMock)
    expect(post.url).toBe('/api/payments/transfers')
    expect(post.init.method).toBe('POST')
    expect(post.headers['Idempotency-Key']).toBe('key-1')
    expect(post.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(post.init.body as string)).toEqual(body)
    expect(view.amountMinor).toBe('9007199254740993')
    expect(signedAmountText(view, 'en')).toBe(formatMoney(-9007199254740993n, 'CNY', 'en'))
  })

  it('lists orders with only the filters that are set, then the page', async () => {
    const fetchMock = mockFetch(jsonResponse({ items: [], page: 2, pageSize: 50, total: 0 }), jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 }))
    await paymentsApi.orders({ kind: 'p2p', status: '', direction: 'incoming', from: '2026-11-01', to: '2026-11-30' }, 2, 50)
    await paymentsApi.orders({}, 1, 20)
    expect(requestOf(fetchMock, 0).url).toBe('/api/payments/orders?kind=p2p&direction=incoming&from=2026-11-01&to=2026-11-30&page=2&pageSize=50')
    expect(requestOf(fetchMock, 1).url).toBe('/api/payments/orders?page=1&pageSize=20')
  })

  it('builds the CSV export address from the same filters, without paging', () => {
    expect(paymentsExportUrl({})).toBe('/api/payments/orders/export')
    expect(paymentsExportUrl({ kind: 'topup', status: 'completed', direction: 'outgoing', from: '2026-11-01', to: '2026-11-02' })).toBe(
      '/api/payments/orders/export?kind=topup&status=completed&direction=outgoing&from=2026-11-01&to=2026-11-02',
    )
    expect(paymentOrdersQuery({ status: 'in_review' }).toString()).toBe('status=in_review')
  })

  it('fetches one order by its encoded id', async () => {
    const fetchMock = mockFetch(jsonResponse({ id: 'a/b', timeline: [] }))
    await paymentsApi.order('a/b')
    expect(requestOf(fetchMock).url).toBe('/api/payments/orders/a%2Fb')
  })
})

describe('reading refusals', () => {
  it('finds the remaining attempts of a wrong PIN in the problem’s extensions', async () => {
    mockFetch(problem(403, { detail: 'Wrong payment PIN. 2 tries left before it locks.', remainingAttempts: 2 }))
    const error = await paymentsApi.transfer({ payeeId: 'c', amount: '1.00', currency: 'CNY', pin: '000000' }, 'k').catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.extensions).toEqual({ remainingAttempts: 2 })
    expect(remainingAttemptsOf(error)).toBe(2)
    expect(remainingAttemptsOf(new ApiError(403, { title: 'x' }))).toBeNull()
    expect(remainingAttemptsOf(new ApiError(403, { remainingAttempts: 'two' }))).toBeNull()
    expect(remainingAttemptsOf(new Error('x'))).toBeNull()
  })

  it('tells "no PIN yet" from any other conflict', () => {
    expect(isPinNotSet(new ApiError(409, { type: 'https://jade.example/problems/pin-not-set' }))).toBe(true)
    expect(isPinNotSet(new ApiError(409, { title: 'Conflict', detail: 'still being processed' }))).toBe(false)
    expect(isPinNotSet(new ApiError(400, { type: 'https://jade.example/problems/pin-not-set' }))).toBe(false)
  })

  it.each<[string, unknown, boolean]>([
    ['no answer', new ApiError(0), false],
    ['500', new ApiError(500), false],
    ['503', new ApiError(503), false],
    ['a request still running (409)', new ApiError(409, { detail: 'still being processed' }), false],
    ['400', new ApiError(400), true],
    ['403 wrong PIN', new ApiError(403), true],
    ['404 unknown payee', new ApiError(404), true],
    ['409 no PIN', new ApiError(409, { type: 'https://jade.example/problems/pin-not-set' }), true],
    ['422 over the limit or a reused key', new ApiError(422), true],
    ['423 locked', new ApiError(423), true],
    ['429 rate limited', new ApiError(429), true],
  ])('%s is a definite refusal: %s', (_name, error, definite) => {
    expect(isDefiniteRefusal(error)).toBe(definite)
  })
})

describe('status and failure wording', () => {
  const has = (key: string, locale: 'en' | 'zh-CN') => i18n.global.te(key, locale)

  it.each(['en', 'zh-CN'] as const)('names every status, hint, failure reason and kind in %s', (locale) => {
    for (const status of PAYMENT_STATUSES) {
      expect(has(statusKey(status), locale)).toBe(true)
      expect(has(statusHintKey(status), locale)).toBe(true)
    }
    for (const reason of FAILURE_REASONS) expect(has(failureKey(reason), locale)).toBe(true)
    for (const kind of PAYMENT_KINDS) expect(has(`payments.kind.${kind}`, locale)).toBe(true)
    expect(has(statusKey('something_new'), locale)).toBe(true)
    expect(has(failureKey('something_new'), locale)).toBe(true)
  })

  it('falls back for codes it does not know', () => {
    expect(statusKey('in_review')).toBe('payments.status.in_review')
    expect(statusKey('paused')).toBe('payments.status.unknown')
    expect(failureKey('insufficient_funds')).toBe('payments.failure.insufficient_funds')
    expect(failureKey(null)).toBe('payments.failure.unknown')
    expect(failureKey('new_reason')).toBe('payments.failure.unknown')
    expect(timelineStepKey('funds_held')).toBe('payments.steps.funds_held')
    expect(timelineStepKey('teleported')).toBeNull()
  })

  it('gives each failure reason its own sentence', () => {
    i18n.global.locale.value = 'en'
    const sentences = FAILURE_REASONS.map((r) => i18n.global.t(failureKey(r)))
    expect(new Set(sentences).size).toBe(FAILURE_REASONS.length)
    expect(i18n.global.t(failureKey('insufficient_funds'))).toContain('balance was not enough')
    expect(i18n.global.t(statusHintKey('in_review'))).toContain('may take a while')
  })

  it('knows which statuses are final', () => {
    expect(PAYMENT_STATUSES.filter(isTerminal)).toEqual(['completed', 'failed'])
  })

  it('signs amounts by direction', () => {
    const base = { amountMinor: 3000, currency: 'CNY' }
    expect(signedAmountText({ ...base, direction: 'outgoing' }, 'zh-CN')).toBe('-¥30.00')
    expect(signedAmountText({ ...base, direction: 'incoming' }, 'zh-CN')).toBe('+¥30.00')
  })
})

describe('PIN and memo rules', () => {
  it.each([
    ['', 'required'],
    ['12345', 'format'],
    ['1234567', 'format'],
    ['12a456', 'format'],
    ['１２３４５６', 'format'],
    ['111111', 'repeated'],
    ['000000', 'repeated'],
    ['123456', 'sequential'],
    ['456789', 'sequential'],
    ['654321', 'sequential'],
    ['246810', null],
    ['135790', null],
    ['123457', null],
  ])('a new PIN %j: %s', (pin, problem) => {
    expect(newPinProblem(pin)).toBe(problem)
  })

  it('allows a 140-character memo without control characters', () => {
    expect(memoProblem('')).toBeNull()
    expect(memoProblem('晚饭 🍜')).toBeNull()
    expect(memoProblem('x'.repeat(140))).toBeNull()
    expect(memoProblem('x'.repeat(141))).toBe('length')
    expect(memoProblem('line\nbreak')).toBe('characters')
    expect(memoProblem('tab\there')).toBe('characters')
  })
})

describe('nextPollDelay', () => {
  const timing = { firstMs: 1000, maxMs: 30_000, factor: 1.5 }

  it('starts again at a second after a change, grows while nothing changes and doubles after an error, up to the cap', () => {
    expect(nextPollDelay(8000, 'changed', timing)).toBe(1000)
    expect(nextPollDelay(1000, 'same', timing)).toBe(1500)
    expect(nextPollDelay(1500, 'same', timing)).toBe(2250)
    expect(nextPollDelay(1000, 'error', timing)).toBe(2000)
    expect(nextPollDelay(20_000, 'same', timing)).toBe(30_000)
    expect(nextPollDelay(30_000, 'error', timing)).toBe(30_000)
  })

  it('reaches the cap within a couple of minutes of silence', () => {
    let delay = timing.firstMs
    let elapsed = 0
    while (delay < timing.maxMs) {
      elapsed += delay
      delay = nextPollDelay(delay, 'same', timing)
    }
    expect(elapsed).toBeLessThan(120_000)
  })
})

describe('payment history store', () => {
  it('sends the filters as the query string and starts again at page 1 when they change', async () => {
    setActivePinia(createPinia())
    const page = (n: number, total = 60) => jsonResponse({ items: [], page: n, pageSize: 20, total })
    const fetchMock = mockFetch(page(1), page(2), page(1), page(1), page(1))
    const store = usePaymentsStore()
    await store.load()
    await store.setPage(2)
    await store.applyFilters({ kind: 'p2p', status: 'failed', direction: 'incoming', dateRange: ['2026-11-01', '2026-11-30'] })
    await store.setPageSize(50)
    await store.resetFilters()
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([
      '/api/payments/orders?page=1&pageSize=20',
      '/api/payments/orders?page=2&pageSize=20',
      '/api/payments/orders?kind=p2p&status=failed&direction=incoming&from=2026-11-01&to=2026-11-30&page=1&pageSize=20',
      '/api/payments/orders?kind=p2p&status=failed&direction=incoming&from=2026-11-01&to=2026-11-30&page=1&pageSize=50',
      '/api/payments/orders?page=1&pageSize=50',
    ])
  })

  it('offers the export for exactly the current filters', async () => {
    setActivePinia(createPinia())
    mockFetch(jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 }))
    const store = usePaymentsStore()
    expect(store.exportUrl).toBe('/api/payments/orders/export')
    await store.applyFilters({ status: 'completed', dateRange: ['2026-10-01', '2026-10-31'] })
    expect(store.exportUrl).toBe('/api/payments/orders/export?status=completed&from=2026-10-01&to=2026-10-31')
    expect(store.isFiltered).toBe(true)
  })

  it('drops an answer that a newer request has overtaken', async () => {
    setActivePinia(createPinia())
    let answerFirst: (r: Response) => void = () => {}
    const fetchMock = vi.fn()
    fetchMock.mockImplementationOnce(() => new Promise<Response>((resolve) => (answerFirst = resolve)))
    fetchMock.mockResolvedValueOnce(jsonResponse({ items: [{ id: 'new' }], page: 1, pageSize: 20, total: 1 }))
    vi.stubGlobal('fetch', fetchMock)
    const store = usePaymentsStore()
    const first = store.load()
    await store.applyFilters({ direction: 'outgoing' })
    answerFirst(jsonResponse({ items: [{ id: 'old' }], page: 1, pageSize: 20, total: 1 }))
    await first
    expect(store.items.map((o) => o.id)).toEqual(['new'])
  })
})

describe('payment routes', () => {
  it.each([
    ['/pay', 'pay', 'titles.pay', 'Send money', '转账'],
    ['/payments', 'payments', 'titles.payments', 'Payments', '收付款记录'],
    ['/payments/ord-1', 'payment-detail', 'titles.paymentDetail', 'Payment details', '付款详情'],
  ])('%s is %s, for signed-in customers', (path, name, titleKey, en, zh) => {
    const route = createAppRouter(createMemoryHistory()).resolve(path)
    expect(route.name).toBe(name)
    expect(route.meta).toMatchObject({ titleKey, requiresAuth: true })
    expect(i18n.global.t(titleKey, {}, { locale: 'en' })).toBe(en)
    expect(i18n.global.t(titleKey, {}, { locale: 'zh-CN' })).toBe(zh)
  })
})
