import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest'
import { i18n } from '@/i18n'
import { formatMoney } from '@/utils/format'
import { confirmUrlOf } from '@/utils/topups'
import { flush, jsonResponse, problem, requestOf } from './helpers'
import { mountPayments, order, serveFetch, unmountAll, type Reply } from './paymentHelpers'

const TOPUP = 'POST /api/payments/topups'
const CONFIRM_URL = 'https://acquirer.example/pay/ch_123?sig=abc'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const topUpOrder = (extra = {}) =>
  order({
    id: 'top-1',
    kind: 'topup',
    direction: 'incoming',
    status: 'awaiting_confirmation',
    amountMinor: 50000,
    counterparty: { customerId: null, maskedName: 'Bank card' },
    ...extra,
  })
const created = (confirmUrl = CONFIRM_URL) => jsonResponse({ payment: topUpOrder(), confirmUrl }, 201)

const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values)

let assign: Mock
beforeEach(() => {
  // Leaving for the card page would end the test run: record where the page sends the browser instead.
  assign = vi.fn()
  vi.stubGlobal('location', { ...window.location, assign })
  sessionStorage.clear()
})

afterEach(() => {
  unmountAll()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
  sessionStorage.clear()
  i18n.global.locale.value = 'zh-CN'
})

async function open(routes: Record<string, Reply[]>) {
  const fetchMock = serveFetch(routes)
  const m = await mountPayments('/topup')
  return { ...m, fetchMock }
}

const posts = (fetchMock: ReturnType<typeof serveFetch>) =>
  fetchMock.mock.calls.map((_, i) => requestOf(fetchMock, i)).filter((r) => r.url === '/api/payments/topups')

describe('TopUpView', { timeout: 20_000 }, () => {
  it('tops up a quick amount: posts it with an Idempotency-Key, keeps the card page address and goes there', async () => {
    i18n.global.locale.value = 'en'
    const m = await open({ [TOPUP]: [created()] })
    expect(m.el.querySelector('h1')?.textContent).toBe('Top up')
    // The card is entered at the card company, never here.
    expect(m.text('topup-card-note')).toContain('Jade never sees your card number')
    expect(m.q('card-number-input')).toBeNull()

    const quick = m.all('topup-quick-amount')
    expect(quick.map((b) => b.dataset.amount)).toEqual(['100', '500', '1000'])
    expect(quick.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false'])
    await m.click(quick[1])
    expect(m.input('topup-amount').value).toBe('500')
    expect(m.all('topup-quick-amount').map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true', 'false'])
    expect(m.text('topup-submit')).toBe(`Continue to card payment (${formatMoney(50000n, 'CNY', 'en')})`)

    await m.submit('topup-amount')
    const [post] = posts(m.fetchMock)
    expect(post!.init.method).toBe('POST')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(post!.headers['Idempotency-Key']).toMatch(UUID)
    expect(JSON.parse(post!.init.body as string)).toEqual({ amount: '500.00', currency: 'CNY' })

    expect(assign).toHaveBeenCalledTimes(1)
    expect(assign).toHaveBeenCalledWith(CONFIRM_URL)
    expect(confirmUrlOf('top-1')).toBe(CONFIRM_URL)
    expect(m.text('topup-redirecting')).toContain(t('topup.redirecting'))
    expect(m.q('topup-redirect-link')?.getAttribute('href')).toBe(CONFIRM_URL)

    // While the browser leaves, pressing again does nothing.
    expect(m.q('topup-submit')?.classList.contains('is-loading')).toBe(true)
    await m.submit('topup-amount')
    expect(m.fetchMock.calls(TOPUP)).toBe(1)
    expect(assign).toHaveBeenCalledTimes(1)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('takes a typed amount, checked with the amount rules first (full-width digits are fine)', async () => {
    i18n.global.locale.value = 'en'
    const m = await open({ [TOPUP]: [created()] })
    for (const [typed, message] of [
      ['', 'Enter an amount'],
      ['1.234', 'Use at most 2 decimal places'],
      ['0', 'The amount must be more than zero'],
      ['-5', 'Enter an amount in digits, like 30 or 30.50'],
    ]) {
      await m.type('topup-amount', typed!)
      await m.submit('topup-amount')
      expect(m.itemError('topup-amount')).toBe(message)
    }
    expect(m.fetchMock.calls(TOPUP)).toBe(0)
    expect(m.input('topup-amount').getAttribute('aria-required')).toBe('true')
    expect(m.input('topup-amount').getAttribute('aria-describedby')).toBe('topup-amount-hint')

    await m.type('topup-amount', '２５０．５')
    await m.submit('topup-amount')
    expect(JSON.parse(posts(m.fetchMock)[0]!.init.body as string)).toEqual({ amount: '250.50', currency: 'CNY' })
    expect(assign).toHaveBeenCalledWith(CONFIRM_URL)
    m.unmount()
  })

  it('says card payments are unavailable (503), that nothing was charged, and lets the customer retry with the same key', async () => {
    i18n.global.locale.value = 'en'
    const m = await open({
      [TOPUP]: [problem(503, { title: 'Card payments unavailable', detail: 'The card payment service is not available right now; nothing was charged.' }), created()],
    })
    await m.type('topup-amount', '100')
    await m.submit('topup-amount')
    expect(m.text('topup-error')).toBe(t('topup.errors.unavailable'))
    expect(m.text('topup-error')).toContain('Nothing was charged')
    expect(assign).not.toHaveBeenCalled()
    expect(m.q('topup-submit')?.classList.contains('is-loading')).toBe(false)

    await m.submit('topup-amount')
    const [first, retry] = posts(m.fetchMock)
    expect(retry!.headers['Idempotency-Key']).toBe(first!.headers['Idempotency-Key'])
    expect(assign).toHaveBeenCalledWith(CONFIRM_URL)
    m.unmount()
  })

  it('explains an over-limit refusal (422) in the page’s language when it names the limit', async () => {
    i18n.global.locale.value = 'zh-CN'
    const limit = { which: 'per_transaction', limitMinor: 500_000, usedMinor: 0, kycLevel: 2 }
    const m = await open({ [TOPUP]: [problem(422, { title: 'Over your limit', detail: 'A single top-up is at most 5000.00 CNY.', limit })] })
    await m.type('topup-amount', '8000')
    await m.submit('topup-amount')
    expect(m.itemError('topup-amount')).toBe(`此笔充值超出了您的单笔充值限额 ${formatMoney(500_000n, 'CNY', 'zh-CN')}。`)
    m.unmount()
  })

  it('shows an over-limit refusal (422) under the amount with the server’s explanation, and uses a new key next time', async () => {
    i18n.global.locale.value = 'en'
    const detail = 'A single top-up is at most 5000.00 CNY at your verification level.'
    const m = await open({ [TOPUP]: [problem(422, { title: 'Over your limit', detail }), created()] })
    await m.type('topup-amount', '8000')
    await m.submit('topup-amount')
    expect(m.itemError('topup-amount')).toBe(`This top-up is over your limit. ${detail}`)
    expect(m.q('topup-error')).toBeNull()
    expect(assign).not.toHaveBeenCalled()
    // The message stays until the amount changes, and blocks sending the same amount again meanwhile.
    await m.submit('topup-amount')
    expect(m.fetchMock.calls(TOPUP)).toBe(1)
    await m.type('topup-amount', '5000')
    await m.settle()
    expect(m.itemError('topup-amount')).toBe('')
    await m.submit('topup-amount')
    const [first, second] = posts(m.fetchMock)
    expect(second!.headers['Idempotency-Key']).not.toBe(first!.headers['Idempotency-Key'])
    m.unmount()
  })

  it('puts a 400 amount error under the field and other field errors above the button', async () => {
    const m = await open({
      [TOPUP]: [problem(400, { errors: { Amount: ['Enter an amount above 0 with at most 2 decimals, e.g. 100.00.'], currency: ['Only CNY can be topped up.'] } })],
    })
    await m.type('topup-amount', '100')
    await m.submit('topup-amount')
    expect(m.itemError('topup-amount')).toBe('Enter an amount above 0 with at most 2 decimals, e.g. 100.00.')
    expect(m.text('topup-error')).toBe('Only CNY can be topped up.')
    m.unmount()
  })

  it('keeps the key after no answer or a request still running (409), and says nothing has been charged', async () => {
    i18n.global.locale.value = 'en'
    const m = await open({
      [TOPUP]: [new TypeError('Failed to fetch'), problem(409, { detail: 'A request with this key is still being processed; retry shortly.' }), created()],
    })
    await m.type('topup-amount', '100')
    await m.submit('topup-amount')
    expect(m.text('topup-error')).toBe(t('topup.errors.unknownOutcome'))
    await m.submit('topup-amount')
    expect(m.text('topup-error')).toBe(t('topup.errors.inFlight'))
    await m.submit('topup-amount')
    const keys = posts(m.fetchMock).map((r) => r.headers['Idempotency-Key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(assign).toHaveBeenCalledWith(CONFIRM_URL)
    m.unmount()
  })

  it('sends only one top-up when the button is pressed twice', async () => {
    let answer: (r: Response) => void = () => {}
    const m = await open({ [TOPUP]: [() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response] })
    await m.type('topup-amount', '100')
    const form = m.q('topup-amount')!.closest('form')!
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await flush()
    expect(m.q('topup-submit')?.classList.contains('is-loading')).toBe(true)
    m.q('topup-submit')!.click()
    await flush()
    expect(m.fetchMock.calls(TOPUP)).toBe(1)
    answer(created())
    await flush()
    expect(assign).toHaveBeenCalledTimes(1)
    m.unmount()
  })

  it('never follows an address that is not a web page', async () => {
    const m = await open({ [TOPUP]: [created('javascript:alert(1)')] })
    await m.type('topup-amount', '100')
    await m.submit('topup-amount')
    expect(assign).not.toHaveBeenCalled()
    expect(m.text('topup-error')).toBe(t('topup.errors.badUrl'))
    expect(confirmUrlOf('top-1')).toBeNull()
    m.unmount()
  })
})
