import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import {
  KYC_UPGRADE_POLL_MS,
  UPGRADE_FUNDS_SOURCES,
  UPGRADE_INCOME_BANDS,
  UPGRADE_OCCUPATIONS,
  UPGRADE_PURPOSES,
  type KycUpgradeView,
  type KycView,
} from '@/api/kyc'
import { formatDateTime } from '@/utils/format'
import VerificationView from '@/views/VerificationView.vue'
import { jsonResponse, problem, selectOptions } from './helpers'
import { mountWithFetch, resetDom } from './mountHelpers'
import { upgradeView, type Reply } from './paymentHelpers'

const KYC = 'GET /api/identity/kyc'
const UPGRADE = 'GET /api/identity/kyc/upgrade'
const APPLY = 'POST /api/identity/kyc/upgrade'

const kyc = (status: KycView['status'], level = status === 'verified' ? 2 : 1): KycView => ({
  status,
  level,
  submittedAt: status === 'none' ? null : '2026-11-26T06:00:00Z',
  decidedAt: status === 'verified' || status === 'rejected' ? '2026-11-26T06:01:00Z' : null,
  legalName: status === 'none' ? null : '张*三',
  nationalId: status === 'none' ? null : '110***********002X',
  dateOfBirth: status === 'none' ? null : '1949-12-31',
  nationality: status === 'none' ? null : 'CN',
  phone: status === 'none' ? null : '138****5678',
})

/** The application of a verified customer who never applied. */
const never = upgradeView()

const SUBMITTED_AT = '2026-12-01T02:30:00Z'
const DECIDED_AT = '2026-12-03T09:15:00Z'

const application = (status: KycUpgradeView['status'], extra: Partial<KycUpgradeView> = {}): KycUpgradeView => ({
  status,
  applicationId: '3f1c2d9e-7a4b-4c1e-9d2f-0a1b2c3d4e5f',
  submittedAt: SUBMITTED_AT,
  decidedAt: status === 'approved' || status === 'rejected' ? DECIDED_AT : null,
  occupation: 'professional',
  employer: '北京某某律师事务所',
  sourceOfFunds: 'salary',
  annualIncome: '200k_500k',
  purpose: 'investment',
  address: '北京市朝阳区****',
  eligible: false,
  reapplyAfter: null,
  ...extra,
})

const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values)
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString()

afterEach(() => {
  vi.useRealTimers()
  resetDom()
})

/** The verification page of a customer whose KYC view is `view`, the level 3 routes answered by `routes`. */
async function mount(view: KycView | Reply[], routes: Record<string, Reply[]> = {}) {
  const m = await mountWithFetch(VerificationView, { [KYC]: Array.isArray(view) ? view : [() => jsonResponse(view)], ...routes })
  /** Opens the select `testId` and clicks the option labelled `label`. */
  const choose = async (testId: string, label: string) => {
    await m.click(m.q(testId)?.querySelector<HTMLElement>('.el-select__wrapper'))
    await m.click(selectOptions(testId).find((o) => o.textContent?.trim() === label))
  }
  /** Fills the whole form with valid answers (a few can be overridden). */
  const fill = async (values: { employer?: string; address?: string } = {}) => {
    await choose('kyc-upgrade-occupation', t('kycUpgrade.options.occupation.professional'))
    await m.type('kyc-upgrade-employer', values.employer ?? '  北京某某律师事务所 ')
    await choose('kyc-upgrade-sourceOfFunds', t('kycUpgrade.options.sourceOfFunds.salary'))
    await choose('kyc-upgrade-annualIncome', t('kycUpgrade.options.annualIncome.200k_500k'))
    await choose('kyc-upgrade-purpose', t('kycUpgrade.options.purpose.investment'))
    await typeAddress(values.address ?? '北京市朝阳区\n建国路  88 号 ')
  }
  const typeAddress = async (value: string) => {
    const area = m.q('kyc-upgrade-address') as HTMLTextAreaElement
    area.value = value
    area.dispatchEvent(new Event('input', { bubbles: true }))
    await m.settle()
  }
  const posts = () => m.requests().filter((r) => r.init.method === 'POST')
  return { ...m, choose, fill, typeAddress, posts }
}

describe('KycUpgradeCard', { timeout: 20_000 }, () => {
  it.each(['none', 'pending', 'in_review', 'rejected'] as const)('is not there, nor asked for, while the KYC view is %s', async (status) => {
    const m = await mount(kyc(status), { [UPGRADE]: [() => jsonResponse(never)] })
    expect(m.q('kyc-status-card')).not.toBeNull()
    expect(m.q('kyc-upgrade-card')).toBeNull()
    expect(m.fetchMock.calls(UPGRADE)).toBe(0)
    m.unmount()
  })

  it.each([
    ['en', 'Level 3 verification', 'Not applied', 'Apply for level 3', 'Level 3 (enhanced verification) raises your payment limits'],
    ['zh-CN', '三级认证', '未申请', '申请三级认证', '完成三级认证（增强认证）可进一步提升您的支付限额'],
  ] as const)('introduces level 3 to a verified customer who never applied (%s)', async (locale, title, status, apply, intro) => {
    i18n.global.locale.value = locale
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(never)] })
    const card = m.q('kyc-upgrade-card')!
    expect(card.querySelector('h2')?.textContent).toBe(title)
    expect(m.text('kyc-upgrade-status')).toBe(status)
    expect(m.text('kyc-upgrade-intro')).toContain(intro)
    expect(m.text('kyc-upgrade-apply')).toBe(apply)
    expect(m.q('kyc-upgrade-form')).toBeNull()
    // Below the status card.
    expect(m.q('kyc-status-card')!.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(m.urls()).toEqual(['/api/identity/kyc', '/api/identity/kyc/upgrade'])
    m.unmount()
  })

  it('says so when the customer may not apply, offering no button', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse({ ...never, eligible: false })] })
    expect(m.text('kyc-upgrade-not-eligible')).toBe(t('kycUpgrade.notEligible'))
    expect(m.q('kyc-upgrade-apply')).toBeNull()
    m.unmount()
  })

  it('opens an accessible form with the four choices, and closes it on Cancel', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(never)] })
    await m.click('kyc-upgrade-apply')
    const form = m.q('kyc-upgrade-form')!
    expect(form).not.toBeNull()
    expect(document.activeElement).toBe(form.querySelector('h3'))

    // Every label names its field; the required ones are marked, to the eye and to assistive technology.
    for (const field of ['occupation', 'employer', 'sourceOfFunds', 'annualIncome', 'purpose', 'address']) {
      const label = [...form.querySelectorAll('label')].find((l) => l.textContent?.trim() === t(`kycUpgrade.fields.${field}`))
      expect(label, field).toBeDefined()
      const control = document.getElementById(label!.getAttribute('for') ?? '')
      expect(control, field).not.toBeNull()
      expect(control!.getAttribute('aria-required'), field).toBe(field === 'employer' ? null : 'true')
      expect(label!.closest('.el-form-item')!.classList.contains('is-required'), field).toBe(field !== 'employer')
    }
    expect(m.q('kyc-upgrade-address')?.tagName).toBe('TEXTAREA')
    expect(form.querySelector('.el-input__count')?.textContent?.trim()).toBe('0 / 200')

    await m.click(m.q('kyc-upgrade-occupation')?.querySelector<HTMLElement>('.el-select__wrapper'))
    expect(selectOptions('kyc-upgrade-occupation').map((o) => o.textContent?.trim())).toEqual(
      UPGRADE_OCCUPATIONS.map((value) => t(`kycUpgrade.options.occupation.${value}`)),
    )
    for (const [testId, field, values] of [
      ['kyc-upgrade-sourceOfFunds', 'sourceOfFunds', UPGRADE_FUNDS_SOURCES],
      ['kyc-upgrade-annualIncome', 'annualIncome', UPGRADE_INCOME_BANDS],
      ['kyc-upgrade-purpose', 'purpose', UPGRADE_PURPOSES],
    ] as const) {
      await m.click(m.q(testId)?.querySelector<HTMLElement>('.el-select__wrapper'))
      expect(selectOptions(testId).map((o) => o.textContent?.trim())).toEqual(values.map((value) => t(`kycUpgrade.options.${field}.${value}`)))
    }

    await m.click('kyc-upgrade-cancel')
    expect(m.q('kyc-upgrade-form')).toBeNull()
    expect(m.q('kyc-upgrade-apply')).not.toBeNull()
    expect(m.posts()).toEqual([])
    m.unmount()
  })

  it('checks the form before sending: nothing is sent while a field is wrong', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(never)] })
    await m.click('kyc-upgrade-apply')
    await m.submit('kyc-upgrade-submit')
    expect(m.itemError('kyc-upgrade-occupation')).toBe('Choose your occupation')
    expect(m.itemError('kyc-upgrade-sourceOfFunds')).toBe('Choose the source of your funds')
    expect(m.itemError('kyc-upgrade-annualIncome')).toBe('Choose your annual income')
    expect(m.itemError('kyc-upgrade-purpose')).toBe('Choose what you will use the account for')
    expect(m.itemError('kyc-upgrade-employer')).toBe('')
    expect(m.itemError('kyc-upgrade-address')).toBe('Enter your residential address')
    // The messages are alerts tied to their fields, and the focus goes to the first one.
    const occupationInput = m.input('kyc-upgrade-occupation')
    expect(document.activeElement).toBe(occupationInput)
    expect(occupationInput.getAttribute('aria-invalid')).toBe('true')
    const errorOf = (input: Element) => document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)
    expect(errorOf(occupationInput)?.getAttribute('role')).toBe('alert')
    expect(errorOf(occupationInput)?.textContent).toBe('Choose your occupation')
    const address = m.q('kyc-upgrade-address')!
    expect(address.getAttribute('aria-invalid')).toBe('true')
    expect(errorOf(address)?.textContent).toBe('Enter your residential address')

    // An address of under 5 characters once its spaces are squeezed, an employer over 100.
    await m.fill({ address: '  朝阳  区 \n ', employer: 'x'.repeat(101) })
    await m.submit('kyc-upgrade-submit')
    expect(m.itemError('kyc-upgrade-occupation')).toBe('')
    expect(m.itemError('kyc-upgrade-address')).toBe('The address must be 5 to 200 characters')
    expect(m.itemError('kyc-upgrade-employer')).toBe('The employer may be at most 100 characters')
    expect(m.fetchMock.calls(APPLY)).toBe(0)

    // The messages follow a change of language.
    i18n.global.locale.value = 'zh-CN'
    await m.settle()
    expect(m.itemError('kyc-upgrade-address')).toBe('地址长度应为 5 到 200 个字符')
    m.unmount()
  })

  it('sends the answers, trimmed, and shows the application as under review', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), {
      [UPGRADE]: [jsonResponse(never)],
      [APPLY]: [jsonResponse(application('pending', { address: '北京市朝阳区****' }), 202)],
    })
    await m.click('kyc-upgrade-apply')
    await m.fill()
    await m.submit('kyc-upgrade-submit')
    const [post] = m.posts()
    expect(post!.url).toBe('/api/identity/kyc/upgrade')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(post!.init.body as string)).toEqual({
      occupation: 'professional',
      employer: '北京某某律师事务所',
      sourceOfFunds: 'salary',
      annualIncome: '200k_500k',
      purpose: 'investment',
      address: '北京市朝阳区 建国路 88 号',
    })
    expect(m.q('kyc-upgrade-form')).toBeNull()
    expect(m.text('kyc-upgrade-status')).toBe('Under review')
    expect(m.q('kyc-upgrade-pending')).not.toBeNull()
    expect(document.activeElement).toBe(m.q('kyc-upgrade-card')!.querySelector('h2'))
    m.unmount()
  })

  it('sends no employer when none is given', async () => {
    const m = await mount(kyc('verified'), {
      [UPGRADE]: [jsonResponse(never)],
      [APPLY]: [jsonResponse(application('pending', { employer: null }), 202)],
    })
    await m.click('kyc-upgrade-apply')
    await m.fill({ employer: '   ' })
    await m.submit('kyc-upgrade-submit')
    expect(JSON.parse(m.posts()[0]!.init.body as string).employer).toBeNull()
    m.unmount()
  })

  it('shows the server’s field errors on their fields until edited, and its other messages above the form', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), {
      [UPGRADE]: [jsonResponse(never)],
      [APPLY]: [
        problem(400, { title: 'One or more validation errors occurred.', errors: { address: ['The address may only contain plain text.'], body: ['Something about the body.'] } }),
      ],
    })
    await m.click('kyc-upgrade-apply')
    await m.fill()
    await m.submit('kyc-upgrade-submit')
    expect(m.itemError('kyc-upgrade-address')).toBe('The address may only contain plain text.')
    expect(m.q('kyc-upgrade-address')?.getAttribute('aria-invalid')).toBe('true')
    expect(m.text('kyc-upgrade-error')).toBe('Something about the body.')
    expect(m.q('kyc-upgrade-error')?.getAttribute('role')).toBe('alert')
    expect(document.activeElement).toBe(m.q('kyc-upgrade-address'))
    expect(m.q('kyc-upgrade-form')).not.toBeNull()
    await m.typeAddress('北京市朝阳区建国路 89 号')
    expect(m.itemError('kyc-upgrade-address')).toBe('')
    m.unmount()
  })

  it('shows a conflict (409) above the form, in the server’s words', async () => {
    i18n.global.locale.value = 'en'
    const detail = 'Your level 3 application is being reviewed; please wait for the result.'
    const m = await mount(kyc('verified'), {
      [UPGRADE]: [jsonResponse(never)],
      [APPLY]: [problem(409, { title: 'Not possible now', detail })],
    })
    await m.click('kyc-upgrade-apply')
    await m.fill()
    await m.submit('kyc-upgrade-submit')
    expect(m.text('kyc-upgrade-error')).toBe(detail)
    expect(m.itemError('kyc-upgrade-address')).toBe('')
    expect(m.q('kyc-upgrade-form')).not.toBeNull()
    expect(m.q('kyc-upgrade-submit')?.classList.contains('is-loading')).toBe(false)
    m.unmount()
  })

  it.each([
    ['en', 'Under review', 'Your application is under review by our risk team', 'Professional (e.g. doctor, lawyer)', 'Salary', '¥200,000 to ¥500,000', 'Investment'],
    ['zh-CN', '审核中', '您的申请正在由风控团队审核', '专业人士（如医生、律师）', '工资薪金', '20 万至 50 万元', '投资理财'],
  ] as const)('shows a pending application with what was submitted (%s)', async (locale, status, title, occupation, funds, income, purpose) => {
    i18n.global.locale.value = locale
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(application('pending'))] })
    expect(m.text('kyc-upgrade-status')).toBe(status)
    expect(m.text('kyc-upgrade-pending')).toContain(title)
    expect(m.text('kyc-upgrade-submitted')).toBe(formatDateTime(SUBMITTED_AT, locale))
    expect(m.text('kyc-upgrade-summary-occupation')).toBe(occupation)
    expect(m.text('kyc-upgrade-summary-employer')).toBe('北京某某律师事务所')
    expect(m.text('kyc-upgrade-summary-sourceOfFunds')).toBe(funds)
    expect(m.text('kyc-upgrade-summary-annualIncome')).toBe(income)
    expect(m.text('kyc-upgrade-summary-purpose')).toBe(purpose)
    expect(m.text('kyc-upgrade-summary-address')).toBe('北京市朝阳区****')
    expect(m.q('kyc-upgrade-apply')).toBeNull()
    expect(m.q('kyc-upgrade-not-eligible')).toBeNull()
    m.unmount()
  })

  it('shows an answer it has no label for as itself, and a missing employer as not given', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(application('pending', { occupation: 'astronaut', employer: null }))] })
    expect(m.text('kyc-upgrade-summary-occupation')).toBe('astronaut')
    expect(m.text('kyc-upgrade-summary-employer')).toBe('Not given')
    m.unmount()
  })

  it('says when a rejected applicant can apply again, and offers no form before then', async () => {
    i18n.global.locale.value = 'en'
    const reapplyAfter = inDays(20)
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(application('rejected', { reapplyAfter }))] })
    expect(m.text('kyc-upgrade-status')).toBe('Not approved')
    expect(m.text('kyc-upgrade-rejected')).toContain('Your application for level 3 was not approved')
    expect(m.text('kyc-upgrade-reapply-after')).toBe(`You can apply again from ${formatDateTime(reapplyAfter, 'en')}.`)
    expect(m.text('kyc-upgrade-summary-address')).toBe('北京市朝阳区****')
    expect(m.q('kyc-upgrade-apply')).toBeNull()
    m.unmount()
  })

  it.each([
    ['eligible again', { eligible: true, reapplyAfter: null }],
    ['whose waiting period has passed', { eligible: false, reapplyAfter: inDays(-1) }],
  ])('offers a rejected applicant %s to apply again', async (_, extra) => {
    i18n.global.locale.value = 'zh-CN'
    const m = await mount(kyc('verified'), { [UPGRADE]: [jsonResponse(application('rejected', extra))] })
    expect(m.text('kyc-upgrade-status')).toBe('未通过')
    expect(m.q('kyc-upgrade-reapply-after')).toBeNull()
    expect(m.text('kyc-upgrade-apply')).toBe('重新申请')
    await m.click('kyc-upgrade-apply')
    expect(m.q('kyc-upgrade-form')).not.toBeNull()
    m.unmount()
  })

  it('shows level 3 as verified, with the date of the decision', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified', 3), { [UPGRADE]: [jsonResponse(application('approved'))] })
    expect(m.text('kyc-level')).toBe('Level 3')
    expect(m.text('kyc-upgrade-status')).toBe('Approved')
    expect(m.text('kyc-upgrade-approved')).toContain('Level 3 verified')
    expect(m.text('kyc-upgrade-decided')).toBe(`Approved on ${formatDateTime(DECIDED_AT, 'en')}`)
    expect(m.q('kyc-upgrade-apply')).toBeNull()
    expect(m.q('kyc-upgrade-summary')).toBeNull()
    m.unmount()
  })

  it('shows level 3 as verified even when the application cannot be loaded, only without a date', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await mount(kyc('verified', 3), { [UPGRADE]: [problem(503)] })
    expect(m.text('kyc-upgrade-approved')).toContain('已完成三级认证')
    expect(m.q('kyc-upgrade-decided')).toBeNull()
    m.unmount()
  })

  it('shows a load error with a retry', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(kyc('verified'), { [UPGRADE]: [problem(503, { title: 'Identity down' }), jsonResponse(never)] })
    const card = m.q('kyc-upgrade-card')!
    expect(card.textContent).toContain('Identity down')
    expect(m.q('kyc-upgrade-apply')).toBeNull()
    await m.click(card.querySelector<HTMLElement>('.load-retry'))
    expect(m.fetchMock.calls(UPGRADE)).toBe(2)
    expect(m.q('kyc-upgrade-apply')).not.toBeNull()
    m.unmount()
  })

  it('polls while pending and, once approved, loads the KYC view again to show level 3', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    i18n.global.locale.value = 'en'
    const m = await mount([jsonResponse(kyc('verified')), jsonResponse(kyc('verified', 3))], {
      [UPGRADE]: [jsonResponse(application('pending')), jsonResponse(application('pending')), jsonResponse(application('approved'))],
    })
    expect(m.text('kyc-level')).toBe('Level 2')
    expect(m.text('kyc-upgrade-status')).toBe('Under review')
    vi.advanceTimersByTime(KYC_UPGRADE_POLL_MS - 1)
    await m.settle()
    expect(m.fetchMock.calls(UPGRADE)).toBe(1)
    vi.advanceTimersByTime(1)
    await m.settle()
    expect(m.fetchMock.calls(UPGRADE)).toBe(2)
    expect(m.fetchMock.calls(KYC)).toBe(1)
    vi.advanceTimersByTime(KYC_UPGRADE_POLL_MS)
    await m.settle()
    expect(m.fetchMock.calls(UPGRADE)).toBe(3)
    expect(m.fetchMock.calls(KYC)).toBe(2)
    expect(m.text('kyc-level')).toBe('Level 3')
    expect(m.text('kyc-hint')).toBe('Your identity is verified. Your account is at level 3.')
    expect(m.text('kyc-upgrade-approved')).toContain('Level 3 verified')
    expect(m.text('kyc-upgrade-decided')).toBe(`Approved on ${formatDateTime(DECIDED_AT, 'en')}`)
    // Decided: no more polling.
    vi.advanceTimersByTime(KYC_UPGRADE_POLL_MS * 3)
    await m.settle()
    expect(m.fetchMock.calls(UPGRADE)).toBe(3)
    expect(m.fetchMock.calls(KYC)).toBe(2)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('polls no more once an application is rejected', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const m = await mount(kyc('verified'), {
      [UPGRADE]: [jsonResponse(application('pending')), jsonResponse(application('rejected', { reapplyAfter: inDays(30) }))],
    })
    vi.advanceTimersByTime(KYC_UPGRADE_POLL_MS)
    await m.settle()
    expect(m.q('kyc-upgrade-rejected')).not.toBeNull()
    vi.advanceTimersByTime(KYC_UPGRADE_POLL_MS * 3)
    await m.settle()
    expect(m.fetchMock.calls(UPGRADE)).toBe(2)
    expect(m.fetchMock.calls(KYC)).toBe(1)
    m.unmount()
  })
})
