import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import RiskRulesView from '@/views/risk/RiskRulesView.vue'
import { PARAMETER_MAX, validateProposal, type ProposalForm } from '@/utils/risk'
import type { RuleSettings } from '@/api/types'
import { jsonResponse, mockFetch, requestOf } from './helpers'
import { mountRiskView, officer } from './riskHelpers'

const proposal = (proposedBy: string) => ({
  id: 'prop-1',
  proposedBy,
  proposedByName: proposedBy === officer.sub ? 'Olivia Officer' : 'Peter Proposer',
  proposedAt: '2024-03-05T08:00:00Z',
  mode: 'active',
  action: 'decline',
  score: 80,
  parameters: { maxCount: 5, windowMinutes: 60 },
  comment: 'Too many mule payments get through',
})

const rule = (pendingProposal: unknown = null, extra: Record<string, unknown> = {}) => ({
  id: 'rule-1',
  code: 'VELOCITY_COUNT_1H',
  name: 'Payments per hour',
  description: 'Counts a payer’s payments in a sliding window.',
  mode: 'shadow',
  action: 'review',
  score: 40,
  parameters: { maxCount: 10, windowMinutes: 60 },
  version: 3,
  updatedAt: '2024-03-01T00:00:00Z',
  approvedBy: 'Anna Approver',
  pendingProposal,
  shadowHits7d: 12,
  activeHits7d: 0,
  ...extra,
})

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

describe('validateProposal', () => {
  const current: RuleSettings = { mode: 'shadow', action: 'review', score: 40, parameters: { maxCount: 10, windowMinutes: 60 } }
  const form = (extra: Partial<ProposalForm> = {}): ProposalForm => ({
    mode: 'active',
    action: 'review',
    score: '40',
    parameters: { maxCount: '10', windowMinutes: '60' },
    comment: 'Go live',
    ...extra,
  })

  it('builds the settings from valid input', () => {
    const { settings, errors } = validateProposal(form({ score: ' 55 ', parameters: { maxCount: '7', windowMinutes: ' 30 ' } }), current)
    expect(errors).toEqual({})
    expect(settings).toEqual({ mode: 'active', action: 'review', score: 55, parameters: { maxCount: 7, windowMinutes: 30 } })
  })

  it('takes parameters up to the server’s largest exactly, 0 included', () => {
    const max = String(PARAMETER_MAX)
    expect(max).toBe('10000000000000')
    const { settings, errors } = validateProposal(form({ parameters: { maxCount: '0', windowMinutes: max } }), current)
    expect(errors).toEqual({})
    expect(settings.parameters).toEqual({ maxCount: 0, windowMinutes: 10_000_000_000_000 })
  })

  it.each([
    [{ score: '' }, 'score', 'risk.rules.errors.score'],
    [{ score: '1001' }, 'score', 'risk.rules.errors.score'],
    [{ score: '-1' }, 'score', 'risk.rules.errors.score'],
    [{ score: '4.5' }, 'score', 'risk.rules.errors.score'],
    [{ score: '1e2' }, 'score', 'risk.rules.errors.score'],
    [{ parameters: { maxCount: 'ten', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameter'],
    [{ parameters: { maxCount: '10', windowMinutes: '' } }, 'parameters.windowMinutes', 'risk.rules.errors.parameter'],
    // The server's parameters are Int64: no fractions, however they are written.
    [{ parameters: { maxCount: '7.5', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameter'],
    [{ parameters: { maxCount: '7.0', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameter'],
    [{ parameters: { maxCount: '1e3', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameter'],
    [{ parameters: { maxCount: '-3', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameterRange'],
    [{ parameters: { maxCount: '10000000000001', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameterRange'],
    // Beyond 2^53, where a float would round 9007199254740993 down to a value that might pass.
    [{ parameters: { maxCount: '9007199254740993', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameterRange'],
    [{ parameters: { maxCount: '99999999999999999999999', windowMinutes: '60' } }, 'parameters.maxCount', 'risk.rules.errors.parameterRange'],
    [{ comment: '  ' }, 'comment', 'risk.errors.commentRequired'],
    [{ comment: 'x'.repeat(501) }, 'comment', 'risk.errors.commentTooLong'],
    [{ mode: 'shadow' as const }, 'form', 'risk.rules.errors.unchanged'],
  ])('rejects %j', (extra, field, key) => {
    expect(validateProposal(form(extra as Partial<ProposalForm>), current).errors[field]).toBe(key)
  })
})

describe('RiskRulesView', { timeout: 20_000 }, () => {
  it('lists the rules with mode, action, parameters and a pending-change badge', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse([rule(proposal('someone-else')), rule(null, { id: 'rule-2', code: 'AMT_LARGE', mode: 'active', action: 'decline' })]))
    const { all, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    expect(requestOf(fetchMock).url).toBe('/api/risk/rules')
    const [first, second] = all('rule-card')
    expect(first!.querySelector('[data-testid="rule-mode"]')!.textContent!.trim()).toBe('Shadow')
    expect([...first!.querySelectorAll('[data-testid="rule-param"]')].map((p) => p.textContent)).toEqual(['maxCount = 10', 'windowMinutes = 60'])
    expect(first!.querySelector('[data-testid="rule-pending"]')).not.toBeNull()
    expect(first!.querySelector('[data-testid="rule-proposal"]')!.textContent).toContain('maxCount: 10 → 5')
    expect(first!.querySelector<HTMLButtonElement>('[data-testid="rule-propose"]')!.disabled).toBe(true)
    expect(second!.textContent).toContain('On hit: Decline')
    expect(second!.querySelector('[data-testid="rule-pending"]')).toBeNull()
    unmount()
  })

  it.each([
    ['en', 'Withdraw', 'another risk officer has to approve it'],
    ['zh-CN', '撤回', '须由另一名风控人员批准'],
  ] as const)('disables approve on the officer’s own proposal and says why (four-eyes), but offers to withdraw it (%s)', async (locale, withdraw, why) => {
    i18n.global.locale.value = locale
    mockFetch(jsonResponse([rule(proposal(officer.sub))]))
    const { q, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    const approve = q<HTMLButtonElement>('proposal-approve')!
    expect(approve.disabled).toBe(true)
    const reject = q<HTMLButtonElement>('proposal-reject')!
    expect(reject.disabled).toBe(false)
    expect(reject.textContent!.trim()).toBe(withdraw)
    expect(reject.hasAttribute('aria-describedby')).toBe(false)
    const note = q('four-eyes-note')!
    expect(note.textContent).toContain(why)
    expect(approve.getAttribute('aria-describedby')).toBe(note.id)
    unmount()
  })

  it('lets the proposer withdraw their own proposal through the reject endpoint, a comment optional', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse([rule(proposal(officer.sub))]),
      jsonResponse({ id: 'prop-1', status: 'rejected' }),
      jsonResponse([rule(null)]),
    )
    const { q, click, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('proposal-reject')
    expect(document.querySelector('.el-dialog__title')!.textContent).toBe('Withdraw your change to VELOCITY_COUNT_1H')
    expect(q('withdraw-hint')!.textContent).toContain('will not take effect')
    expect(q('review-confirm')!.textContent!.trim()).toBe('Withdraw')
    await click('review-confirm')
    expect(q('review-comment-error')).toBeNull()
    const { url, init } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/rules/proposals/prop-1/reject')
    expect(JSON.parse(init.body as string)).toEqual({ comment: '' })
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/rules')
    expect(q('rule-pending')).toBeNull()
    expect(document.querySelector('.el-message')?.textContent).toContain('Change withdrawn')
    unmount()
  })

  it('still wants a reason from another officer rejecting a proposal', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse([rule(proposal('someone-else'))]))
    const { q, click, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    expect(q('proposal-reject')!.textContent!.trim()).toBe('Reject')
    await click('proposal-reject')
    expect(document.querySelector('.el-dialog__title')!.textContent).toBe('Reject the change to VELOCITY_COUNT_1H')
    expect(q('withdraw-hint')).toBeNull()
    await click('review-confirm')
    expect(q('review-comment-error')!.textContent).toBe('A comment is required')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    unmount()
  })

  it.each([
    ['en', 'Proposed by Peter Proposer on Mar 5, 2024, 4:00 PM', 'Mar 1, 2024, 8:00 AM', 'Dates and times are in Beijing time (UTC+8).'],
    ['zh-CN', 'Peter Proposer 于 2024年3月5日 16:00 提议', '2024年3月1日 08:00', '日期和时间均为北京时间（UTC+8）。'],
  ] as const)('shows when a change was proposed and a rule updated in Beijing time, and says so (%s)', async (locale, proposed, updated, note) => {
    i18n.global.locale.value = locale
    mockFetch(jsonResponse([rule(proposal('someone-else'))]))
    const { q, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    expect(q('rule-proposal')!.textContent).toContain(proposed)
    expect(q('rule-card')!.textContent).toContain(updated)
    expect(q('risk-time-zone')!.textContent).toBe(note)
    unmount()
  })

  it('lets another officer approve with a comment', async () => {
    const fetchMock = mockFetch(jsonResponse([rule(proposal('someone-else'))]), new Response(null, { status: 200 }), jsonResponse([rule(null, { version: 4 })]))
    const { q, click, type, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    expect(q('four-eyes-note')).toBeNull()
    expect(q<HTMLButtonElement>('proposal-approve')!.disabled).toBe(false)
    await click('proposal-approve')
    await click('review-confirm')
    expect(q('review-comment-error')).not.toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await type('review-comment', 'Checked the back-test')
    await click('review-confirm')
    const { url, init } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/rules/proposals/prop-1/approve')
    expect(JSON.parse(init.body as string)).toEqual({ comment: 'Checked the back-test' })
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/rules')
    expect(q('rule-pending')).toBeNull()
    unmount()
  })

  it('explains the server’s 403 when the approver turns out to be the proposer', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse([rule(proposal('someone-else'))]), jsonResponse({ status: 403, detail: 'Forbidden' }, 403))
    const { q, click, type, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('proposal-approve')
    await type('review-comment', 'Yes')
    await click('review-confirm')
    expect(q('rule-refusal')!.textContent).toContain('you proposed this change')
    expect(q('rule-refusal')!.textContent).toContain('four-eyes')
    unmount()
  })

  it('does not call a 403 on a rejection four-eyes: the proposer may reject their own change', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse([rule(proposal('someone-else'))]), jsonResponse({ status: 403, detail: 'Your role does not allow this.' }, 403))
    const { q, click, type, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('proposal-reject')
    await type('review-comment', 'No')
    await click('review-confirm')
    expect(q('rule-refusal')).toBeNull()
    expect(q('review-error')!.textContent).toContain('Your role does not allow this.')
    expect(q('review-error')!.textContent).not.toContain('four-eyes')
    unmount()
  })

  it('validates a proposal before sending it and posts the edited settings', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse([rule()]), jsonResponse({ id: 'prop-9' }, 201), jsonResponse([rule(proposal(officer.sub))]))
    const { q, click, type, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('rule-propose')
    await type('proposal-score', '1500')
    await type('proposal-param-maxCount', 'abc')
    await click('proposal-submit')
    expect(q('proposal-error-score')!.textContent).toContain('from 0 to 1000')
    expect(q('proposal-error-param-maxCount')!.textContent?.trim()).toBe('Enter a whole number')
    expect(q('proposal-error-comment')!.textContent).toBe('A comment is required')
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await type('proposal-score', '60')
    await type('proposal-param-maxCount', '6')
    await type('proposal-comment', 'Tighten for mule accounts')
    expect(q('proposal-error-score')).toBeNull()
    q('proposal-mode')!.querySelectorAll<HTMLInputElement>('input')[0]!.click() // active
    await click('proposal-submit')
    const { url, init } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/rules/rule-1/proposals')
    expect(JSON.parse(init.body as string)).toEqual({
      mode: 'active',
      action: 'review',
      score: 60,
      parameters: { maxCount: 6, windowMinutes: 60 },
      comment: 'Tighten for mule accounts',
    })
    expect(q('rule-pending')).not.toBeNull()
    expect(q('four-eyes-note')).not.toBeNull()
    unmount()
  })

  it.each([
    ['en', '7.5', 'Enter a whole number'],
    ['en', '10000000000001', 'Must be a whole number from 0 to 10,000,000,000,000'],
    ['zh-CN', '7.5', '请输入整数'],
    ['zh-CN', '-1', '须为 0 至 10,000,000,000,000 之间的整数'],
  ] as const)('refuses a parameter of %s "%s" under its field, sending nothing', async (locale, value, message) => {
    i18n.global.locale.value = locale
    const fetchMock = mockFetch(jsonResponse([rule()]))
    const { q, click, type, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('rule-propose')
    await type('proposal-param-windowMinutes', value)
    await type('proposal-comment', 'Widen the window')
    await click('proposal-submit')
    expect(q('proposal-error-param-windowMinutes')!.textContent?.trim()).toBe(message)
    const field = q('proposal-param-windowMinutes')!
    expect((field instanceof HTMLInputElement ? field : field.querySelector('input'))!.getAttribute('aria-invalid')).toBe('true')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    unmount()
  })

  it('puts the server’s parameter errors under their fields however it spells the key, and the rest above the buttons', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse([rule()]),
      jsonResponse(
        {
          status: 400,
          title: 'One or more validation errors occurred.',
          errors: {
            'parameters.windowMinutes': ['windowMinutes must be between 1 and 10080.'],
            'Parameters.MaxCount': ['maxCount must be between 1 and 1000.'],
            'Score': ['score is too high for a decline.'],
            'ruleVersion': ['The rule changed meanwhile.'],
          },
        },
        400,
        'application/problem+json',
      ),
    )
    const { q, click, type, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('rule-propose')
    await type('proposal-param-windowMinutes', '20000')
    await type('proposal-param-maxCount', '5000')
    await type('proposal-comment', 'Much wider')
    await click('proposal-submit')
    expect(q('proposal-error-param-windowMinutes')!.textContent?.trim()).toBe('windowMinutes must be between 1 and 10080.')
    expect(q('proposal-error-param-maxCount')!.textContent?.trim()).toBe('maxCount must be between 1 and 1000.')
    expect(q('proposal-error-score')!.textContent?.trim()).toBe('score is too high for a decline.')
    expect(q('proposal-submit-error')!.textContent).toContain('The rule changed meanwhile.')
    expect(q('proposal-submit-error')!.textContent).not.toContain('windowMinutes')
    unmount()
  })

  it('shows the version history and the shadow results of a rule', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse([rule()]),
      jsonResponse([
        { version: 2, mode: 'shadow', action: 'review', score: 30, parameters: { maxCount: 12 }, proposedBy: 'Peter', approvedBy: 'Anna', approvedAt: '2024-02-01T00:00:00Z', comment: 'Looser' },
        { version: 3, mode: 'shadow', action: 'review', score: 40, parameters: { maxCount: 10 }, proposedBy: 'Peter', approvedBy: 'Anna', approvedAt: '2024-03-01T00:00:00Z', comment: 'Tighter' },
      ]),
      jsonResponse({ items: [{ decisionId: 'd1', transactionId: 'tx-1', occurredAt: '2024-03-04T00:00:00Z', outcome: 'approve', wouldHaveBeen: 'review' }], page: 1, pageSize: 20, total: 1 }),
    )
    const { all, click, unmount } = await mountRiskView(RiskRulesView, '/admin/risk/rules')
    await click('rule-versions-open')
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/rules/rule-1/versions')
    expect(all('rule-version-row').map((r) => r.querySelector('td')!.textContent)).toEqual(['v3', 'v2'])
    await click('rule-shadow-open')
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/rules/rule-1/shadow-results?page=1&pageSize=20')
    const [row] = all('shadow-row')
    expect(row!.textContent).toContain('tx-1')
    expect(row!.classList.contains('changed')).toBe(true)
    unmount()
  })
})
