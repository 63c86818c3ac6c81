import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { formatMoney } from '@/utils/format'
import { flush, jsonResponse, noContent, problem, requestOf } from './helpers'
import { detail, mountPayments, order, serveFetch, sleep, TEST_POLL, until, type Reply, resetPaymentPagesAfterEach } from './paymentHelpers'

const PIN = 'GET /api/payments/pin'
const PAYEE = 'GET /api/payments/payees'
const SEND = 'POST /api/payments/transfers'
const ORDER = 'GET /api/payments/orders/ord-1'

const pinSet = () => jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })
const pinUnset = () => jsonResponse({ isSet: false, locked: false, remainingAttempts: 5 })
const sam = () => jsonResponse({ customerId: 'cust-2', maskedEmail: 's*****e@example.com', maskedPhone: null })
const samByPhone = (maskedEmail: string | null = null) =>
  jsonResponse({ customerId: 'cust-2', maskedEmail, maskedPhone: '+86 138****8000' })
const accepted = () => jsonResponse(order(), 202)

const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values)

resetPaymentPagesAfterEach()

/** Opens /pay and walks to the confirmation step: finds the payee, confirms them, enters the amount (and memo). */
async function toConfirm(routes: Record<string, Reply[]>, values: { email?: string; amount?: string; memo?: string } = {}) {
  const fetchMock = serveFetch({ [PIN]: [pinSet], [PAYEE]: [sam()], ...routes })
  const m = await mountPayments('/pay')
  await m.type('pay-email', values.email ?? 'sam@example.com')
  await m.submit('pay-email')
  await m.click('pay-confirm-payee')
  await m.type('pay-amount', values.amount ?? '30')
  if (values.memo !== undefined) await m.type('pay-memo', values.memo)
  await m.submit('pay-amount')
  return { ...m, fetchMock }
}

/** Enters the PIN and presses Pay. */
async function pay(m: Awaited<ReturnType<typeof mountPayments>>, pin = '246810') {
  await m.type('pay-pin', pin)
  await m.submit('pay-pin')
}

const sends = (fetchMock: ReturnType<typeof serveFetch>) =>
  fetchMock.mock.calls.map((_, i) => requestOf(fetchMock, i)).filter((r) => r.url === '/api/payments/transfers')

describe('PayView: the send flow', { timeout: 20_000 }, () => {
  it('looks up the payee, shows the masked email to confirm, posts with an Idempotency-Key and follows the order to completed', async () => {
    i18n.global.locale.value = 'en'
    const timeline = [
      { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
      { status: 'funds_held', at: '2026-11-27T08:00:01Z', detail: null },
      { status: 'screened', at: '2026-11-27T08:00:01Z', detail: 'approve' },
      { status: 'posting', at: '2026-11-27T08:00:02Z', detail: null },
    ]
    const fetchMock = serveFetch({
      [PIN]: [pinSet],
      [PAYEE]: [sam()],
      [SEND]: [accepted()],
      [ORDER]: [
        jsonResponse(detail()),
        jsonResponse(detail({ status: 'posting', timeline })),
        jsonResponse(
          detail({
            status: 'completed',
            completedAt: '2026-11-27T08:00:03Z',
            timeline: [...timeline, { status: 'completed', at: '2026-11-27T08:00:03Z', detail: null }],
          }),
        ),
      ],
    })
    const m = await mountPayments('/pay')
    expect(m.el.querySelector('h1')?.textContent).toBe('Send money')
    expect(m.q('pay-step-payee')).not.toBeNull()

    await m.type('pay-email', ' sam@example.com ')
    await m.submit('pay-email')
    const lookup = requestOf(fetchMock, fetchMock.mock.calls.findIndex(([url]) => String(url).startsWith('/api/payments/payees?')))
    expect(lookup.url).toBe('/api/payments/payees?email=sam%40example.com')
    expect(m.text('payee-masked')).toBe('s*****e@example.com')
    expect(m.text('payee-masked-email')).toBe('s*****e@example.com')
    expect(m.q('payee-masked-phone')).toBeNull()
    expect(m.text('pay-found')).toContain('Is this who you want to pay?')

    await m.click('pay-confirm-payee')
    expect(m.q('pay-step-amount')?.textContent).toContain('s*****e@example.com')
    await m.type('pay-amount', '30')
    await m.type('pay-memo', '  Dinner  ')
    await m.submit('pay-amount')

    expect(m.text('summary-payee')).toBe('s*****e@example.com')
    expect(m.text('summary-amount')).toBe(formatMoney(3000n, 'CNY', 'en'))
    expect(m.text('summary-memo')).toBe('Dinner')
    expect(m.text('pay-submit')).toBe(`Pay ${formatMoney(3000n, 'CNY', 'en')}`)

    await pay(m)
    const [post] = sends(fetchMock)
    expect(post!.init.method).toBe('POST')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(post!.headers['Idempotency-Key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(JSON.parse(post!.init.body as string)).toEqual({ payeeId: 'cust-2', amount: '30.00', currency: 'CNY', memo: 'Dinner', pin: '246810' })

    expect(m.q('pay-step-status')).not.toBeNull()
    // It polls until the order is completed, showing the timeline as it grows…
    await until(() => m.q('payment-outcome')?.dataset.status === 'completed')
    expect(m.q('payment-outcome')?.textContent).toContain('The payment is complete.')
    expect(m.all('timeline-step').map((s) => s.textContent)).toEqual([
      'Payment accepted',
      'Money set aside',
      'Security check done',
      'Completing the payment',
      'Payment completed',
    ])
    expect(m.text('status-amount')).toBe(formatMoney(3000n, 'CNY', 'en'))
    expect(m.q('pay-view-details')?.getAttribute('href')).toBe('/payments/ord-1')

    // …and then stops.
    const looks = fetchMock.calls(ORDER)
    expect(looks).toBe(3)
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls(ORDER)).toBe(looks)
    expect(fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('leaves the memo out when it is blank and starts a new payment with a new key', async () => {
    const m = await toConfirm({ [SEND]: [accepted(), accepted()], [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))], [PAYEE]: [sam(), sam()] })
    await pay(m)
    await m.click('pay-again')
    expect(m.q('pay-step-payee')).not.toBeNull()
    expect(m.input('pay-email').value).toBe('')
    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    await m.click('pay-confirm-payee')
    await m.type('pay-amount', '30')
    await m.submit('pay-amount')
    await pay(m)
    const [first, second] = sends(m.fetchMock)
    expect(JSON.parse(first!.init.body as string)).not.toHaveProperty('memo')
    expect(first!.init.body).toBe(second!.init.body)
    expect(second!.headers['Idempotency-Key']).not.toBe(first!.headers['Idempotency-Key'])
    m.unmount()
  })

  it('stops polling when the page is left', async () => {
    const m = await toConfirm({ [SEND]: [accepted()], [ORDER]: [() => jsonResponse(detail({ status: 'accepted' }))] })
    await pay(m)
    await sleep(TEST_POLL.firstMs * 2)
    expect(m.fetchMock.calls(ORDER)).toBeGreaterThan(0)
    await m.router.push('/wallet')
    await flush()
    const looks = m.fetchMock.calls(ORDER)
    await sleep(TEST_POLL.maxMs * 3)
    expect(m.fetchMock.calls(ORDER)).toBe(looks)
    m.unmount()
  })

  it('polls less often while nothing changes', async () => {
    const m = await toConfirm({ [SEND]: [accepted()], [ORDER]: [() => jsonResponse(detail({ status: 'in_review' }))] })
    await pay(m)
    await sleep(600)
    // Every 20 ms without backoff would be ~30 looks; growing to 80 ms it is well under half that.
    const looks = m.fetchMock.calls(ORDER)
    expect(looks).toBeGreaterThanOrEqual(3)
    expect(looks).toBeLessThan(15)
    m.unmount()
  })

  it('refuses to send twice while the first payment is on its way', async () => {
    let answer: (r: Response) => void = () => {}
    const m = await toConfirm({
      [SEND]: [() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await m.type('pay-pin', '246810')
    const form = m.q('pay-pin')!.closest('form')!
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await flush()
    expect(m.q('pay-submit')?.classList.contains('is-loading')).toBe(true)
    m.q('pay-submit')!.click()
    await flush()
    expect(m.fetchMock.calls(SEND)).toBe(1)
    answer(accepted())
    await flush()
    expect(m.q('pay-step-status')).not.toBeNull()
    m.unmount()
  })
})

describe('PayView: Idempotency-Key', { timeout: 20_000 }, () => {
  it('reuses the key when the same payment is sent again after no answer or a 5xx', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [SEND]: [new TypeError('Failed to fetch'), problem(503, { title: 'Payments unavailable' }), accepted()],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await pay(m)
    expect(m.text('pay-error')).toBe(t('pay.errors.unknownOutcome'))
    // The PIN stays, so the very same request can go again.
    expect(m.input('pay-pin').value).toBe('246810')
    await m.submit('pay-pin')
    expect(m.text('pay-error')).toBe(t('pay.errors.unknownOutcome'))
    await m.submit('pay-pin')
    const keys = sends(m.fetchMock).map((r) => r.headers['Idempotency-Key'])
    const bodies = sends(m.fetchMock).map((r) => r.init.body)
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(new Set(bodies).size).toBe(1)
    expect(m.q('pay-step-status')).not.toBeNull()
    m.unmount()
  })

  it('keeps the key while the first request is still being processed (409)', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [SEND]: [problem(409, { title: 'Conflict', detail: 'A request with this key is still being processed; retry shortly.' }), accepted()],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await pay(m)
    expect(m.text('pay-error')).toBe(t('pay.errors.inFlight'))
    await m.submit('pay-pin')
    const [first, retry] = sends(m.fetchMock)
    expect(retry!.headers['Idempotency-Key']).toBe(first!.headers['Idempotency-Key'])
    m.unmount()
  })

  it('uses a fresh key after a 4xx, even for the same details', async () => {
    const m = await toConfirm({
      [SEND]: [problem(403, { detail: 'Wrong payment PIN.', remainingAttempts: 4 }), problem(422, { detail: 'Over your limit' }), accepted()],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await pay(m)
    await pay(m)
    // The 422 took the customer back to the amount; sending the same amount again is a new attempt too.
    expect(m.q('pay-step-amount')).not.toBeNull()
    await m.type('pay-amount', '20')
    await m.type('pay-amount', '30')
    await m.submit('pay-amount')
    await pay(m)
    const keys = sends(m.fetchMock).map((r) => r.headers['Idempotency-Key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(3)
    expect(new Set(sends(m.fetchMock).map((r) => r.init.body)).size).toBe(1)
    m.unmount()
  })

  it('uses a new key when the details change after a failure', async () => {
    const m = await toConfirm({
      [SEND]: [new TypeError('Failed to fetch'), accepted()],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await pay(m)
    await m.click('pay-back')
    await m.type('pay-amount', '31')
    await m.submit('pay-amount')
    await pay(m)
    const [first, second] = sends(m.fetchMock)
    expect(JSON.parse(second!.init.body as string).amount).toBe('31.00')
    expect(second!.headers['Idempotency-Key']).not.toBe(first!.headers['Idempotency-Key'])
    m.unmount()
  })
})

describe('PayView: refusals', { timeout: 20_000 }, () => {
  it('shows a wrong PIN under the PIN field with the attempts left, and clears it', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({ [SEND]: [problem(403, { title: 'Wrong payment PIN', remainingAttempts: 2 })] })
    await pay(m, '135790')
    expect(m.itemError('pay-pin')).toBe('Wrong payment PIN. Wrong tries left before it locks: 2')
    expect(m.input('pay-pin').value).toBe('')
    expect(m.q('pay-error')).toBeNull()
    // Typing again clears the message.
    await m.type('pay-pin', '1')
    await m.settle()
    expect(m.itemError('pay-pin')).toBe('')
    m.unmount()
  })

  it('explains a locked PIN (423) and offers no way to pay', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({ [SEND]: [problem(423, { title: 'Payment PIN locked' })] })
    await pay(m)
    expect(m.text('pay-pin-locked')).toBe(t('pay.errors.pinLocked'))
    expect(m.q('pay-pin')).toBeNull()
    expect(m.q('pay-submit')).toBeNull()
    m.unmount()
  })

  it('says so up front when the PIN is already locked', async () => {
    const fetchMock = serveFetch({ [PIN]: [jsonResponse({ isSet: true, locked: true, remainingAttempts: 0 })], [PAYEE]: [sam()] })
    const m = await mountPayments('/pay')
    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    await m.click('pay-confirm-payee')
    await m.type('pay-amount', '1')
    await m.submit('pay-amount')
    expect(m.q('pay-pin-locked')).not.toBeNull()
    expect(m.q('pay-submit')).toBeNull()
    expect(fetchMock.calls(SEND)).toBe(0)
    m.unmount()
  })

  it('lets the customer set a PIN inside the flow when the server says none is set (409 pin-not-set), then pay', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [PIN]: [pinSet(), pinUnset(), pinSet()],
      [SEND]: [problem(409, { type: 'https://jade.example/problems/pin-not-set', title: 'No payment PIN', detail: 'Set a payment PIN before you pay.' }), accepted()],
      'PUT /api/payments/pin': [noContent()],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await pay(m)
    expect(m.q('pay-pin-setup')?.textContent).toContain(t('pay.pinNeeded'))
    // The payment's details are still there.
    expect(m.text('summary-amount')).toBe(formatMoney(3000n, 'CNY', 'en'))

    await m.type('pin-new', '246810')
    await m.type('pin-confirm', '246810')
    await m.submit('pin-new')
    const put = m.fetchMock.mock.calls.map((_, i) => requestOf(m.fetchMock, i)).find((r) => r.init.method === 'PUT')!
    expect(JSON.parse(put.init.body as string)).toEqual({ pin: '246810' })
    expect(m.q('pay-pin-setup')).toBeNull()

    await pay(m)
    expect(m.q('pay-step-status')).not.toBeNull()
    const [first, second] = sends(m.fetchMock)
    expect(second!.headers['Idempotency-Key']).not.toBe(first!.headers['Idempotency-Key'])
    m.unmount()
  })

  it('asks for a PIN first when none is set yet', async () => {
    const m = await toConfirm({ [PIN]: [pinUnset()] })
    expect(m.q('pay-pin-setup')).not.toBeNull()
    expect(m.q('pin-current')).toBeNull()
    expect(m.q('pay-submit')).toBeNull()
    m.unmount()
  })

  it.each([
    ['en', (limit: string, used: string) => `This payment would exceed your daily limit of ${limit} (${used} already used today).`],
    ['zh-CN', (limit: string, used: string) => `此笔付款将超出您的每日限额 ${limit}（今日已使用 ${used}）。`],
  ] as const)('takes an over-limit refusal (422) back to the amount, explained in %s from the limit it names', async (locale, sentence) => {
    i18n.global.locale.value = locale
    // The server's own sentence is English whatever the page's language: only its `limit` is read.
    const detailText = 'This payment would pass your daily limit of 5000.00 CNY (4990.00 already used today).'
    const limit = { which: 'per_day', limitMinor: 500_000, usedMinor: 499_000, kycLevel: 2 }
    const m = await toConfirm({ [SEND]: [problem(422, { title: 'Over your limit', detail: detailText, limit })] })
    await pay(m)
    expect(m.q('pay-step-amount')).not.toBeNull()
    await m.settle()
    const money = (minor: bigint) => formatMoney(minor, 'CNY', locale)
    expect(m.itemError('pay-amount')).toBe(sentence(money(500_000n), money(499_000n)))
    expect(m.itemError('pay-amount')).not.toContain('CNY')
    expect(m.input('pay-amount').value).toBe('30')
    m.unmount()
  })

  it('says the generic sentence and the server’s explanation when a 422 names no limit it can read', async () => {
    i18n.global.locale.value = 'en'
    const detailText = 'This payment would pass your daily limit of 5000.00 CNY (4990.00 already used today).'
    const m = await toConfirm({ [SEND]: [problem(422, { title: 'Over your limit', detail: detailText, limit: { which: 'per_day' } })] })
    await pay(m)
    await m.settle()
    expect(m.itemError('pay-amount')).toBe(`This payment is over your limit. ${detailText}`)
    m.unmount()
  })

  it('takes an unknown payee (404) back to the first step', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({ [SEND]: [problem(404, { title: 'Unknown payee' })] })
    await pay(m)
    expect(m.q('pay-step-payee')).not.toBeNull()
    await m.settle()
    expect(m.itemError('pay-email')).toBe(t('pay.errors.payeeGone'))
    expect(m.q('pay-found')).toBeNull()
    m.unmount()
  })

  it.each([
    ['en', 'invisible text-direction characters'],
    ['zh-CN', '文字方向控制字符'],
  ] as const)('refuses a note with a right-to-left override before sending anything, saying why (%s)', async (locale, words) => {
    i18n.global.locale.value = locale
    const m = await toConfirm({}, { memo: 'Invoice \u202Egpj.exe' })
    await m.settle()
    expect(m.q('pay-step-confirm')).toBeNull()
    expect(m.q('pay-step-amount')).not.toBeNull()
    expect(m.itemError('pay-memo')).toBe(i18n.global.t('pay.errors.memo.direction'))
    expect(m.itemError('pay-memo')).toContain(words)
    expect(sends(m.fetchMock)).toHaveLength(0)
    m.unmount()
  })

  it('puts 400 field errors under their fields', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm(
      { [SEND]: [problem(400, { errors: { Memo: ['The note is at most 140 characters, without control characters.'] } })] },
      { memo: 'hi' },
    )
    await pay(m)
    expect(m.q('pay-step-amount')).not.toBeNull()
    await m.settle()
    expect(m.itemError('pay-memo')).toBe('The note is at most 140 characters, without control characters.')
    expect(m.itemError('pay-amount')).toBe('')
    m.unmount()
  })

  it('keeps a PIN format error from the server by the PIN', async () => {
    const m = await toConfirm({ [SEND]: [problem(400, { errors: { pin: ['The payment PIN is exactly 6 digits.'] } })] })
    await pay(m)
    expect(m.q('pay-step-confirm')).not.toBeNull()
    expect(m.itemError('pay-pin')).toBe('The payment PIN is exactly 6 digits.')
    m.unmount()
  })

  it('checks the amount before sending anything', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ [PIN]: [pinSet], [PAYEE]: [sam()] })
    const m = await mountPayments('/pay')
    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    await m.click('pay-confirm-payee')
    for (const [typed, message] of [
      ['', 'Enter an amount'],
      ['1.234', 'Use at most 2 decimal places'],
      ['0', 'The amount must be more than zero'],
      ['1e3', 'Enter an amount in digits, like 30 or 30.50'],
      ['12345678901234', 'The amount can have at most 13 digits before the decimal point'],
    ]) {
      await m.type('pay-amount', typed!)
      await m.submit('pay-amount')
      expect(m.itemError('pay-amount')).toBe(message)
      expect(m.q('pay-step-amount')).not.toBeNull()
    }
    // Full-width digits from a Chinese input method are fine.
    await m.type('pay-amount', '３０．５')
    await m.submit('pay-amount')
    expect(m.text('summary-amount')).toBe(formatMoney(3050n, 'CNY', 'en'))
    expect(fetchMock.calls(SEND)).toBe(0)
    m.unmount()
  })
})

describe('PayView: payee lookup', { timeout: 20_000 }, () => {
  it.each([
    [problem(404, { title: 'Unknown payee' }), 'No Jade customer uses this email address'],
    [problem(422, { title: 'That is you' }), 'You cannot send money to yourself'],
    [problem(400, { errors: { email: ['Enter a valid e-mail address.'] } }), 'Enter a valid e-mail address.'],
  ])('shows a refused lookup by email under the recipient field (%#)', async (reply, message) => {
    i18n.global.locale.value = 'en'
    serveFetch({ [PIN]: [pinSet], [PAYEE]: [reply] })
    const m = await mountPayments('/pay')
    await m.type('pay-email', 'who@example.com')
    await m.submit('pay-email')
    expect(m.itemError('pay-email')).toBe(message)
    expect(m.q('pay-found')).toBeNull()
    m.unmount()
  })

  it.each([
    [problem(404, { title: 'Unknown payee' }), 'No Jade customer uses this mobile number'],
    [problem(422, { title: 'That is you' }), 'You cannot send money to yourself'],
    [problem(409, { title: 'Ambiguous phone number' }), 'More than one Jade customer uses this mobile number; enter their email address instead'],
    [problem(400, { errors: { phone: ['Enter a phone number: digits with an optional + and country code.'] } }), 'Enter a phone number: digits with an optional + and country code.'],
  ])('shows a refused lookup by phone under the recipient field (%#)', async (reply, message) => {
    i18n.global.locale.value = 'en'
    serveFetch({ [PIN]: [pinSet], [PAYEE]: [reply] })
    const m = await mountPayments('/pay')
    await m.type('pay-email', '13800138000')
    await m.submit('pay-email')
    expect(m.itemError('pay-email')).toBe(message)
    expect(m.q('pay-found')).toBeNull()
    m.unmount()
  })

  it('says when lookups are rate-limited, and checks the address or number before asking', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ [PIN]: [pinSet], [PAYEE]: [problem(429, { title: 'Too Many Requests' })] })
    const m = await mountPayments('/pay')
    for (const [typed, message] of [
      ['', 'Enter the recipient’s email address or mobile number'],
      ['who@example', 'Enter a valid email address'],
      ['not-an-email', 'Enter a valid mobile number: digits, optionally starting with + and the country code'],
      ['+86 138', 'Enter a valid mobile number: digits, optionally starting with + and the country code'],
    ]) {
      await m.type('pay-email', typed!)
      await m.submit('pay-email')
      expect(m.itemError('pay-email')).toBe(message)
    }
    expect(fetchMock.calls(PAYEE)).toBe(0)
    await m.type('pay-email', 'who@example.com')
    await m.submit('pay-email')
    expect(m.text('pay-lookup-error')).toBe(t('pay.errors.tooManyLookups'))
    m.unmount()
  })

  it('looks the payee up by mobile number, shows the masked number to confirm and pays them', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({
      [PIN]: [pinSet],
      [PAYEE]: [samByPhone()],
      [SEND]: [accepted()],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed' }))],
    })
    const m = await mountPayments('/pay')
    await m.type('pay-email', ' +86 138-0013 8000 ')
    await m.submit('pay-email')
    const lookup = requestOf(fetchMock, fetchMock.mock.calls.findIndex(([url]) => String(url).startsWith('/api/payments/payees?')))
    expect(lookup.url).toBe('/api/payments/payees?phone=%2B8613800138000')
    expect(m.text('payee-masked-phone')).toBe('+86 138****8000')
    expect(m.q('payee-masked-email')).toBeNull()
    expect(document.activeElement).toBe(m.q('pay-confirm-payee'))

    await m.click('pay-confirm-payee')
    expect(m.q('pay-step-amount')?.textContent).toContain('+86 138****8000')
    await m.type('pay-amount', '30')
    await m.submit('pay-amount')
    expect(m.text('summary-payee')).toBe('+86 138****8000')
    await pay(m)
    expect(JSON.parse(sends(fetchMock)[0]!.init.body as string)).toMatchObject({ payeeId: 'cust-2', amount: '30.00' })
    expect(m.q('pay-step-status')).not.toBeNull()
    expect(fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows every masked contact that comes back', async () => {
    serveFetch({ [PIN]: [pinSet], [PAYEE]: [samByPhone('s*****e@example.com')] })
    const m = await mountPayments('/pay')
    await m.type('pay-email', '13800138000')
    await m.submit('pay-email')
    expect(m.text('payee-masked-email')).toBe('s*****e@example.com')
    expect(m.text('payee-masked-phone')).toBe('+86 138****8000')
    await m.click('pay-confirm-payee')
    await m.type('pay-amount', '30')
    await m.submit('pay-amount')
    expect(m.text('summary-payee')).toBe('s*****e@example.com · +86 138****8000')
    m.unmount()
  })

  it('labels the recipient field and ties its hint and error to it', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({ [PIN]: [pinSet] })
    const m = await mountPayments('/pay')
    const field = m.input('pay-email')
    expect(m.el.querySelector(`label[for="${field.id}"]`)?.textContent).toBe('Recipient’s email address or mobile number')
    expect(field.getAttribute('aria-required')).toBe('true')
    expect(field.getAttribute('aria-invalid')).toBe('false')
    expect(field.getAttribute('aria-describedby')).toBe('pay-recipient-hint')
    expect(m.el.querySelector('#pay-recipient-hint')?.textContent).toContain('mobile number')

    await m.submit('pay-email')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(field.getAttribute('aria-describedby')).toBe('pay-recipient-hint pay-recipient-error')
    expect(m.el.querySelector('#pay-recipient-error')?.textContent).toBe('Enter the recipient’s email address or mobile number')

    i18n.global.locale.value = 'zh-CN'
    await m.settle()
    expect(m.el.querySelector(`label[for="${field.id}"]`)?.textContent).toBe('收款人邮箱或手机号')
    expect(m.itemError('pay-email')).toBe('请输入收款人邮箱或手机号')
    m.unmount()
  })

  it('forgets the found payee when the address or number is edited', async () => {
    serveFetch({ [PIN]: [pinSet], [PAYEE]: [sam()] })
    const m = await mountPayments('/pay')
    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    expect(m.q('pay-found')).not.toBeNull()
    await m.type('pay-email', 'sal@example.com')
    expect(m.q('pay-found')).toBeNull()
    expect(m.q('pay-find')).not.toBeNull()
    m.unmount()
  })
})

describe('PayView: outcomes', { timeout: 20_000 }, () => {
  it.each([
    ['insufficient_funds', 'balance was not enough'],
    ['risk_declined', 'security checks declined'],
    ['review_declined', 'After a review'],
    ['review_timeout', 'not finished in time'],
    ['hold_expired', 'took too long'],
    ['ledger_rejected', 'could not be recorded'],
  ])('explains a payment that failed with %s', async (reason, words) => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [SEND]: [accepted()],
      [ORDER]: [
        jsonResponse(
          detail({
            status: 'failed',
            failureReason: reason,
            timeline: [
              { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
              { status: 'failed', at: '2026-11-27T08:00:01Z', detail: reason },
            ],
          }),
        ),
      ],
    })
    await pay(m)
    await sleep(TEST_POLL.firstMs)
    await flush()
    const outcome = m.q('payment-outcome')!
    expect(outcome.dataset.status).toBe('failed')
    expect(outcome.textContent).toContain('The payment failed.')
    expect(outcome.textContent).toContain(words)
    expect(m.all('timeline-detail').at(-1)?.textContent).toContain(words)
    m.unmount()
  })

  it('tells the customer a payment in review may take a while', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await toConfirm({ [SEND]: [accepted()], [ORDER]: [() => jsonResponse(detail({ status: 'in_review' }))] })
    await pay(m)
    await sleep(TEST_POLL.firstMs)
    await flush()
    expect(m.q('payment-outcome')?.textContent).toContain('可能需要一段时间')
    expect(m.q('payment-outcome')?.textContent).toContain(t('pay.live'))
    m.unmount()
  })

  it('keeps following through a failed status request', async () => {
    i18n.global.locale.value = 'en'
    let healthy = false
    const m = await toConfirm({
      [SEND]: [accepted()],
      [ORDER]: [() => (healthy ? jsonResponse(detail({ status: 'completed' })) : problem(503))],
    })
    await pay(m)
    expect(m.q('pay-refresh-error')?.textContent).toContain(t('pay.refreshError'))
    expect(m.q('payment-outcome')?.dataset.status).toBe('accepted')
    healthy = true
    await until(() => m.q('payment-outcome')?.dataset.status === 'completed')
    expect(m.q('payment-outcome')?.dataset.status).toBe('completed')
    expect(m.q('pay-refresh-error')).toBeNull()
    m.unmount()
  })
})
