import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import RiskCaseView from '@/views/risk/RiskCaseView.vue'
import { formatMoney } from '@/utils/format'
import { jsonResponse, mockFetch, requestOf } from './helpers'
import { mountRiskView } from './riskHelpers'

const base = {
  status: 'open',
  customerId: 'cust-1',
  openedAt: '2024-03-05T08:00:00Z',
  score: 72,
  reasons: [{ code: 'velocity.payer.count.1h', message: 'Nine payments in one hour' }],
  resolution: null,
  resolvedAt: null,
  comment: null,
  resolvedBy: null,
}

const transactionCase = (extra: Record<string, unknown> = {}) => ({
  ...base,
  id: 'case-tx',
  kind: 'transaction',
  subjectId: 'tx-9',
  summary: 'P2P payment of 12,345.67 CNY',
  context: {
    transaction: {
      transactionId: 'tx-9',
      type: 'p2p',
      amount: 1234567,
      currency: 'CNY',
      payerId: 'cust-1',
      payeeId: 'cust-2',
      payeeName: 'Bob',
      channel: 'app',
      deviceId: 'dev-1',
      ipAddress: '203.0.113.7',
      occurredAt: '2024-03-05T07:59:00Z',
    },
    decision: {
      decisionId: 'd-9',
      outcome: 'review',
      score: 72,
      modelScore: 0.81,
      reasons: [{ code: 'amount.large', message: 'Large amount', ruleCode: 'AMT_LARGE' }],
      shadowReasons: [{ code: 'night.time', message: 'Paid at night', ruleCode: 'NIGHT' }],
    },
  },
  history: [
    { decisionId: 'd-9', transactionId: 'tx-9', occurredAt: '2024-03-05T07:59:00Z', type: 'p2p', amount: 1234567, currency: 'CNY', outcome: 'review', score: 72 },
    { decisionId: 'd-8', transactionId: 'tx-8', occurredAt: '2024-03-04T07:59:00Z', type: 'topup', amount: 5, currency: 'JPY', outcome: 'approve', score: 3 },
  ],
  ...extra,
})

const kycCase = () => ({
  ...base,
  id: 'case-kyc',
  kind: 'kyc',
  subjectId: 'sub-1',
  summary: 'KYC: Ivan Petrov',
  context: {
    kyc: {
      submissionId: 'sub-1',
      legalName: 'Ivan Petrov',
      dateOfBirth: '1970-01-02',
      nationality: 'RU',
      matches: [{ entNum: 12345, name: 'PETROV, Ivan', score: 0.93, reasons: ['Name similarity 0.93', 'Date of birth matches'] }],
    },
  },
  history: [],
})

const upgradeCase = (answers: Record<string, unknown> = {}) => ({
  ...base,
  id: 'case-up',
  kind: 'kyc_upgrade',
  subjectId: 'app-1',
  score: 0,
  summary: 'KYC level 3 application: employee, salary, 200k_500k a year',
  reasons: [{ code: 'kyc.level3_application', message: 'Application for KYC level 3' }],
  context: {
    kycUpgrade: {
      applicationId: 'app-1',
      legalName: '张三',
      kycLevel: 2,
      occupation: 'employee',
      employer: 'Jade Tea Co.',
      sourceOfFunds: 'salary',
      annualIncome: '200k_500k',
      purpose: 'daily_spending',
      submittedAt: '2024-03-05T07:30:00Z',
      activity30Days: { screened: 12, amountMinor: 1234500, currency: 'CNY', reviews: 1, declines: 0 },
      ...answers,
    },
  },
  history: [
    { decisionId: 'd-7', transactionId: 'tx-7', occurredAt: '2024-03-01T07:59:00Z', type: 'p2p', amount: 20000, currency: 'CNY', outcome: 'review', score: 40 },
  ],
})

const resolved = (decision: string, comment: string) => ({
  ...transactionCase(),
  status: 'resolved',
  resolution: decision,
  resolvedAt: '2024-03-05T09:00:00Z',
  resolvedBy: 'Olivia Officer',
  comment,
})

const withdrawn = () => ({
  ...transactionCase(),
  status: 'withdrawn',
  resolution: null,
  resolvedAt: '2024-03-05T09:00:00Z',
  resolvedBy: 'payments',
  comment: 'The payment failed before a decision: cancelled_by_payer',
})

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

describe('RiskCaseView', { timeout: 20_000 }, () => {
  it('shows a transaction case: amount from minor units, reasons, screening decision and customer history', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(transactionCase()))
    const { q, all, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    expect(requestOf(fetchMock).url).toBe('/api/risk/cases/case-tx')
    expect(q('case-amount')!.textContent).toBe(formatMoney(1234567n, 'CNY', 'en'))
    const tx = q('case-transaction')!.textContent!
    expect(tx).toContain('203.0.113.7')
    expect(tx).toContain('Bob')
    const decision = q('case-decision')!.textContent!
    expect(decision).toContain('AMT_LARGE')
    expect(decision).toContain('Large amount')
    expect(decision).toContain('Paid at night')
    expect(decision).toContain('0.81')
    expect(document.body.textContent).toContain('Nine payments in one hour')
    const history = all('history-row')
    expect(history).toHaveLength(2)
    expect(history[1]!.textContent).toContain(formatMoney(5n, 'JPY', 'en'))
    expect(q('case-kyc')).toBeNull()
    expect(q('case-kyc-upgrade')).toBeNull()
    expect(q('case-approve')).not.toBeNull()
    unmount()
  })

  it('shows a KYC case with its sanctions matches and the reasons for each', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse(kycCase()))
    const { q, all, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-kyc')
    expect(q('case-kyc')!.textContent).toContain('Ivan Petrov')
    const [match] = all('sanctions-match')
    expect(match!.textContent).toContain('PETROV, Ivan')
    expect(match!.textContent).toContain('12345')
    expect([...match!.querySelectorAll('[data-testid="match-reasons"] li')].map((li) => li.textContent)).toEqual([
      'Name similarity 0.93',
      'Date of birth matches',
    ])
    expect(q('case-transaction')).toBeNull()
    expect(q('case-kyc-upgrade')).toBeNull()
    expect(q('case-history-empty')).not.toBeNull()
    unmount()
  })

  it.each(['en', 'zh-CN'] as const)('shows a level 3 application with translated answers and the last 30 days (%s)', async (locale) => {
    i18n.global.locale.value = locale
    const { t } = i18n.global
    const fetchMock = mockFetch(jsonResponse(upgradeCase()))
    const { q, all, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-up')
    expect(requestOf(fetchMock).url).toBe('/api/risk/cases/case-up')
    expect(q('case-kind')!.textContent).toBe(locale === 'en' ? 'Level 3 application' : '三级认证申请')
    const section = q('case-kyc-upgrade')!
    expect(section.textContent).toContain(locale === 'en' ? 'Application' : '申请信息')
    expect(section.textContent).toContain('张三')
    expect(section.textContent).toContain('app-1')
    expect(q('upgrade-level')!.textContent).toBe(t('risk.kycUpgrade.levelValue', { level: 2 }))
    expect(q('upgrade-occupation')!.textContent).toBe(t('kycUpgrade.options.occupation.employee'))
    expect(q('upgrade-source')!.textContent).toBe(t('kycUpgrade.options.sourceOfFunds.salary'))
    expect(q('upgrade-income')!.textContent).toBe(t('kycUpgrade.options.annualIncome.200k_500k'))
    expect(q('upgrade-purpose')!.textContent).toBe(t('kycUpgrade.options.purpose.daily_spending'))
    expect(q('upgrade-employer')!.textContent).toBe('Jade Tea Co.')
    for (const field of ['occupation', 'employer', 'sourceOfFunds', 'annualIncome', 'purpose']) {
      expect(section.textContent).toContain(t(`kycUpgrade.fields.${field}`))
    }
    expect(section.textContent).not.toContain('kycUpgrade.')
    expect(q('upgrade-activity')!.textContent).toContain(locale === 'en' ? 'Screened payments' : '已筛查付款')
    expect(q('upgrade-screened')!.textContent).toBe('12')
    expect(q('upgrade-amount')!.textContent).toBe(formatMoney(1234500n, 'CNY', locale))
    expect(q('upgrade-reviews')!.textContent).toBe('1')
    expect(q('upgrade-declines')!.textContent).toBe('0')
    expect(document.body.textContent).toContain('kyc.level3_application')
    expect(q('case-transaction')).toBeNull()
    expect(q('case-decision')).toBeNull()
    expect(q('case-kyc')).toBeNull()
    expect(all('history-row')).toHaveLength(1)
    expect(q('case-approve')).not.toBeNull()
    expect(q('case-decline')).not.toBeNull()
    unmount()
  })

  it.each(['en', 'zh-CN'] as const)('shows a dash for the level when Risk has no record of the customer yet (kycLevel null) (%s)', async (locale) => {
    i18n.global.locale.value = locale
    mockFetch(jsonResponse(upgradeCase({ kycLevel: null })))
    const { q, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-up')
    expect(q('upgrade-level')!.textContent).toBe('—')
    unmount()
  })

  it.each([
    ['en', 'Mar 6, 2024, 4:30 AM', 'Mar 6, 2024, 4:29 AM', 'Dates and times are in Beijing time (UTC+8).'],
    ['zh-CN', '2024年3月6日 04:30', '2024年3月6日 04:29', '日期和时间均为北京时间（UTC+8）。'],
  ] as const)('shows the case’s times in Beijing time, and says so (%s)', async (locale, opened, occurred, note) => {
    i18n.global.locale.value = locale
    // 20:30 UTC on 5 March is 04:30 on 6 March in Beijing.
    const c = transactionCase({ openedAt: '2024-03-05T20:30:00Z' })
    c.context.transaction.occurredAt = '2024-03-05T20:29:00Z'
    c.history[0]!.occurredAt = '2024-03-05T20:29:00Z'
    mockFetch(jsonResponse(c))
    const { q, all, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    expect(document.body.textContent).toContain(opened)
    expect(q('case-transaction')!.textContent).toContain(occurred)
    expect(all('history-row')[0]!.querySelector('time')!.textContent).toBe(occurred)
    expect(q('risk-time-zone')!.textContent).toBe(note)
    unmount()
  })

  it('shows an answer this version does not know as itself, a missing employer as a dash, and a total beyond 2^53 exactly', async () => {
    i18n.global.locale.value = 'en'
    const body = JSON.stringify(upgradeCase({ occupation: 'astronaut', purpose: 'space_travel', employer: null })).replace(
      '"amountMinor":1234500',
      '"amountMinor":9007199254740993',
    )
    mockFetch(new Response(body, { headers: { 'Content-Type': 'application/json' } }))
    const { q, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-up')
    expect(q('upgrade-occupation')!.textContent).toBe('astronaut')
    expect(q('upgrade-purpose')!.textContent).toBe('space_travel')
    expect(q('upgrade-employer')!.textContent).toBe('—')
    expect(q('upgrade-amount')!.textContent).toBe(formatMoney(9007199254740993n, 'CNY', 'en'))
    unmount()
  })

  it('approves a level 3 application like any other case: comment, confirmation, then the resolution', async () => {
    i18n.global.locale.value = 'en'
    const approved = { ...upgradeCase(), status: 'resolved', resolution: 'approve', resolvedAt: '2024-03-05T09:00:00Z', resolvedBy: 'Olivia Officer', comment: 'Salary slips checked' }
    const fetchMock = mockFetch(jsonResponse(upgradeCase()), jsonResponse(approved))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-up')
    await type('case-comment', ' Salary slips checked ')
    await click('case-approve')
    expect(q('case-confirm-text')!.textContent).toContain('approved')
    await click('case-confirm')
    const { url, init, headers } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/cases/case-up/decision')
    expect(init.method).toBe('POST')
    expect(headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(init.body as string)).toEqual({ decision: 'approve', comment: 'Salary slips checked' })
    const resolution = q('case-resolution')!.textContent!
    expect(resolution).toContain('Approved')
    expect(resolution).toContain('Salary slips checked')
    expect(q('case-approve')).toBeNull()
    expect(q('case-kyc-upgrade')).not.toBeNull()
    unmount()
  })

  it('requires a comment before asking for confirmation', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(transactionCase()))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    await click('case-approve')
    expect(q('case-comment-error')!.textContent).toBe('A comment is required')
    expect(q('case-comment')!.getAttribute('aria-invalid')).toBe('true')
    expect(q('case-confirm')).toBeNull()
    await type('case-comment', '   ')
    await click('case-decline')
    expect(q('case-confirm')).toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await type('case-comment', 'Known payee')
    expect(q('case-comment-error')).toBeNull()
    unmount()
  })

  it('posts the decision with the comment after confirmation and then shows the resolution', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(transactionCase()), jsonResponse(resolved('decline', 'Mule account pattern')))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    await type('case-comment', '  Mule account pattern ')
    await click('case-decline')
    expect(q('case-confirm-text')!.textContent).toContain('declined')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await click('case-confirm')
    const { url, init, headers } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/cases/case-tx/decision')
    expect(init.method).toBe('POST')
    expect(headers['X-CSRF']).toBe('1')
    expect(JSON.parse(init.body as string)).toEqual({ decision: 'decline', comment: 'Mule account pattern' })
    const resolution = q('case-resolution')!.textContent!
    expect(resolution).toContain('Declined')
    expect(resolution).toContain('Olivia Officer')
    expect(resolution).toContain('Mule account pattern')
    expect(q('case-approve')).toBeNull()
    unmount()
  })

  it('sends an Idempotency-Key and reuses it when the same decision is sent again after a lost answer', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(transactionCase()), new TypeError('network down'), jsonResponse(resolved('approve', 'Fine')))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    await type('case-comment', 'Fine')
    await click('case-approve')
    await click('case-confirm')
    expect(q('case-resolution')).toBeNull()
    await click('case-approve')
    await click('case-confirm')
    const first = requestOf(fetchMock, 1).headers['Idempotency-Key']
    const retry = requestOf(fetchMock, 2).headers['Idempotency-Key']
    expect(first).toMatch(/^[0-9a-f-]{36}$/)
    expect(retry).toBe(first)
    expect(q('case-resolution')!.textContent).toContain('Approved')
    unmount()
  })

  it('explains a 409 (already resolved by someone else) and shows the case as it now is', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse(transactionCase()),
      jsonResponse({ title: 'Conflict', status: 409, detail: 'The case is already resolved.' }, 409),
      jsonResponse(resolved('approve', 'Fine')),
    )
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    await type('case-comment', 'Looks fine')
    await click('case-approve')
    await click('case-confirm')
    expect(JSON.parse(requestOf(fetchMock, 1).init.body as string)).toEqual({ decision: 'approve', comment: 'Looks fine' })
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/cases/case-tx')
    expect(q('case-conflict')!.textContent).toContain('already resolved')
    expect(q('case-resolution')!.textContent).toContain('Approved')
    expect(q('case-approve')).toBeNull()
    unmount()
  })

  it('shows a 400 on the comment next to the comment box', async () => {
    mockFetch(jsonResponse(transactionCase()), jsonResponse({ status: 400, errors: { Comment: ['Comment is too long.'] } }, 400))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    await type('case-comment', 'x')
    await click('case-approve')
    await click('case-confirm')
    expect(q('case-comment-error')!.textContent).toBe('Comment is too long.')
    expect(q('case-approve')).not.toBeNull()
    unmount()
  })

  it.each([
    ['en', 'Withdrawn', 'The payment was withdrawn before a decision: nothing to decide.'],
    ['zh-CN', '已撤回', '该笔付款在做出决定之前已被撤回：无需处理。'],
  ] as const)('shows a withdrawn case read-only, with why and the comment, and no decision form (%s)', async (locale, tag, note) => {
    i18n.global.locale.value = locale
    const fetchMock = mockFetch(jsonResponse(withdrawn()))
    const { q, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    const state = q('case-state')!
    expect(state.textContent?.trim()).toBe(tag)
    expect(state.classList.contains('el-tag--info')).toBe(true)
    expect(q('case-withdrawn-note')!.textContent).toContain(note)
    expect(q('case-withdrawn-comment')!.textContent).toBe('The payment failed before a decision: cancelled_by_payer')
    expect(q('case-withdrawn')!.textContent).toContain('payments')
    expect(q('case-decide')).toBeNull()
    expect(q('case-approve')).toBeNull()
    expect(q('case-decline')).toBeNull()
    expect(q('case-comment')).toBeNull()
    expect(q('case-resolution')).toBeNull()
    expect(q('case-transaction')).not.toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    unmount()
  })

  it('reloads the case and says so when it was withdrawn while the officer was deciding (409)', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse(transactionCase()),
      jsonResponse({ title: 'Conflict', status: 409, detail: 'The payment was withdrawn before a decision; there is nothing left to decide.' }, 409),
      jsonResponse(withdrawn()),
    )
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-tx')
    await type('case-comment', 'Looks fine')
    await click('case-approve')
    await click('case-confirm')
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/cases/case-tx')
    const conflict = q('case-conflict')!
    expect(conflict.getAttribute('role')).toBe('alert')
    expect(conflict.textContent).toContain('The payment was withdrawn while you were deciding')
    expect(q('case-withdrawn-note')).not.toBeNull()
    expect(q('case-decide')).toBeNull()
    expect(q('case-submit-error')).toBeNull()
    unmount()
  })
})
