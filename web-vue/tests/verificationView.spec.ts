import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { i18n } from '@/i18n'
import VerificationView from '@/views/VerificationView.vue'
import { KYC_POLL_MS, type KycUpgradeView, type KycView } from '@/api/kyc'
import { flush, jsonResponse, mockFetch, requestOf } from './helpers'

const none: KycView = {
  status: 'none', level: 1, submittedAt: null, decidedAt: null, legalName: null, nationalId: null, dateOfBirth: null, nationality: null, phone: null,
}
const noUpgrade: KycUpgradeView = {
  status: 'none', applicationId: null, submittedAt: null, decidedAt: null, occupation: null, employer: null, sourceOfFunds: null,
  annualIncome: null, purpose: null, address: null, eligible: true, reapplyAfter: null,
}
const submitted = (status: KycView['status'], level = 1): KycView => ({
  status,
  level,
  submittedAt: '2026-11-26T06:00:00Z',
  decidedAt: status === 'verified' || status === 'rejected' ? '2026-11-26T06:01:00Z' : null,
  legalName: '张*三',
  nationalId: '110***********002X',
  dateOfBirth: '1949-12-31',
  nationality: 'CN',
  phone: '138****5678',
})

function mount() {
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp(VerificationView).use(createPinia()).use(i18n)
  app.mount(el)
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const input = (testId: string) => {
    const found = q(testId)
    return (found instanceof HTMLInputElement ? found : found?.querySelector('input')) as HTMLInputElement
  }
  const type = async (testId: string, value: string) => {
    const field = input(testId)
    field.value = value
    field.dispatchEvent(new Event('input', { bubbles: true }))
    field.dispatchEvent(new Event('change', { bubbles: true }))
    await flush()
  }
  const fill = async (values: { legalName?: string; nationalId?: string; dateOfBirth?: string; phone?: string } = {}) => {
    await type('kyc-legal-name', values.legalName ?? '张小三')
    await type('kyc-national-id-input', values.nationalId ?? '11010519491231002X')
    await type('kyc-date-of-birth', values.dateOfBirth ?? '1949-12-31')
    await type('kyc-phone', values.phone ?? '138 1234 5678')
  }
  const submit = async () => {
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await flush()
    // Element Plus shows a form item's error after a 100 ms debounce.
    await new Promise((r) => setTimeout(r, 150))
    await flush()
  }
  return { el, q, type, fill, submit, unmount: () => (app.unmount(), el.remove()) }
}

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  i18n.global.locale.value = 'zh-CN'
})

describe('VerificationView', () => {
  it('offers the form when never verified and submits the normalised details with the anti-forgery header', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(none), jsonResponse(submitted('pending'), 202))
    const { q, el, fill, submit, unmount } = mount()
    await flush()
    expect(q('kyc-status')?.textContent).toBe('Not verified')
    expect(el.querySelector('label[for]')).not.toBeNull()

    await fill({ nationalId: '11010519491231002x' })
    await submit()

    const post = requestOf(fetchMock, 1)
    expect(post.url).toBe('/api/identity/kyc')
    expect(post.init.method).toBe('POST')
    expect(post.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(post.init.body as string)).toEqual({
      legalName: '张小三', nationalId: '11010519491231002X', dateOfBirth: '1949-12-31', nationality: 'CN', phone: '13812345678',
    })
    expect(q('kyc-status')?.textContent).toBe('Pending')
    expect(q('kyc-form-card')).toBeNull()
    expect(q('kyc-national-id')?.textContent).toBe('110***********002X')
    unmount()
  })

  it('catches a mistyped CN id before sending anything', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(none))
    const { el, fill, submit, unmount } = mount()
    await flush()
    await fill({ nationalId: '110105194912310021' })
    await submit()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(el.textContent).toContain(i18n.global.t('kyc.errors.nationalId.prcCheckDigit'))
    unmount()
  })

  it('catches an id whose birth date differs from the date of birth', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(none))
    const { el, fill, submit, unmount } = mount()
    await flush()
    await fill({ dateOfBirth: '1949-12-30' })
    await submit()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(el.textContent).toContain(i18n.global.t('kyc.errors.nationalId.prcBirthDate'))
    unmount()
  })

  it('shows the server field errors next to their fields and a conflict above the form', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse(none),
      jsonResponse({ title: 'One or more validation errors occurred.', status: 400, errors: { phone: ['Server says no phone'] } }, 400),
      jsonResponse({ title: 'KYC submission not possible now', status: 409, detail: 'Already in review' }, 409),
    )
    const { el, q, fill, submit, unmount } = mount()
    await flush()
    await fill()
    await submit()
    const phoneItem = q('kyc-phone')!.closest('.el-form-item')!
    expect(phoneItem.querySelector('.el-form-item__error')?.textContent).toContain('Server says no phone')
    await submit()
    expect(q('kyc-form-error')?.textContent).toContain('Already in review')
    expect(el.textContent).not.toContain('Server says no phone')
    unmount()
  })

  it.each([
    ['en', 'Verification failed'],
    ['zh-CN', '认证失败'],
  ] as const)('says the verification failed (%s) and lets the customer submit again', async (locale, text) => {
    i18n.global.locale.value = locale
    mockFetch(jsonResponse(submitted('rejected')))
    const { q, unmount } = mount()
    await flush()
    expect(q('kyc-status')?.textContent).toBe(text)
    expect(q('kyc-form-card')).toBeNull()
    q('kyc-resubmit')!.click()
    await flush()
    expect(q('kyc-form-card')).not.toBeNull()
    q('kyc-cancel')!.click()
    await flush()
    expect(q('kyc-form-card')).toBeNull()
    unmount()
  })

  it('shows verified at level 2 with masked details and no form', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse(submitted('verified', 2)), jsonResponse(noUpgrade))
    const { q, el, unmount } = mount()
    await flush()
    expect(q('kyc-status')?.textContent).toBe('Verified')
    expect(q('kyc-level')?.textContent?.trim()).toBe('Level 2')
    expect(el.textContent).toContain('张*三')
    expect(el.textContent).toContain('138****5678')
    expect(q('kyc-form-card')).toBeNull()
    expect(q('kyc-resubmit')).toBeNull()
    // Verified customers may apply for level 3 (tests/kycUpgrade.spec.ts).
    expect(q('kyc-upgrade-apply')).not.toBeNull()
    unmount()
  })

  it('polls while pending or in review and stops once decided', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse(submitted('pending')),
      jsonResponse(submitted('in_review')),
      jsonResponse(submitted('verified', 2)),
      jsonResponse(noUpgrade),
    )
    const { q, unmount } = mount()
    await flush()
    expect(q('kyc-status')?.textContent).toBe('Pending')
    vi.advanceTimersByTime(KYC_POLL_MS)
    await flush()
    expect(q('kyc-status')?.textContent).toBe('In review')
    vi.advanceTimersByTime(KYC_POLL_MS)
    await flush()
    expect(q('kyc-status')?.textContent).toBe('Verified')
    vi.advanceTimersByTime(KYC_POLL_MS * 3)
    await flush()
    // Once verified, the KYC view is asked no more; only the level 3 card asks once for its own view.
    expect(fetchMock.mock.calls.map((_, i) => requestOf(fetchMock, i).url)).toEqual([
      '/api/identity/kyc', '/api/identity/kyc', '/api/identity/kyc', '/api/identity/kyc/upgrade',
    ])
    unmount()
  })

  it('shows a load error with a retry', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse({ title: 'Identity down' }, 503), jsonResponse(none))
    const { el, q, unmount } = mount()
    await flush()
    expect(el.textContent).toContain('Identity down')
    el.querySelector<HTMLButtonElement>('.load-retry')!.click()
    await flush()
    expect(q('kyc-form-card')).not.toBeNull()
    unmount()
  })
})
