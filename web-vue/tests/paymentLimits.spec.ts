import { describe, expect, it } from 'vitest'
import { createApp, defineComponent, h, ref } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '@/i18n'
import { ApiError } from '@/api/http'
import { limitBreachOf, type PaymentLimits } from '@/api/payments'
import { formatDateTime, formatMoney } from '@/utils/format'
import { nextPaymentCap, overLimitMessage, usedPercent, type PaymentCap } from '@/utils/limits'
import PaymentLimitsHint from '@/components/payments/PaymentLimitsHint.vue'
import { flush, jsonResponse, problem, requestOf } from './helpers'
import {
  detail,
  KYC_UPGRADE,
  LIMITS,
  limits,
  mountPayments,
  order,
  serveFetch,
  type Reply,
  resetPaymentPagesAfterEach,
  upgradeView,
} from './paymentHelpers'

const PIN = 'GET /api/payments/pin'
const PAYEE = 'GET /api/payments/payees'
const SEND = 'POST /api/payments/transfers'
const CARDS = 'GET /api/payments/cards'
const WITHDRAW = 'POST /api/payments/withdrawals'

/** The example of the API's description: level 1, ¥3,000 of ¥10,000 used today, ¥5,000 per payment. */
const levelOne = (extra: Partial<PaymentLimits> = {}): PaymentLimits =>
  limits({
    kycLevel: 1,
    perTransactionMinor: 500_000,
    perDayMinor: 1_000_000,
    usedTodayMinor: 300_000,
    remainingTodayMinor: 700_000,
    resetsAt: '2026-11-28T16:00:00+00:00',
    nextLevel: { kycLevel: 2, perTransactionMinor: 5_000_000, perDayMinor: 10_000_000 },
    ...extra,
  })

const pinSet = () => jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })
const sam = () => jsonResponse({ customerId: 'cust-2', maskedEmail: 's*****e@example.com', maskedPhone: null })
const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values)
const cny = (minor: bigint) => formatMoney(minor, 'CNY', i18n.global.locale.value)

resetPaymentPagesAfterEach()

/** Mounts the hint on its own (in a router, for its link), recording every cap it emits; `routes` answers other calls. */
async function mountHint(replies: Reply[], routes: Record<string, Reply[]> = {}) {
  const fetchMock = serveFetch({ [LIMITS]: replies, ...routes })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', component: defineComponent({ render: () => null }) }],
  })
  await router.push('/pay')
  await router.isReady()
  const caps: (PaymentCap | null)[] = []
  const hint = ref<InstanceType<typeof PaymentLimitsHint>>()
  const Root = defineComponent({ setup: () => () => h(PaymentLimitsHint, { ref: hint, onCap: (cap: PaymentCap | null) => caps.push(cap) }) })
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp(Root).use(i18n).use(router)
  app.mount(el)
  await flush()
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const text = (testId: string) => q(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
  const unmount = () => {
    app.unmount()
    el.remove()
  }
  return { el, fetchMock, caps, hint, q, text, unmount }
}

describe('PaymentLimitsHint', () => {
  it('shows the limits, what is left today, the level and the reset time in English', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountHint([jsonResponse(levelOne())])
    expect(m.text('limits-per-payment')).toBe(cny(500_000n))
    expect(m.text('limits-left-today')).toBe(cny(700_000n))
    expect(m.text('limits-level')).toBe('Level 1')
    expect(m.text('limits-used')).toBe(`${cny(300_000n)} of your ${cny(1_000_000n)} daily limit used today`)
    expect(m.text('limits-resets')).toBe(`The daily count resets on ${formatDateTime('2026-11-28T16:00:00+00:00', 'en')}.`)
    const progress = m.q('limits-progress')!
    expect(progress.getAttribute('role')).toBe('progressbar')
    expect(progress.getAttribute('aria-valuenow')).toBe('30')
    expect(progress.getAttribute('aria-label')).toBe('Daily limit used')
    expect(progress.getAttribute('aria-valuetext')).toBe(m.text('limits-used'))
    expect(m.q('limits-hint')?.getAttribute('aria-labelledby')).toBe(m.el.querySelector('h3')?.id)
    expect(m.caps.at(-1)).toEqual({ maxMinor: 500_000n, currency: 'CNY', which: 'perPayment' })
    m.unmount()
  })

  it('shows the same figures in Chinese', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await mountHint([jsonResponse(levelOne())])
    expect(m.el.textContent).toContain('单笔限额')
    expect(m.text('limits-per-payment')).toBe(formatMoney(500_000n, 'CNY', 'zh-CN'))
    expect(m.text('limits-left-today')).toBe(formatMoney(700_000n, 'CNY', 'zh-CN'))
    expect(m.text('limits-level')).toBe('等级 1')
    expect(m.text('limits-used')).toBe(`今日已用 ${formatMoney(300_000n, 'CNY', 'zh-CN')}，每日限额 ${formatMoney(1_000_000n, 'CNY', 'zh-CN')}`)
    expect(m.text('limits-resets')).toContain(formatDateTime('2026-11-28T16:00:00+00:00', 'zh-CN'))
    expect(m.text('limits-verify')).toBe(
      `完成实名认证，可将限额提高至单笔 ${formatMoney(5_000_000n, 'CNY', 'zh-CN')}、每日 ${formatMoney(10_000_000n, 'CNY', 'zh-CN')}。`,
    )
    m.unmount()
  })

  it('links to identity verification below level 2, with what the next level allows', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountHint([jsonResponse(levelOne())])
    const link = m.q('limits-verify')!
    expect(link.getAttribute('href')).toBe('/verification')
    expect(m.text('limits-verify')).toBe(`Verify your identity to raise your limits to ${cny(5_000_000n)} per payment and ${cny(10_000_000n)} per day.`)
    m.unmount()
  })

  it.each([
    ['en', (perPayment: string, perDay: string) => `Apply for level 3 verification to raise your limits to ${perPayment} per payment and ${perDay} per day.`],
    ['zh-CN', (perPayment: string, perDay: string) => `申请三级认证，可将限额提高至单笔 ${perPayment}、每日 ${perDay}。`],
  ] as const)('at level 2 links to applying for level 3, with what level 3 allows (%s)', async (locale, wording) => {
    i18n.global.locale.value = locale
    const m = await mountHint([jsonResponse(limits({ kycLevel: 2 }))])
    const link = m.q('limits-verify')!
    expect(link.getAttribute('href')).toBe('/verification')
    const money = (minor: bigint) => formatMoney(minor, 'CNY', locale)
    expect(m.text('limits-verify')).toBe(wording(money(20_000_000n), money(50_000_000n)))
    m.unmount()
  })

  it('offers no link where there is no next level, at level 3 or when level 2 is the last', async () => {
    for (const shown of [limits({ kycLevel: 2, nextLevel: null }), limits({ kycLevel: 3, nextLevel: null })]) {
      const m = await mountHint([jsonResponse(shown)])
      expect(m.q('limits-per-payment')).not.toBeNull()
      expect(m.q('limits-verify')).toBeNull()
      m.unmount()
    }
  })

  describe('at level 2, with the level 3 application', () => {
    const FAR_FUTURE = '2099-03-01T08:00:00+00:00'
    const money = (minor: bigint, locale: 'en' | 'zh-CN') => formatMoney(minor, 'CNY', locale)

    it.each([
      ['en', `Your level 3 application is being reviewed. Once approved, your limits rise to ${money(20_000_000n, 'en')} per payment and ${money(50_000_000n, 'en')} per day.`],
      ['zh-CN', `您的三级认证申请正在审核中。通过后，限额将提高至单笔 ${money(20_000_000n, 'zh-CN')}、每日 ${money(50_000_000n, 'zh-CN')}。`],
    ] as const)('says an application under review is being reviewed instead of inviting one (%s)', async (locale, wording) => {
      i18n.global.locale.value = locale
      const m = await mountHint([jsonResponse(limits({ kycLevel: 2 }))], {
        [KYC_UPGRADE]: [jsonResponse(upgradeView({ status: 'pending', applicationId: 'app-1', submittedAt: '2026-11-27T08:00:00Z', eligible: false }))],
      })
      expect(m.fetchMock.calls(KYC_UPGRADE)).toBe(1)
      expect(m.fetchMock.mock.calls.map(([url]) => url)).toContain('/api/identity/kyc/upgrade')
      expect(m.q('limits-verify')).toBeNull()
      expect(m.q('limits-level3-reapply')).toBeNull()
      expect(m.text('limits-level3-pending')).toBe(wording)
      expect(m.q('limits-level3-pending')?.getAttribute('href')).toBe('/verification')
      expect(m.text('limits-per-payment')).toBe(money(5_000_000n, locale))
      m.unmount()
    })

    it.each(['en', 'zh-CN'] as const)('says from when a rejected applicant may apply again (%s)', async (locale) => {
      i18n.global.locale.value = locale
      const m = await mountHint([jsonResponse(limits({ kycLevel: 2 }))], {
        [KYC_UPGRADE]: [
          jsonResponse(upgradeView({ status: 'rejected', applicationId: 'app-1', decidedAt: '2026-11-27T08:00:00Z', eligible: false, reapplyAfter: FAR_FUTURE })),
        ],
      })
      const date = formatDateTime(FAR_FUTURE, locale)
      expect(m.text('limits-level3-reapply')).toBe(
        locale === 'en' ? `You may apply for level 3 verification again from ${date}.` : `您可于 ${date} 起重新申请三级认证。`,
      )
      expect(m.q('limits-verify')).toBeNull()
      expect(m.q('limits-level3-pending')).toBeNull()
      m.unmount()
    })

    it.each([
      ['never applied', upgradeView()],
      ['rejected and free to apply again', upgradeView({ status: 'rejected', applicationId: 'app-1', eligible: true, reapplyAfter: null })],
      ['rejected, not eligible, with no date given', upgradeView({ status: 'rejected', applicationId: 'app-1', eligible: false, reapplyAfter: null })],
    ])('invites an application when the customer has %s', async (_, view) => {
      i18n.global.locale.value = 'en'
      const m = await mountHint([jsonResponse(limits({ kycLevel: 2 }))], { [KYC_UPGRADE]: [jsonResponse(view)] })
      expect(m.fetchMock.calls(KYC_UPGRADE)).toBe(1)
      expect(m.q('limits-verify')?.getAttribute('href')).toBe('/verification')
      expect(m.text('limits-verify')).toBe(t('limits.raiseLevel3', { perPayment: cny(20_000_000n), perDay: cny(50_000_000n) }))
      expect(m.q('limits-level3-pending')).toBeNull()
      expect(m.q('limits-level3-reapply')).toBeNull()
      m.unmount()
    })

    it.each([
      ['a refusal', () => problem(503)],
      ['a network error', () => new TypeError('Failed to fetch')],
    ])('still shows the figures and invites an application when the application cannot be loaded (%s)', async (_, failure) => {
      i18n.global.locale.value = 'en'
      const m = await mountHint([jsonResponse(limits({ kycLevel: 2 }))], { [KYC_UPGRADE]: [failure] })
      expect(m.fetchMock.calls(KYC_UPGRADE)).toBe(1)
      expect(m.q('limits-error')).toBeNull()
      expect(m.text('limits-per-payment')).toBe(cny(5_000_000n))
      expect(m.text('limits-left-today')).toBe(cny(10_000_000n))
      expect(m.text('limits-verify')).toBe(t('limits.raiseLevel3', { perPayment: cny(20_000_000n), perDay: cny(50_000_000n) }))
      expect(m.q('limits-level3-pending')).toBeNull()
      expect(m.caps.at(-1)).toEqual({ maxMinor: 5_000_000n, currency: 'CNY', which: 'perPayment' })
      m.unmount()
    })

    it('invites an application while the application is loading, and says it is under review once that is known', async () => {
      let answer: (r: Response) => void = () => {}
      const m = await mountHint([jsonResponse(limits({ kycLevel: 2 }))], {
        [KYC_UPGRADE]: [() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response],
      })
      expect(m.q('limits-verify')).not.toBeNull()
      expect(m.q('limits-level3-pending')).toBeNull()
      answer(jsonResponse(upgradeView({ status: 'pending', eligible: false })))
      await flush()
      expect(m.q('limits-verify')).toBeNull()
      expect(m.q('limits-level3-pending')).not.toBeNull()
      m.unmount()
    })

    it('asks for the application again when the page refreshes the limits', async () => {
      i18n.global.locale.value = 'en'
      const m = await mountHint([jsonResponse(limits({ kycLevel: 2 })), jsonResponse(limits({ kycLevel: 2 }))], {
        [KYC_UPGRADE]: [jsonResponse(upgradeView()), jsonResponse(upgradeView({ status: 'pending', eligible: false }))],
      })
      expect(m.q('limits-verify')).not.toBeNull()
      await m.hint.value!.refresh()
      await flush()
      expect(m.fetchMock.calls(KYC_UPGRADE)).toBe(2)
      expect(m.q('limits-verify')).toBeNull()
      expect(m.q('limits-level3-pending')).not.toBeNull()
      m.unmount()
    })

    it('never asks for the application below level 2, where verifying one’s identity is the way up', async () => {
      i18n.global.locale.value = 'en'
      const m = await mountHint([jsonResponse(levelOne())])
      expect(m.text('limits-verify')).toBe(`Verify your identity to raise your limits to ${cny(5_000_000n)} per payment and ${cny(10_000_000n)} per day.`)
      expect(m.fetchMock.calls(KYC_UPGRADE)).toBe(0)
      expect(m.fetchMock.unexpected).toEqual([])
      m.unmount()
    })

    it('never asks for the application at level 3, nor at level 2 when level 3 is not on offer', async () => {
      for (const shown of [limits({ kycLevel: 3, nextLevel: null }), limits({ kycLevel: 2, nextLevel: null })]) {
        const m = await mountHint([jsonResponse(shown)])
        expect(m.q('limits-per-payment')).not.toBeNull()
        expect(m.q('limits-verify')).toBeNull()
        expect(m.q('limits-level3-pending')).toBeNull()
        expect(m.q('limits-level3-reapply')).toBeNull()
        expect(m.fetchMock.calls(KYC_UPGRADE)).toBe(0)
        m.unmount()
      }
    })
  })

  it('caps the next payment at what is left today when that is less than the per-payment limit', async () => {
    const m = await mountHint([jsonResponse(levelOne({ usedTodayMinor: 800_000, remainingTodayMinor: 200_000 }))])
    expect(m.caps.at(-1)).toEqual({ maxMinor: 200_000n, currency: 'CNY', which: 'today' })
    expect(m.q('limits-progress')?.getAttribute('aria-valuenow')).toBe('80')
    m.unmount()
  })

  it('shows a skeleton while loading and emits no cap until the limits are in', async () => {
    let answer: (r: Response) => void = () => {}
    const m = await mountHint([() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response])
    expect(m.q('limits-loading')).not.toBeNull()
    expect(m.q('limits-hint')?.getAttribute('aria-busy')).toBe('true')
    expect(m.caps).toEqual([null])
    answer(jsonResponse(levelOne()))
    await flush()
    expect(m.q('limits-loading')).toBeNull()
    expect(m.caps.at(-1)?.maxMinor).toBe(500_000n)
    m.unmount()
  })

  it('says when the limits could not be loaded, and asks again on Retry', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountHint([problem(503), jsonResponse(levelOne())])
    expect(m.text('limits-error')).toContain(t('limits.loadError'))
    expect(m.q('limits-per-payment')).toBeNull()
    expect(m.caps.at(-1)).toBeNull()
    m.q('limits-retry')!.click()
    await flush()
    expect(m.fetchMock.calls(LIMITS)).toBe(2)
    expect(requestOf(m.fetchMock, 1).url).toBe('/api/payments/limits')
    expect(m.q('limits-error')).toBeNull()
    expect(m.text('limits-per-payment')).toBe(cny(500_000n))
    expect(m.caps.at(-1)?.maxMinor).toBe(500_000n)
    m.unmount()
  })

  it('reloads when the page calls refresh()', async () => {
    const m = await mountHint([jsonResponse(levelOne()), jsonResponse(levelOne({ usedTodayMinor: 900_000, remainingTodayMinor: 100_000 }))])
    await m.hint.value!.refresh()
    await flush()
    expect(m.fetchMock.calls(LIMITS)).toBe(2)
    expect(m.text('limits-left-today')).toBe(cny(100_000n))
    expect(m.caps.at(-1)).toEqual({ maxMinor: 100_000n, currency: 'CNY', which: 'today' })
    m.unmount()
  })
})

describe('limits maths', () => {
  it('takes the smaller limit, the per-payment one on a tie, exactly beyond 2^53', () => {
    expect(nextPaymentCap(levelOne({ remainingTodayMinor: 500_000 })).which).toBe('perPayment')
    expect(nextPaymentCap(levelOne({ remainingTodayMinor: 499_999 }))).toEqual({ maxMinor: 499_999n, currency: 'CNY', which: 'today' })
    const huge = nextPaymentCap(limits({ perTransactionMinor: '9007199254740993', remainingTodayMinor: '9007199254740995' }))
    expect(huge.maxMinor).toBe(9007199254740993n)
  })

  it('counts the part of the daily limit used in whole percent, within 0 to 100', () => {
    expect(usedPercent(levelOne())).toBe(30)
    expect(usedPercent(levelOne({ usedTodayMinor: 0 }))).toBe(0)
    expect(usedPercent(levelOne({ usedTodayMinor: 999_999 }))).toBe(99)
    expect(usedPercent(levelOne({ usedTodayMinor: 1_200_000, remainingTodayMinor: 0 }))).toBe(100)
    expect(usedPercent(levelOne({ perDayMinor: 0, usedTodayMinor: 0 }))).toBe(100)
  })
})

type Mounted = Awaited<ReturnType<typeof mountPayments>>

/** Opens /pay with `routes` (limits included) and walks to the amount step. */
async function toAmount(routes: Record<string, Reply[]>) {
  const fetchMock = serveFetch({ [PIN]: [pinSet], [PAYEE]: [sam()], ...routes })
  const m = await mountPayments('/pay')
  await m.type('pay-email', 'sam@example.com')
  await m.submit('pay-email')
  await m.click('pay-confirm-payee')
  return { ...m, fetchMock }
}

async function continueWith(m: Mounted, amount: string) {
  await m.type('pay-amount', amount)
  await m.submit('pay-amount')
}

async function pay(m: Mounted) {
  await m.type('pay-pin', '246810')
  await m.submit('pay-pin')
}

const sendBodies = (fetchMock: ReturnType<typeof serveFetch>) =>
  fetchMock.mock.calls
    .map((_, i) => requestOf(fetchMock, i))
    .filter((r) => r.url === '/api/payments/transfers')
    .map((r) => JSON.parse(r.init.body as string))

describe('reading a 422 over-limit refusal', () => {
  const refusal = (limit: unknown, detail = 'Over.') => new ApiError(422, { title: 'Over your limit', detail, limit } as never)

  it('reads the limit it names, amounts exact as numbers or digit strings', () => {
    expect(limitBreachOf(refusal({ which: 'per_day', limitMinor: 1_000_000, usedMinor: 999_000, kycLevel: 1 }))).toEqual({
      which: 'per_day',
      limitMinor: 1_000_000n,
      usedMinor: 999_000n,
      kycLevel: 1,
    })
    expect(limitBreachOf(refusal({ which: 'per_transaction', limitMinor: '90071992547409930', usedMinor: 0, kycLevel: 3 }))?.limitMinor).toBe(
      90_071_992_547_409_930n,
    )
  })

  it.each([[undefined], [null], ['per_day'], [{ which: 'per_week', limitMinor: 1 }], [{ which: 'per_day', limitMinor: 1.5 }], [{ which: 'per_day' }]])(
    'reads no limit from %j',
    (limit) => {
      expect(limitBreachOf(refusal(limit))).toBeNull()
    },
  )

  it('falls back to the generic sentence and the server’s text, and to it too for a daily limit the page has no words for', () => {
    const keys = { generic: 'topup.errors.overLimit', perPayment: 'topup.errors.overLimitPerPayment' }
    const en = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {}, { locale: 'en' })
    expect(overLimitMessage(refusal(undefined, 'A single top-up is at most 5000.00 CNY.'), keys, 'CNY', en, 'en')).toBe(
      'This top-up is over your limit. A single top-up is at most 5000.00 CNY.',
    )
    expect(overLimitMessage(refusal({ which: 'per_day', limitMinor: 1, usedMinor: 0, kycLevel: 2 }, 'Daily.'), keys, 'CNY', en, 'en')).toBe(
      'This top-up is over your limit. Daily.',
    )
  })
})

describe('PayView with limits', { timeout: 20_000 }, () => {
  it('shows the limits by the amount field', async () => {
    i18n.global.locale.value = 'en'
    const m = await toAmount({ [LIMITS]: [jsonResponse(levelOne())] })
    const hint = m.q('pay-step-amount')!.querySelector('[data-testid="limits-hint"]')
    expect(hint).not.toBeNull()
    expect(m.text('limits-per-payment')).toBe(cny(500_000n))
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('refuses an amount over the per-payment limit under the field and sends nothing', async () => {
    i18n.global.locale.value = 'en'
    const m = await toAmount({ [LIMITS]: [jsonResponse(levelOne())] })
    await continueWith(m, '5000.01')
    expect(m.itemError('pay-amount')).toBe(`This is over your limit: at most ${cny(500_000n)} for a single payment.`)
    expect(m.q('pay-step-amount')).not.toBeNull()
    expect(m.q('pay-step-confirm')).toBeNull()
    expect(m.fetchMock.calls(SEND)).toBe(0)
    m.unmount()
  })

  it('refuses an amount over what is left today, in Chinese too', async () => {
    const m = await toAmount({ [LIMITS]: [jsonResponse(levelOne({ usedTodayMinor: 800_000, remainingTodayMinor: 200_000 }))] })
    await continueWith(m, '２０００．０１')
    expect(m.itemError('pay-amount')).toBe(`超出限额：今日剩余额度最多 ${formatMoney(200_000n, 'CNY', 'zh-CN')}。`)
    i18n.global.locale.value = 'en'
    await m.settle()
    expect(m.itemError('pay-amount')).toBe(
      `This is over your limit: at most ${cny(200_000n)} for the rest of today (what is left of your daily limit).`,
    )
    expect(m.q('pay-step-confirm')).toBeNull()
    expect(m.fetchMock.calls(SEND)).toBe(0)
    m.unmount()
  })

  it('says so when nothing is left of today’s limit', async () => {
    i18n.global.locale.value = 'en'
    const m = await toAmount({ [LIMITS]: [jsonResponse(levelOne({ usedTodayMinor: 1_000_000, remainingTodayMinor: 0 }))] })
    await continueWith(m, '0.01')
    expect(m.itemError('pay-amount')).toBe(t('limits.errors.noneLeftToday'))
    expect(m.fetchMock.calls(SEND)).toBe(0)
    m.unmount()
  })

  it('sends an amount within the limits as before, up to the limit itself', async () => {
    const m = await toAmount({
      [LIMITS]: [jsonResponse(levelOne())],
      [SEND]: [jsonResponse(order({ amountMinor: 500_000 }), 202)],
      'GET /api/payments/orders/ord-1': [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await continueWith(m, '5000')
    expect(m.itemError('pay-amount')).toBe('')
    await pay(m)
    expect(sendBodies(m.fetchMock)).toEqual([{ payeeId: 'cust-2', amount: '5000.00', currency: 'CNY', pin: '246810' }])
    expect(m.q('pay-step-status')).not.toBeNull()
    m.unmount()
  })

  it('does not stand in the way when the limits could not be loaded', async () => {
    i18n.global.locale.value = 'en'
    const m = await toAmount({
      [LIMITS]: [() => problem(503)],
      [SEND]: [jsonResponse(order({ amountMinor: 99_999_900 }), 202)],
      'GET /api/payments/orders/ord-1': [() => jsonResponse(detail({ status: 'completed' }))],
    })
    expect(m.q('limits-error')).not.toBeNull()
    await continueWith(m, '999999')
    expect(m.itemError('pay-amount')).toBe('')
    await pay(m)
    expect(sendBodies(m.fetchMock)).toHaveLength(1)
    expect(m.q('pay-step-status')).not.toBeNull()
    m.unmount()
  })

  it('loads the limits again after a 422 limit refusal, explaining it from the limit it names', async () => {
    i18n.global.locale.value = 'en'
    const detailText = 'This payment would pass your daily limit of 10000.00 CNY (9990.00 already used today).'
    const m = await toAmount({
      [LIMITS]: [jsonResponse(levelOne()), jsonResponse(levelOne({ usedTodayMinor: 999_000, remainingTodayMinor: 1_000 }))],
      [SEND]: [problem(422, { title: 'Over your limit', detail: detailText, limit: { which: 'per_day', limitMinor: 1_000_000, usedMinor: 999_000, kycLevel: 1 } })],
    })
    await continueWith(m, '30')
    expect(m.fetchMock.calls(LIMITS)).toBe(1)
    await pay(m)
    expect(m.q('pay-step-amount')).not.toBeNull()
    await m.settle()
    // Level 1: verifying one's identity raises the limits, as the server's own sentence says too.
    expect(m.itemError('pay-amount')).toBe(
      `This payment would exceed your daily limit of ${cny(1_000_000n)} (${cny(999_000n)} already used today). Verify your identity to raise it.`,
    )
    expect(m.itemError('pay-amount')).not.toContain(detailText)
    expect(m.fetchMock.calls(LIMITS)).toBe(2)
    expect(m.text('limits-left-today')).toBe(cny(1_000n))
    // The fresh figures now stop an amount over what is left before it is sent.
    await continueWith(m, '20')
    expect(m.itemError('pay-amount')).toBe(`This is over your limit: at most ${cny(1_000n)} for the rest of today (what is left of your daily limit).`)
    expect(m.fetchMock.calls(SEND)).toBe(1)
    m.unmount()
  })

  it('loads the limits again for the next payment after one was accepted', async () => {
    const m = await toAmount({
      [LIMITS]: [jsonResponse(levelOne()), jsonResponse(levelOne({ usedTodayMinor: 303_000, remainingTodayMinor: 697_000 }))],
      [PAYEE]: [sam(), sam()],
      [SEND]: [jsonResponse(order(), 202)],
      'GET /api/payments/orders/ord-1': [() => jsonResponse(detail({ status: 'completed' }))],
    })
    await continueWith(m, '30')
    await pay(m)
    await m.click('pay-again')
    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    await m.click('pay-confirm-payee')
    expect(m.fetchMock.calls(LIMITS)).toBe(2)
    expect(m.text('limits-left-today')).toBe(cny(697_000n))
    m.unmount()
  })
})

describe('WithdrawView with limits', { timeout: 20_000 }, () => {
  const card = { id: 'card-1', maskedNumber: '6200 00** **** 0005', last4: '0005', holderName: '张**', label: null, boundAt: '2026-11-20T08:00:00Z' }

  it('shows the limits by the amount and refuses more than is left today, sending nothing', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({
      [CARDS]: [jsonResponse([card])],
      [PIN]: [pinSet],
      [LIMITS]: [jsonResponse(levelOne({ usedTodayMinor: 950_000, remainingTodayMinor: 50_000 }))],
    })
    const m = await mountPayments('/withdraw')
    expect(m.q('withdraw-step-details')?.querySelector('[data-testid="limits-hint"]')).not.toBeNull()
    expect(m.text('limits-left-today')).toBe(cny(50_000n))
    await m.type('withdraw-amount', '500.01')
    await m.submit('withdraw-amount')
    expect(m.itemError('withdraw-amount')).toBe(`This is over your limit: at most ${cny(50_000n)} for the rest of today (what is left of your daily limit).`)
    expect(m.q('withdraw-step-confirm')).toBeNull()
    await m.type('withdraw-amount', '500')
    await m.submit('withdraw-amount')
    expect(m.q('withdraw-step-confirm')).not.toBeNull()
    expect(fetchMock.calls(WITHDRAW)).toBe(0)
    expect(fetchMock.unexpected).toEqual([])
    m.unmount()
  })
})
